"""Logging in and out through the pages, and what the login form refuses."""

import sqlalchemy as sa

from accounts.models import LoginAttempt
from accounts.services import reset_password
from accounts.tokens import password_fingerprint, sign_link
from core.db import utcnow
from tests.accounts.helpers import field_errors
from tests.conftest import TEST_PASSWORD, login


def test_login_redirects_and_opens_the_account_page(client, make_user, session):
    """After a good login the browser is sent on and /account opens."""
    user = make_user()
    session.commit()
    assert client.get("/account").status_code == 302  # not logged in yet

    response = login(client, user)

    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_login_starts_a_fresh_session(client, make_user, session):
    """Nothing put in the session before login survives it (no session fixation)."""
    user = make_user()
    session.commit()
    with client.session_transaction() as before:
        before["planted"] = "by-an-attacker"

    login(client, user)

    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("_user_id") == str(user.id) and after.get("sid")


def test_login_follows_a_local_next_address(client, make_user, session):
    """`?next=/account` brings the user back to the page that asked for the login."""
    user = make_user()
    session.commit()
    response = client.post("/login?next=/account", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/account"


def test_login_ignores_a_next_address_on_another_site(client, make_user, session):
    """`?next=//evil.example` is not followed: no open redirect."""
    user = make_user()
    session.commit()
    response = client.post("/login?next=//evil.example/x",
                           data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_wrong_password_is_refused_with_a_message(client, make_user, session):
    """A wrong password answers 401 and says so next to the password field."""
    user = make_user()
    session.commit()

    response = login(client, user, password="not-the-password")

    assert response.status_code == 401
    assert field_errors(response.get_data(as_text=True), "password") == ["Wrong e-mail or password."]
    assert client.get("/account").status_code == 302


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    """An unknown address is refused with the same words: no account enumeration."""
    response = client.post("/login", data={"email": "nobody@example.vn", "password": TEST_PASSWORD})
    assert response.status_code == 401
    assert field_errors(response.get_data(as_text=True), "password") == ["Wrong e-mail or password."]


def test_deactivated_account_cannot_log_in(client, make_user, session):
    """A deactivated account is refused, with the reason, even with the right password."""
    user = make_user(active=False)
    session.commit()

    response = login(client, user)

    assert response.status_code == 401
    assert field_errors(response.get_data(as_text=True), "password") == [
        "This account has been deactivated. Please contact the organizer."]
    assert client.get("/account").status_code == 302


def test_unconfirmed_account_cannot_log_in(client, make_user, session):
    """An account whose e-mail is not confirmed is refused and told to open the link."""
    user = make_user(confirmed=False)
    session.commit()

    response = login(client, user)

    assert response.status_code == 401
    assert field_errors(response.get_data(as_text=True), "password") == [
        "Please confirm your e-mail address first: open the link we sent you."]
    assert client.get("/account").status_code == 302


def test_logout_ends_the_session(client, login_as):
    """After POST /logout the account page asks for a login again."""
    login_as("exhibitor")
    assert client.get("/account").status_code == 200

    response = client.post("/logout")

    assert response.status_code == 302
    account = client.get("/account")
    assert account.status_code == 302
    assert account.headers["Location"].startswith("/login")


def test_logout_is_not_possible_with_get(client, login_as):
    """GET /logout does not log out (a link or image cannot end the session)."""
    login_as("exhibitor")
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def test_every_login_attempt_is_recorded(client, make_user, session):
    """A failed and a successful login each leave a LoginAttempt with e-mail, address and outcome."""
    user = make_user()
    session.commit()

    login(client, user, password="not-the-password")
    login(client, user)

    attempts = session.scalars(sa.select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(a.email, a.address, a.succeeded) for a in attempts] == [
        (user.email, "127.0.0.1", False),
        (user.email, "127.0.0.1", True),
    ]


def test_session_survives_a_change_of_address(client, make_user, session):
    """A phone moving from Wi-Fi to 4G keeps its session (basic, not strong, session protection)."""
    user = make_user()
    session.commit()
    login(client, user)
    assert client.get("/account").status_code == 200

    response = client.get("/account", environ_base={"REMOTE_ADDR": "203.0.113.99"})

    assert response.status_code == 200


def test_changing_the_password_ends_other_sessions(client, make_user, session, app):
    """A session stolen before a password reset stops working after it."""
    user = make_user()
    session.commit()
    login(client, user)
    assert client.get("/account").status_code == 200
    token = sign_link(app.config["SECRET_KEY"], "reset-password",
                      {"uid": user.id, "pw": password_fingerprint(user.password_hash)}, now=utcnow())
    reset_password(session, token, "a-brand-new-password", now=utcnow(), secret=app.config["SECRET_KEY"],
                   max_age=3600)
    session.commit()
    assert client.get("/account").status_code == 302


def test_a_deactivated_users_session_is_refused_even_while_its_record_lives(client, make_user, session):
    """The active flag itself is checked on every request, not only through the revoked session records."""
    user = make_user()
    session.commit()
    login(client, user)
    user.active = False  # set directly: no session is revoked, so only the active check can refuse it
    session.commit()
    assert client.get("/account").status_code == 302
