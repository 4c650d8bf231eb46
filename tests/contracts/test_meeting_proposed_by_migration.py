"""Migration 0016: a waiting proposal marked the old way (decided_by_id set, decided_at empty) gets its
proposer in proposed_by_id, and the downgrade puts the old marking back."""

import logging

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from core.extensions import db

BEFORE = "8a4e3c1f7d20"  # 0015, the revision before meetings had proposed_by_id


@pytest.fixture(autouse=True)
def _loggers_kept():
    """Alembic's env.py runs logging.config.fileConfig, which disables every logger already made (core.mail…):
    later tests that read the log would see nothing. Put them back as they were."""
    loggers = [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    disabled = {logger: logger.disabled for logger in loggers}
    level, handlers = logging.root.level, list(logging.root.handlers)
    yield
    for logger, was in disabled.items():
        logger.disabled = was
    logging.root.setLevel(level)
    logging.root.handlers[:] = handlers


def _insert_meeting(connection, meeting_id, *, status, decided_by, decided_at):
    connection.execute(sa.text(
        "INSERT INTO meeting (id, fair_id, buyer_visitor_id, enterprise_id, day, start_minute, minutes, place, "
        "status, requested_at, decided_at, decided_by_id) VALUES (:id, 1, :id, 1, '2027-03-01', 600, 30, 'booth', "
        ":status, '2027-02-01 08:00:00', :decided_at, :decided_by)"),
        {"id": meeting_id, "status": status, "decided_by": decided_by, "decided_at": decided_at})


def test_the_proposals_waiting_move_to_proposed_by_and_back(tmp_path):
    """Upgrade: the waiting proposal names its proposer and is no longer 'decided'; a request the exhibitor
    accepted keeps its decider. Downgrade: the old marking is back."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite3", "TESTING": True})
    with application.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(sa.text("PRAGMA foreign_keys=OFF"))  # only the meeting rows matter here
            _insert_meeting(connection, 1, status="requested", decided_by=7, decided_at=None)
            _insert_meeting(connection, 2, status="accepted", decided_by=8, decided_at="2027-02-02 08:00:00")
            _insert_meeting(connection, 3, status="requested", decided_by=None, decided_at=None)
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT id, proposed_by_id, decided_by_id FROM meeting ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [(1, 7, None), (2, None, 8), (3, None, None)]
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT id, decided_by_id FROM meeting ORDER BY id")).all()
            columns = {column["name"] for column in sa.inspect(connection).get_columns("meeting")}
        assert [tuple(row) for row in rows] == [(1, 7), (2, 8), (3, None)]
        assert "proposed_by_id" not in columns
        db.engine.dispose()
