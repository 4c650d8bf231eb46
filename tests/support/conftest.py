"""Fixtures of the support tests: a programme and enterprises with tax codes."""

import pytest

from core.db import utcnow
from support.services import create_programme

TAX_CODES = ("0100109106", "0101243150", "0102100740")


@pytest.fixture
def make_programme(session):
    """`make_programme(**fields)` → a flushed programme (national, 100 million VND unless told)."""

    def _make(**over):
        values = {"name": "Chương trình khuyến công quốc gia", "level": "national", "year": 2026,
                  "decision_ref": "1034/QĐ-UBND", "decision_date": "2026-03-06", "budget_vnd": 100_000_000,
                  "agency": "Bộ Công Thương"}
        values.update(over)
        return create_programme(session, values, actor=None, now=utcnow())

    return _make
