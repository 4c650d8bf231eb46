"""The committed Alembic revisions build exactly the schema the models describe."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from app import create_app
from core.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database of the kind the suite runs on (SQLite or PostgreSQL)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    url = make_url(base)
    name = f"migcheck_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _differences(application):
    with application.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def test_upgrade_builds_the_models_schema(empty_database_url):
    """After `db upgrade`, autogenerate finds no difference with the models."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with application.app_context():
        upgrade()
    try:
        assert _differences(application) == []
    finally:
        with application.app_context():
            db.engine.dispose()


def test_downgrade_then_upgrade_round_trips(empty_database_url):
    """Every revision can be undone and redone."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with application.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        assert "fair" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
