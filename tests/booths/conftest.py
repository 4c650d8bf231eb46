"""Fixtures for the booths tests: English pages, a fair with one hall and zone, CSV bodies and API callers."""

import csv
import io

import pytest
from flask_babel import force_locale

from booths.allocation import runs
from booths.layout.booth_rows import COLUMNS
from booths.layout.grid import GridSpec
from booths.layout.services import create_grid, create_hall, create_zone, import_booths
from core.db import utcnow
from tests.allocation_checks import checked_allocate

HALL_NAME = "Hall A"


@pytest.fixture(autouse=True)
def _every_allocation_checked(monkeypatch):
    """Every allocation a booths test runs through the services is checked by the shared invariant checker."""
    monkeypatch.setattr(runs, "allocate", checked_allocate)


ZONE_VI, ZONE_EN = "Khu trong nước", "Domestic zone"


def booth_csv(rows: list[dict], *, columns=COLUMNS, delimiter: str = ",") -> str:
    """A CSV text with a header and one line per dict (missing keys left empty)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def booth_row(code: str, x: float, y: float, width: float = 3, depth: float = 3, **over) -> dict:
    """One import row in Hall A's domestic zone (strings, as a file carries them)."""
    values = {"code": code, "hall": HALL_NAME, "zone": ZONE_VI, "x_m": str(x), "y_m": str(y),
              "width_m": str(width), "depth_m": str(depth), "type": "standard", "price_vnd": "12000000"}
    values.update(over)
    return values


def row_of_booths(count: int, *, prefix: str = "A-", y: float = 0, width: float = 3) -> list[dict]:
    """`count` booths side by side along y, starting at x = 0."""
    return [booth_row(f"{prefix}{n:03d}", n * width, y, width) for n in range(count)]


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


@pytest.fixture
def fair(make_fair, session):
    """A committed draft fair."""
    fair = make_fair()
    session.commit()
    return fair


@pytest.fixture
def hall(make_hall, fair, session):
    """Hall A, 60 × 40 m, committed."""
    hall = make_hall(fair=fair, name=HALL_NAME, width_cm=6000, depth_cm=4000)
    session.commit()
    return hall


@pytest.fixture
def zone(make_zone, fair, session):
    """The domestic zone (Vietnamese and English names), committed."""
    zone = make_zone(fair=fair, name_vi=ZONE_VI, name_en=ZONE_EN, kind="domestic")
    session.commit()
    return zone


@pytest.fixture
def open_fair(make_fair, session):
    """A committed fair accepting applications (at most 4 booths each)."""
    fair = make_fair(status="open", max_booths_per_application=4)
    session.commit()
    return fair


@pytest.fixture
def exhibitor(make_user):
    """An exhibitor user."""
    return make_user(role="exhibitor")


@pytest.fixture
def enterprise(make_enterprise, exhibitor, session):
    """The exhibitor's enterprise, committed."""
    enterprise = make_enterprise(owner=exhibitor)
    session.commit()
    return enterprise


@pytest.fixture
def oversubscribed_fair(session, make_fair, make_enterprise, make_application, make_user):
    """A 2 × 8 hall with an aisle every 4 booths, and 10 approved applications asking for 14 booths."""
    fair = make_fair(status="allocating")
    now = utcnow()
    with force_locale("en"):
        hall = create_hall(session, fair, name="Nhà A", width_m=40, depth_m=20, actor=None, now=now)
        zone = create_zone(session, fair, {"name_vi": "Trong nước", "name_en": "Domestic", "kind": "domestic"},
                           actor=None, now=now)
        create_grid(session, fair, GridSpec("A-", 2, 8, 300, 300, 4, 300, 200, 200), hall, zone,
                    booth_type="standard", price_vnd=1, actor=None, now=now)
    for number, (province, booths) in enumerate([("Hà Nội", 2), ("Hà Nội", 1), ("Huế", 2), ("Huế", 1),
                                                 ("Cần Thơ", 2), ("Hà Nội", 1), ("Huế", 1), ("Cần Thơ", 2),
                                                 ("Hà Nội", 1), ("Huế", 1)]):
        make_application(fair=fair, status="approved", booths_requested=booths,
                         enterprise=make_enterprise(province=province, legal_name=f"Ent {number}"))
    return fair, make_user(role="organizer")


def application_values(**over) -> dict:
    """The fields of a valid booth application."""
    values = {"booths_requested": 2, "staff_count": 3, "products": "Gốm men lam"}
    values.update(over)
    return values


def refused_fields(error) -> list[str]:
    """The fields a ValidationFailed names, in order."""
    return [item["field"] for item in error.errors]


@pytest.fixture
def en(app_ctx):
    """Service messages in English."""
    with force_locale("en"):
        yield


@pytest.fixture
def layout(session, fair, hall, zone, organizer):
    """Hall A with A-000 … A-003 in a row (committed); returns the fair."""
    import_booths(session, fair, row_of_booths(4), actor=organizer, now=utcnow())
    session.commit()
    return fair
