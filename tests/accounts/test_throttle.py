"""Slowing down password guessing: a growing wait per (account, address) pair, and a limit per address."""

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


def _fail_spaced(session, email: str, times: int, *, address: str = "198.51.100.7"):
    """`times` failures far enough apart that no wait refuses them; returns the time of the last."""
    moment = NOW
    for number in range(times):
        moment = NOW + number * timedelta(minutes=16)
        _fail(session, email, address=address, now=moment)
    return moment


def test_a_fourth_login_right_after_three_failures_waits_with_429(client, make_user, session):
    """After 3 wrong passwords from one address, even the right one from there answers 429 at once."""
    user = make_user()
    session.commit()
    for _ in range(3):
        assert login(client, user, password="wrong-password").status_code == 401

    response = login(client, user)

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 900
    errors = field_errors(response.get_data(as_text=True), "password")
    assert len(errors) == 1 and errors[0].startswith("Too many failed logins. Please wait")
    assert client.get("/account").status_code == 302


def test_a_guesser_elsewhere_cannot_lock_the_owner_out(session, make_user):
    """Ten failures for one account from an attacker's address: the owner still logs in from theirs, at
    once, while the attacker's address must wait."""
    user = make_user()
    last = _fail_spaced(session, user.email, 10, address="198.51.100.66")
    assert authenticate(session, user.email, TEST_PASSWORD, address="203.0.113.1", now=last,
                        limits=LIMITS) == user
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.66", now=last, limits=LIMITS)


def test_the_wait_grows_with_each_failure(session, make_user):
    """After the free failures each further one doubles the wait, up to the cap (15 minutes)."""
    user = make_user()
    waits = []
    moment = NOW
    for _ in range(40):
        try:
            authenticate(session, user.email, "wrong-password", address="198.51.100.7", now=moment, limits=LIMITS)
        except LoginRefused:
            pass
        except TooManyRequests as refused:
            waits.append(refused.retry_after)
            moment += timedelta(seconds=refused.retry_after)
    assert waits[:4] == [1, 2, 4, 8] and max(waits) == 900 and waits == sorted(waits)


def test_the_failures_count_the_email_whatever_its_case(session, make_user):
    """Failures for USER@… and user@… count against the same pair."""
    user = make_user()
    for number in range(3):
        _fail(session, user.email.upper() if number % 2 else user.email)
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW, limits=LIMITS)


def test_two_failures_do_not_slow_down(session, make_user):
    """Typing the password wrong twice costs nothing: the third try is checked at once."""
    user = make_user()
    for _ in range(2):
        _fail(session, user.email)
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW,
                        limits=LIMITS) == user


def test_a_success_forgets_the_pairs_failures(session, make_user):
    """After a good login, the next typo from the same place is free again."""
    user = make_user()
    last = _fail_spaced(session, user.email, 6)
    later = last + timedelta(minutes=16)
    authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=later, limits=LIMITS)
    _fail(session, user.email, now=later)
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=later,
                        limits=LIMITS) == user


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


def test_the_wait_ends_on_time(session, make_user):
    """The pair's wait holds until its end, then the right password works."""
    user = make_user()
    for _ in range(4):
        try:
            _fail(session, user.email)
        except TooManyRequests:
            pass
    # Three failures at NOW: the fourth attempt is refused for one second, unrecorded.
    with pytest.raises(TooManyRequests):
        authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7", now=NOW, limits=LIMITS)
    assert authenticate(session, user.email, TEST_PASSWORD, address="198.51.100.7",
                        now=NOW + timedelta(seconds=1), limits=LIMITS) == user


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
    for number in range(20):
        _fail(session, f"guess{number}@example.vn")
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
