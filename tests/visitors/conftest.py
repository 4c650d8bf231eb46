"""Fixtures for visitor tests: a running fair, a registered visitor and their signed code."""

import uuid
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from core.db import utcnow
from visitors.services import badge_code, current_badge, register_visitor


@pytest.fixture
def running_fair(make_fair, session):
    """A fair whose gates are open: running since two days ago (whatever the time zone), for five days."""
    fair = make_fair(status="running", starts_on=date.today() - timedelta(days=2),
                     ends_on=date.today() + timedelta(days=3), application_deadline=None)
    session.commit()
    return fair


def visitor_values(**over) -> dict:
    """A valid registration."""
    values = {"full_name": "Nguyễn Thị Hoa", "organisation": "Công ty Gốm Bát Tràng", "job_title": "Giám đốc",
              "email": f"hoa.{uuid.uuid4().hex[:8]}@example.vn", "phone": "0912 345 678", "country": "VN",
              "province": "Hà Nội", "visitor_type": "trade_buyer", "sectors": ["handicraft"], "consent": True}
    values.update(over)
    return values


@pytest.fixture
def registered(session, running_fair):
    """`registered(**fields)` → (visitor, signed code) of a new visitor of the running fair (committed)."""

    def _registered(**over):
        with force_locale("en"):
            visitor, _created = register_visitor(session, running_fair, visitor_values(**over), source="web",
                                                 actor=None, now=utcnow())
            code = badge_code(session, current_badge(session, visitor), now=utcnow())
        session.commit()
        return visitor, code

    return _registered


def nonce() -> str:
    """A fresh client nonce."""
    return uuid.uuid4().hex
