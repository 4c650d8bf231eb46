"""Slowing down password guessing: per account and per address, for a window of time."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from accounts.models import LoginAttempt
from accounts.services import LoginRefused, authenticate
from core.errors import TooManyRequests
from tests.accounts.helpers import LIMITS, NOW, field_errors
from tests.conftest import TEST_PASSWORD, login

WINDOW = timedelta(seconds=LIMITS["LOGIN_FAILURE_WINDOW_SECONDS"])


def _fail(session, email: str, *, address: str = "198.51.100.7", now=NOW) -> None:
    with pytest.raises(LoginRefused):
        authenticate(session, email, "wrong-password", address=address, now=now, limits=LIMITS)


def test_sixth_login_after_five_failures_is_refused_with_429(client, make_user, session):
    """After 5 wrong passwords for one e-mail, even the right one answers 429 with a clear message."""
    user = make_user()
    session.commit()
    for _ in range(5):
        assert login(client, user, password="wrong-password").status_code == 401

    response = login(client, user)

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 900
    errors = field_errors(response.get_data(as_text=True), "password")
    assert len(errors) == 1 and errors[0].startswith("Too many failed logins. Please wait")
    assert client.get("/account").status_code == 302


def test_a_locked_account_does_not_lock_others(client, new_client, make_user, session):
    """While one account is locked, another account logs in from another address."""
    victim, other = make_user(), make_user()
    session.commit()
    for _ in range(5):
        login(client, victim, password="wrong-password")
    assert login(client, victim).status_code == 429

    elsewhere, address = new_client(), {"REMOTE_ADDR": "203.0.113.50"}
    response = elsewhere.post("/login", data={"email": other.email, "password": TEST_PASSWORD},
                              environ_base=address)

    assert response.status_code == 302
    assert elsewhere.get("/account", environ_base=address).status_code == 200


def test_four_failures_do_not_lock_the_account(session, make_user):
    """The account limit is 5: after 4 failures the right password still works."""
    user = make_user()
    for _ in range(4):
        _fail(session, user.email)
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW,
                        limits=LIMITS) == user


def test_account_limit_counts_the_email_whatever_its_case(session, make_user):
    """Failures for USER@… and user@… count against the same account."""
    user = make_user()
    for number in range(5):
        _fail(session, user.email.upper() if number % 2 else user.email)
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW, limits=LIMITS)


def test_account_limit_applies_from_any_address(session, make_user):
    """Guessing one account's password from many addresses still locks it."""
    user = make_user()
    for number in range(5):
        _fail(session, user.email, address=f"198.51.100.{number}")
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="203.0.113.1", now=NOW, limits=LIMITS)


def test_address_limit_refuses_after_twenty_failures(session, make_user):
    """20 failures from one address (any e-mails) block even a valid login from that address."""
    user = make_user()
    for number in range(20):
        _fail(session, f"guess{number}@example.vn", address="198.51.100.7")
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW, limits=LIMITS)


def test_address_limit_does_not_block_other_addresses(session, make_user):
    """After 20 failures from one address, the same user logs in from another address."""
    user = make_user()
    for number in range(20):
        _fail(session, f"guess{number}@example.vn", address="198.51.100.7")
    assert authenticate(session, user.email, TEST_PASSWORD, address="203.0.113.1", now=NOW,
                        limits=LIMITS) == user


def test_nineteen_failures_from_one_address_do_not_block_it(session, make_user):
    """The address limit is 20: 19 failures still let a valid login through."""
    user = make_user()
    for number in range(19):
        _fail(session, f"guess{number}@example.vn", address="198.51.100.7")
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW,
                        limits=LIMITS) == user


def test_lock_lasts_exactly_the_window(session, make_user):
    """The lock holds until the failures leave the window, then the right password works."""
    user = make_user()
    for _ in range(5):
        _fail(session, user.email)
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7",
                     now=NOW + WINDOW - timedelta(seconds=1), limits=LIMITS)

    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7",
                        now=NOW + WINDOW + timedelta(seconds=1), limits=LIMITS) == user


def test_address_lock_lifts_after_the_window(session, make_user):
    """An address blocked for 20 failures may log in again once the window has passed."""
    user = make_user()
    for number in range(20):
        _fail(session, f"guess{number}@example.vn", address="198.51.100.7")
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7",
                        now=NOW + WINDOW + timedelta(seconds=1), limits=LIMITS) == user


def test_throttled_answer_says_how_long_to_wait(session, make_user):
    """The 429 error carries the seconds to wait, so the page can send Retry-After."""
    user = make_user()
    for _ in range(5):
        _fail(session, user.email)
    with pytest.raises(TooManyRequests) as refused:
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7",
                     now=NOW + timedelta(minutes=5), limits=LIMITS)
    assert refused.value.retry_after == 600
    assert "10 minutes" in refused.value.message


def test_successful_logins_do_not_count_as_failures(session, make_user):
    """Many good logins never lock an account."""
    user = make_user()
    for _ in range(10):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW, limits=LIMITS)
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW,
                        limits=LIMITS) == user


def test_service_records_failed_and_successful_attempts(session, make_user):
    """authenticate() stores each checked attempt with its e-mail, address, time and outcome."""
    user = make_user()
    _fail(session, user.email.upper(), address="198.51.100.7")
    authenticate(session, user.email, TEST_PASSWORD, address="203.0.113.1", now=NOW, limits=LIMITS)

    rows = session.execute(sa.select(LoginAttempt.email, LoginAttempt.address, LoginAttempt.succeeded,
                                     LoginAttempt.attempted_at).order_by(LoginAttempt.id)).all()
    assert [tuple(row) for row in rows] == [
        (user.email, "198.51.100.7", False, NOW),
        (user.email, "203.0.113.1", True, NOW),
    ]
