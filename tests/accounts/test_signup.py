"""Exhibitor sign-up and e-mail confirmation."""

from datetime import timedelta

import pytest

from accounts.models import User
from accounts.services import confirm_email, find_user_by_email, sign_up_exhibitor
from core.errors import DomainError
from tests.accounts.helpers import NOW, SECRET, field_errors, flashes, link_token, outbox_for
from tests.conftest import table_count

MAX_AGE = 48 * 3600
FORM = {"display_name": "Lê Thị Lan", "email": "lan@gombattrang.vn",
        "password": "gom-su-2026", "confirm": "gom-su-2026"}


def _sign_up(client, **over):
    return client.post("/signup", data={**FORM, **over})


def _confirmation_token(session, email: str = FORM["email"]) -> str:
    (message,) = outbox_for(session, email)
    return link_token(message.body, "/confirm/")


def _sign_up_by_service(session, now=NOW):
    sign_up_exhibitor(session, FORM["email"], FORM["password"], FORM["display_name"], now=now,
                      secret=SECRET, confirm_url=lambda token: f"http://localhost/confirm/{token}",
                      login_url="http://localhost/login")
    return _confirmation_token(session)


def test_signup_creates_an_unconfirmed_exhibitor(client, session):
    """Signing up makes an exhibitor account that is not yet confirmed."""
    response = _sign_up(client)

    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)
    user = find_user_by_email(session, FORM["email"])
    assert (user.role, user.display_name, user.active, user.email_confirmed_at) == (
        "exhibitor", "Lê Thị Lan", True, None)


def test_signup_queues_a_mail_with_a_confirmation_link(client, session):
    """The new exhibitor gets one mail holding a /confirm/<token> link."""
    _sign_up(client)

    messages = outbox_for(session, FORM["email"])
    assert len(messages) == 1
    assert "http://localhost/confirm/" in messages[0].body
    assert link_token(messages[0].body, "/confirm/")


def test_signup_does_not_store_the_password_in_clear(client, session):
    """Only a hash of the chosen password is stored."""
    _sign_up(client)
    user = find_user_by_email(session, FORM["email"])
    assert FORM["password"] not in user.password_hash
    assert user.check_password(FORM["password"])


def test_opening_the_confirmation_link_confirms_the_account(client, session):
    """GET /confirm/<token> marks the e-mail confirmed and sends the user to the login page."""
    _sign_up(client)
    token = _confirmation_token(session)

    response = client.get(f"/confirm/{token}")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert find_user_by_email(session, FORM["email"]).email_confirmed_at is not None


def test_confirmed_exhibitor_can_log_in(client, session):
    """Once the link is opened, the new password logs in."""
    _sign_up(client)
    client.get(f"/confirm/{_confirmation_token(session)}")

    response = client.post("/login", data={"email": FORM["email"], "password": FORM["password"]})

    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_tampered_confirmation_link_is_refused(client, session):
    """A link whose signature was altered confirms nothing and says why."""
    _sign_up(client)
    token = _confirmation_token(session)
    tampered = token[:-5] + ("AAAAA" if not token.endswith("AAAAA") else "BBBBB")

    response = client.get(f"/confirm/{tampered}", follow_redirects=True)

    assert "This confirmation link is invalid or has expired." in flashes(response.get_data(as_text=True))
    assert find_user_by_email(session, FORM["email"]).email_confirmed_at is None


def test_confirmation_link_for_another_address_is_refused(session):
    """A valid link stops working if the account's e-mail has changed since it was sent."""
    token = _sign_up_by_service(session)
    find_user_by_email(session, FORM["email"]).email = "changed@example.vn"
    with pytest.raises(DomainError):
        confirm_email(session, token, now=NOW, secret=SECRET, max_age=MAX_AGE)


def test_confirmation_link_works_until_max_age(session):
    """A link opened just before max_age confirms the account."""
    token = _sign_up_by_service(session)
    user = confirm_email(session, token, now=NOW + timedelta(seconds=MAX_AGE - 1), secret=SECRET,
                         max_age=MAX_AGE)
    assert user.email_confirmed_at == NOW + timedelta(seconds=MAX_AGE - 1)


def test_expired_confirmation_link_is_refused(session):
    """A link opened after max_age leaves the account unconfirmed."""
    token = _sign_up_by_service(session)
    with pytest.raises(DomainError, match="invalid or has expired"):
        confirm_email(session, token, now=NOW + timedelta(seconds=MAX_AGE + 1), secret=SECRET,
                      max_age=MAX_AGE)
    assert find_user_by_email(session, FORM["email"]).email_confirmed_at is None


def test_sign_up_answers_the_same_whether_the_address_has_an_account(client, new_client, make_user, session):
    """A taken address (any case) gets the same page as a new one; the e-mail tells its owner to log in."""
    make_user(email=FORM["email"])
    session.commit()

    taken = _sign_up(client, email=FORM["email"].upper())
    fresh = new_client().post("/signup", data={**FORM, "email": "new@gombattrang.vn"})

    assert taken.status_code == fresh.status_code == 200
    assert taken.get_data(as_text=True).replace(FORM["email"].upper(), "X") == \
        fresh.get_data(as_text=True).replace("new@gombattrang.vn", "X")
    assert table_count(session, User) == 2
    (message,) = outbox_for(session, FORM["email"])
    assert "already has one" in message.body and "/login" in message.body and "/confirm/" not in message.body


def test_a_common_password_is_refused(client, session):
    """Eight characters are enough for an exhibitor, but not a password on the shipped common list."""
    response = _sign_up(client, password="Password1", confirm="Password1")

    assert field_errors(response.get_data(as_text=True), "password") == [
        "This password is among the most common ones: choose another."]
    assert table_count(session, User) == 0


def test_short_password_is_shown_next_to_the_password_field(client, session):
    """A password under 8 characters is refused at the password field and no account is made."""
    response = _sign_up(client, password="short", confirm="short")

    assert response.status_code == 200
    assert len(field_errors(response.get_data(as_text=True), "password")) == 1
    assert table_count(session, User) == 0
    assert outbox_for(session, FORM["email"]) == []


def test_short_password_is_refused_by_the_service_too(session):
    """The 8-character rule holds even without the form."""
    with pytest.raises(DomainError, match="at least 8 characters"):
        sign_up_exhibitor(session, FORM["email"], "short", "Lan", now=NOW, secret=SECRET,
                          confirm_url=lambda token: token, login_url="/login")


def test_mismatched_password_repetition_is_refused(client, session):
    """Two different passwords are refused at the repetition field."""
    response = _sign_up(client, confirm="gom-su-2027")
    assert field_errors(response.get_data(as_text=True), "confirm") == ["The passwords differ."]
    assert table_count(session, User) == 0
