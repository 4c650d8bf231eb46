"""Forms refuse posts without a valid CSRF token."""

import pytest
import sqlalchemy as sa

from accounts.models import User
from accounts.services import issue_api_token
from app import create_app
from core.db import utcnow
from core.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import TEST_PASSWORD, make_user
from tests.fairs.conftest import as_text, fair_fields


@pytest.fixture
def csrf_app(tmp_path):
    """An app with CSRF protection on, as in production."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db",
                              "SECRET_KEY": "k", "WTF_CSRF_ENABLED": True})
    with application.app_context():
        db.create_all()
        make_user(db.session, role="organizer", email="org@example.vn")
        db.session.commit()
        yield application
        db.session.remove()


def test_login_without_csrf_token_is_refused(csrf_app):
    """A cross-site form post cannot log anyone in."""
    response = csrf_app.test_client().post("/login", data={"email": "org@example.vn", "password": TEST_PASSWORD})
    assert response.status_code == 400


def test_login_with_the_pages_csrf_token_works(csrf_app):
    """The token from the login page lets the real form through."""
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "org@example.vn", "password": TEST_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_api_needs_no_csrf_token_with_a_bearer_token(csrf_app):
    """With CSRF on, a bearer token alone creates a fair: the API is exempt because it never reads cookies."""
    with csrf_app.app_context():
        organizer = db.session.scalar(sa.select(User).where(User.email == "org@example.vn"))
        raw = issue_api_token(db.session, organizer, "ci", now=utcnow())
        db.session.commit()
    client = csrf_app.test_client()
    response = client.post("/api/v1/fairs", json=as_text(fair_fields(code="CSRF-API")),
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["code"] == "CSRF-API"


def test_the_api_does_not_accept_a_logged_in_browser_session(csrf_app):
    """The session cookie a cross-site page could ride on is no credential for the API (so no CSRF gap)."""
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "org@example.vn", "password": TEST_PASSWORD,
                                       "csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 200
    response = client.post("/api/v1/fairs", json=as_text(fair_fields(code="CSRF-COOKIE")))
    assert response.status_code == 401
