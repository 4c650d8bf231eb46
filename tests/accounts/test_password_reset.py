"""Forgotten passwords: a one-time, expiring link sent by e-mail."""

from datetime import timedelta

import pytest

from accounts.services import request_password_reset, reset_password
from core.errors import DomainError
from core.mail import OutboxMessage
from tests.accounts.helpers import NOW, SECRET, field_errors, flashes, link_token, outbox_for
from tests.conftest import login, table_count

MAX_AGE = 48 * 3600
SENT = "If an account exists for this address, we have sent it a link."
NEW_PASSWORD = "a-brand-new-pass"


def _reset_token(session, email: str) -> str:
    messages = outbox_for(session, email)
    assert len(messages) == 1
    return link_token(messages[0].body, "/password/reset/")


def _choose(client, token: str, password: str = NEW_PASSWORD):
    return client.post(f"/password/reset/{token}", data={"password": password, "confirm": password})


def test_forgot_password_mails_a_reset_link_to_a_known_address(client, make_user, session):
    """A known e-mail gets one mail with a /password/reset/<token> link."""
    user = make_user()
    session.commit()

    client.post("/password/forgot", data={"email": user.email})

    assert "http://localhost/password/reset/" in outbox_for(session, user.email)[0].body
    assert _reset_token(session, user.email)


def test_forgot_password_for_an_unknown_address_mails_nothing(client, session):
    """An unknown e-mail queues no message but shows the usual confirmation."""
    response = client.post("/password/forgot", data={"email": "nobody@example.vn"}, follow_redirects=True)

    assert table_count(session, OutboxMessage) == 0
    assert SENT in flashes(response.get_data(as_text=True))


def test_forgot_password_answers_alike_for_known_and_unknown_addresses(client, new_client, make_user,
                                                                       session):
    """Known and unknown e-mails get the same redirect and message: no account enumeration."""
    user = make_user()
    session.commit()
    answers = []
    for browser, email in ((client, user.email), (new_client(), "nobody@example.vn")):
        response = browser.post("/password/forgot", data={"email": email})
        page = browser.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"], flashes(page)))

    assert answers[0] == answers[1] == (302, "/login", [SENT])


def test_reset_link_sets_a_password_that_logs_in(client, make_user, session):
    """Choosing a new password through the link lets the user log in with it."""
    user = make_user()
    session.commit()
    client.post("/password/forgot", data={"email": user.email})

    response = _choose(client, _reset_token(session, user.email))

    assert response.status_code == 302
    assert login(client, user, password=NEW_PASSWORD).status_code == 302
    assert client.get("/account").status_code == 200


def test_old_password_stops_working_after_a_reset(client, make_user, session):
    """After a reset the previous password is refused."""
    user = make_user()
    session.commit()
    client.post("/password/forgot", data={"email": user.email})
    _choose(client, _reset_token(session, user.email))

    assert login(client, user).status_code == 401


def test_reset_link_works_only_once(client, make_user, session):
    """A second use of the same link is refused and leaves the first new password in place."""
    user = make_user()
    session.commit()
    client.post("/password/forgot", data={"email": user.email})
    token = _reset_token(session, user.email)
    assert _choose(client, token).status_code == 302

    second = _choose(client, token, password="attacker-password")

    assert second.status_code == 200
    assert "This reset link is invalid, already used or expired." in flashes(second.get_data(as_text=True))
    session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password("attacker-password")


def test_tampered_reset_link_is_refused(client, make_user, session):
    """A reset link with an altered signature changes nothing."""
    user = make_user()
    session.commit()
    client.post("/password/forgot", data={"email": user.email})
    token = _reset_token(session, user.email)
    tampered = token[:-5] + ("AAAAA" if not token.endswith("AAAAA") else "BBBBB")

    response = _choose(client, tampered)

    assert "This reset link is invalid, already used or expired." in flashes(response.get_data(as_text=True))
    session.refresh(user)
    assert not user.check_password(NEW_PASSWORD)


def test_reset_link_refuses_a_short_password(client, make_user, session):
    """The new password must have 8 characters; the link stays usable."""
    user = make_user()
    session.commit()
    client.post("/password/forgot", data={"email": user.email})
    token = _reset_token(session, user.email)

    response = _choose(client, token, password="short")

    assert response.status_code == 200
    assert len(field_errors(response.get_data(as_text=True), "password")) == 1
    assert _choose(client, token).status_code == 302


def _service_token(session, user, now=NOW) -> str:
    request_password_reset(session, user.email, now=now, secret=SECRET,
                           reset_url=lambda token: f"http://localhost/password/reset/{token}")
    return _reset_token(session, user.email)


def test_reset_link_works_until_max_age(session, make_user):
    """A link used just before max_age sets the password."""
    user = make_user()
    token = _service_token(session, user)
    reset_password(session, token, NEW_PASSWORD, now=NOW + timedelta(seconds=MAX_AGE - 1), secret=SECRET,
                   max_age=MAX_AGE)
    assert user.check_password(NEW_PASSWORD)


def test_expired_reset_link_is_refused(session, make_user):
    """A link used after max_age is refused and the password stays as it was."""
    user = make_user()
    token = _service_token(session, user)
    with pytest.raises(DomainError, match="invalid, already used or expired"):
        reset_password(session, token, NEW_PASSWORD, now=NOW + timedelta(seconds=MAX_AGE + 1),
                       secret=SECRET, max_age=MAX_AGE)
    assert not user.check_password(NEW_PASSWORD)


def test_deactivated_account_gets_no_reset_link(session, make_user):
    """A deactivated account cannot get back in through a reset mail."""
    user = make_user(active=False)
    request_password_reset(session, user.email, now=NOW, secret=SECRET, reset_url=lambda token: token)
    assert outbox_for(session, user.email) == []


def test_reset_confirms_an_unconfirmed_address(session, make_user):
    """Using a reset link proves the address, so it also confirms the account."""
    user = make_user(confirmed=False)
    token = _service_token(session, user)
    reset_password(session, token, NEW_PASSWORD, now=NOW, secret=SECRET, max_age=MAX_AGE)
    assert user.email_confirmed_at == NOW
