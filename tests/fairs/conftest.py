"""Fixtures for the fairs tests: English pages, valid fair fields and API tokens."""

from datetime import date, timedelta

import pytest

START = date.today() + timedelta(days=90)


def fair_fields(**over) -> dict:
    """A complete, valid set of fields for `create_fair` (dates as `date`)."""
    values = {
        "code": "HN-GIFT-2026",
        "name_vi": "Hội chợ Quà tặng Hà Nội",
        "name_en": "Hanoi Gift Fair",
        "venue": "Cung Văn hóa Hữu nghị, 91 Trần Hưng Đạo",
        "province": "Hà Nội",
        "starts_on": START,
        "ends_on": START + timedelta(days=3),
        "application_deadline": START - timedelta(days=30),
    }
    values.update(over)
    return values


def as_text(values: dict) -> dict:
    """The same fields as a form or JSON body sends them (dates as YYYY-MM-DD)."""
    return {key: (value.isoformat() if isinstance(value, date) else value)
            for key, value in values.items() if value is not None}


@pytest.fixture
def client(app_ctx):
    """A browser reading English pages, so assertions can quote English messages."""
    browser = app_ctx.test_client()
    browser.set_cookie("lang", "en")
    return browser


@pytest.fixture
def organizer(make_user):
    """A flushed organizer to act as the services' actor."""
    return make_user(role="organizer")


