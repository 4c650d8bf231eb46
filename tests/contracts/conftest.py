"""Fixtures shared with the visitor tests (registered visitors with signed codes), and a running fair whose
days are still ahead: meetings are booked on the fair's days, which must not have passed."""

import pytest

from tests.visitors.conftest import registered  # noqa: F401  (fixture)


@pytest.fixture
def running_fair(make_fair, session):
    """A running fair starting in 60 days (the gates' own tests use one open today: tests/visitors)."""
    fair = make_fair(status="running")
    session.commit()
    return fair
