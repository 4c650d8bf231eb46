"""Forms refuse posts without a valid CSRF token."""

import pytest

from app import create_app
from core.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import TEST_PASSWORD, make_user


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
    """The API is exempt from CSRF because it accepts bearer tokens only, never cookies."""
    client = csrf_app.test_client()
    response = client.post("/api/v1/fairs", json={})
    assert response.status_code == 401  # not 400: CSRF did not intercept; auth did
