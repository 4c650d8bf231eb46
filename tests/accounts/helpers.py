"""Helpers and constants shared by the accounts tests."""

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from core.mail import OutboxMessage

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET = "test-secret-key"  # the SECRET_KEY of the test app (tests/conftest.py)
LIMITS = {
    "LOGIN_FREE_FAILURES": 3,
    "LOGIN_MAX_DELAY_SECONDS": 900,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_FAILURE_WINDOW_SECONDS": 900,
}


def outbox_for(session, recipient: str) -> list[OutboxMessage]:
    """The messages queued for `recipient`, oldest first."""
    return list(session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)))


def link_token(body: str, path: str) -> str:
    """The token of the `path<token>` link in a mail body (e.g. path="/confirm/")."""
    match = re.search(re.escape(path) + r"([A-Za-z0-9_\-.]+)", body)
    assert match, f"no {path} link in: {body!r}"
    return match.group(1)


def field_errors(html: str, field: str) -> list[str]:
    """The error messages shown next to form field `field`."""
    return re.findall(r'<p class="field__error" id="' + re.escape(field) + r'-error">([^<]*)</p>', html)


def flashes(html: str) -> list[str]:
    """The flash messages shown on a page."""
    return re.findall(r'<p class="flash flash--\w+">([^<]*)</p>', html)
