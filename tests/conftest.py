"""Shared fixtures: one app per test session, a clean database for every test.

The database is SQLite in a temporary folder, or PostgreSQL when
TEST_DATABASE_URL names one (CI runs the suite on both).
"""

import os
import re

import pytest
import sqlalchemy as sa
from flask import g

from accounts.services import issue_api_token
from app import create_app
from core.db import utcnow
from core.extensions import db
from tests import factories

TEST_PASSWORD = factories.TEST_PASSWORD


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def _forget_previous_request():
    g.__dict__.clear()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application under test, with CSRF off (tests/core/test_csrf.py turns it on)."""
    application = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_path_factory),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-key",
        "MAIL_SERVER": "",
        "REDIS_URL": "",  # jobs run in the test process (tests/cluster starts its own Redis and workers)
        "DATA_KEY_FILE": str(tmp_path_factory.mktemp("keys") / "data.key"),
    })
    # Tests share one app context with the requests they make (so they share the
    # session); a real server gives every request a fresh `g`, so do the same here.
    application.before_request_funcs.setdefault(None, []).insert(0, _forget_previous_request)
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_database(request):
    """Empty every table after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app_ctx(app):
    """An application context for the test's duration."""
    with app.app_context():
        yield app


@pytest.fixture
def session(app_ctx):
    """The SQLAlchemy session shared by the test and the requests it makes."""
    return db.session


@pytest.fixture
def client(app_ctx):
    """A test client; requests share the test's app context and session."""
    return app_ctx.test_client()


@pytest.fixture
def make_user(session):
    """Factory: `make_user(role="organizer", **fields)` → a flushed user."""
    return lambda **over: factories.make_user(session, **over)


@pytest.fixture
def make_fair(session):
    """Factory: `make_fair(**fields)` → a flushed fair."""
    return lambda **over: factories.make_fair(session, **over)


@pytest.fixture
def make_hall(session):
    """Factory: `make_hall(fair=…, **fields)` → a flushed hall."""
    return lambda **over: factories.make_hall(session, **over)


@pytest.fixture
def make_zone(session):
    """Factory: `make_zone(fair=…, **fields)` → a flushed zone."""
    return lambda **over: factories.make_zone(session, **over)


@pytest.fixture
def make_booth(session):
    """Factory: `make_booth(hall=…, zone=…, **fields)` → a flushed booth."""
    return lambda **over: factories.make_booth(session, **over)


@pytest.fixture
def make_enterprise(session):
    """Factory: `make_enterprise(owner=user, **fields)` → a flushed enterprise."""
    return lambda **over: factories.make_enterprise(session, **over)


@pytest.fixture
def make_application(session):
    """Factory: `make_application(fair=…, enterprise=…, **fields)` → a flushed submitted application."""
    return lambda **over: factories.make_application(session, **over)


@pytest.fixture
def api_token(session, make_user):
    """`api_token("organizer")` → the raw bearer token of a new user with that role (committed);
    `gate_fairs=[fair]` assigns a gate staff user to those fairs."""

    def _api_token(role: str, gate_fairs=()) -> str:
        user = factories.assign_gate_staff(session, make_user(role=role), *gate_fairs)
        raw = issue_api_token(session, user, "t", now=utcnow())
        session.commit()
        return raw

    return _api_token


@pytest.fixture
def api(client, api_token):
    """`api("organizer")` → a caller whose requests carry that role's bearer token (`api()`: none);
    `api("staff", gate_fairs=[fair])`: gate staff assigned to those fairs."""

    class Caller:
        def __init__(self, token: str | None):
            self.headers = {"Authorization": f"Bearer {token}"} if token else {}

        def get(self, path, **query):
            return client.get(path, query_string=query, headers=self.headers)

        def post(self, path, body):
            return client.post(path, json=body, headers=self.headers)

        def patch(self, path, body):
            return client.patch(path, json=body, headers=self.headers)

        def post_csv(self, path, text: str | bytes):
            return client.post(path, data=text, content_type="text/csv", headers=self.headers)

    return lambda role=None, gate_fairs=(): Caller(api_token(role, gate_fairs) if role else None)


def login(client, user, password: str = TEST_PASSWORD):
    """Log `user` in through the login form; return the response."""
    return client.post("/login", data={"email": user.email, "password": password})


@pytest.fixture
def login_as(client, make_user, session):
    """`login_as("organizer")` creates a user with that role, commits and logs in; returns the user.
    `gate_fairs=[fair]` assigns a gate staff user to those fairs."""

    def _login_as(role: str, gate_fairs=(), **over):
        user = factories.assign_gate_staff(session, make_user(role=role, **over), *gate_fairs)
        session.commit()
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _login_as


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form in `html`."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def table_count(session, model) -> int:
    """How many rows `model` has."""
    return session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def small_import_threshold(app, monkeypatch):
    """Tables of more than 5 rows are imported by a job, so the job tests stay small (`usefixtures` it)."""
    monkeypatch.setitem(app.config, "IMPORT_BACKGROUND_ROWS", 5)
