"""Behind TLS: HSTS and the `__Host-` session cookie; everywhere: nothing but static assets is cached."""

import re

import pytest
import sqlalchemy as sa

from app import create_app
from core.extensions import db
from core.mail import OutboxMessage
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def tls_app(tmp_path):
    """The app as configured behind a TLS proxy (SESSION_COOKIE_SECURE)."""
    application = create_app({"TESTING": True, "SESSION_COOKIE_SECURE": True, "SECRET_KEY": "k" * 32,
                              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/tls.sqlite3"})
    yield application
    with application.app_context():
        db.engine.dispose()


def test_behind_tls_hsts_is_sent_and_the_session_cookie_is_host_only(tls_app):
    """The login page answers with HSTS, and its session cookie is `__Host-session`, Secure, Path=/."""
    response = tls_app.test_client().get("/login", base_url="https://hoicho.example.vn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if "session=" in value)
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_without_tls_there_is_no_hsts(client):
    """Development over plain HTTP: no HSTS (it would lock browsers out of localhost)."""
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_pages_with_personal_data_are_never_cached(client, login_as):
    """The account page and the enterprise profile say no-store; so does a page anyone may read."""
    login_as("exhibitor")
    for path in ("/account", "/enterprise", "/"):
        assert "no-store" in client.get(path).headers["Cache-Control"], path


def test_downloads_are_never_cached(client, login_as, make_fair, session):
    """An export (here the enterprise list's page and a CSV download of the attendance) is no-store."""
    login_as("organizer")
    fair = make_fair()
    session.commit()
    response = client.get(f"/fairs/{fair.id}/attendance.csv")
    assert response.status_code == 200 and "attachment" in response.headers.get("Content-Disposition", "")
    assert "no-store" in response.headers["Cache-Control"]


def test_static_assets_stay_cacheable(client):
    """The stylesheet is public: no no-store on it."""
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_invitation_links_use_the_public_base_url_not_the_host_header(client, session, make_user, make_enterprise,
                                                                       app, monkeypatch):
    """A forged Host header does not end up in the e-mailed link."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://hoicho.example.vn")
    owner = make_user(role="exhibitor")
    make_enterprise(owner=owner)
    session.commit()
    forged = {"Host": "evil.example.com"}
    client.post("/login", data={"email": owner.email, "password": TEST_PASSWORD}, headers=forged)
    client.post("/enterprise/invite", data={"invite-email": "colleague@example.vn"}, headers=forged)
    body = session.scalar(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == "colleague@example.vn"))
    assert re.search(r"https://hoicho\.example\.vn/invitations/\S+", body) and "evil" not in body
