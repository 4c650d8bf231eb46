"""Reading the booths pages in tests: errors under a field, flash messages, a booth read afresh."""

import sqlalchemy as sa

from booths.layout.models import Booth
from tests.enterprises import helpers


def field_errors(response, field_id: str) -> list[str]:
    """The error messages shown under one form field of a response's page."""
    return helpers.field_errors(response.get_data(as_text=True), field_id)


def flashes(response) -> list[str]:
    """The flash messages of a response's page."""
    return helpers.flashes(response.get_data(as_text=True))


def booth_by_code(session, code: str) -> Booth:
    """A fresh read of a booth."""
    session.expire_all()
    return session.scalar(sa.select(Booth).where(Booth.code == code))
