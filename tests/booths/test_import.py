"""Importing booths from CSV and XLSX: all or nothing, each problem named by row and column."""

import re

import pytest
import sqlalchemy as sa

from booths.layout.models import Booth, BoothAdjacency
from booths.layout.services import import_booths
from core.audit import AuditEvent
from core.db import utcnow
from core.errors import ValidationFailed
from core.tables import read_table
from tests.booths.conftest import HALL_NAME, ZONE_EN, booth_csv, booth_row, row_of_booths
from tests.booths.files import booth_file, booth_xlsx
from tests.conftest import table_count

FORMATS = ["csv", "xlsx"]


def run_import(session, fair, data: bytes, actor, filename: str = ""):
    """Read the file and import it, as the page and the API do."""
    return import_booths(session, fair, read_table(data, filename), actor=actor, now=utcnow())


def refused(session, fair, data: bytes, actor) -> list[dict]:
    """Import `data`, expecting refusal; return the problems."""
    with pytest.raises(ValidationFailed) as caught:
        run_import(session, fair, data, actor)
    return caught.value.errors


def codes(session, fair) -> list[str]:
    """The fair's booth codes in order."""
    return list(session.scalars(sa.select(Booth.code).where(Booth.fair_id == fair.id).order_by(Booth.code)))


@pytest.mark.parametrize("kind", FORMATS)
def test_a_clean_file_creates_every_booth(session, fair, hall, zone, organizer, kind):
    """Four good rows create four booths with their geometry, type and price."""
    rows = row_of_booths(3) + [booth_row("IS-1", 20, 20, 6, 6, type="island", price_vnd="45000000")]
    assert run_import(session, fair, booth_file(kind, rows), organizer) == 4
    island = session.scalar(sa.select(Booth).where(Booth.code == "IS-1"))
    assert (island.hall_id, island.zone_id, island.x_cm, island.y_cm, island.width_cm, island.depth_cm) == (
        hall.id, zone.id, 2000, 2000, 600, 600)
    assert (island.booth_type, island.price_vnd, island.blocked) == ("island", 45_000_000, False)
    assert codes(session, fair) == ["A-000", "A-001", "A-002", "IS-1"]


def test_vietnamese_number_formats_and_english_zone_names_are_accepted(session, fair, hall, zone, organizer):
    """A ';' CSV with decimal commas, dotted VND, an English zone name and a lower-case hall imports."""
    text = booth_csv([booth_row("a-01", "1,5", "2,25", "3,5", "2,5", zone=ZONE_EN.upper(),
                                hall=HALL_NAME.lower(), price_vnd="12.500.000")], delimiter=";")
    assert run_import(session, fair, ("\ufeff" + text).encode("utf-8"), organizer) == 1
    booth = session.scalar(sa.select(Booth))
    assert (booth.code, booth.x_cm, booth.y_cm, booth.width_cm, booth.depth_cm, booth.price_vnd, booth.zone_id) == (
        "A-01", 150, 225, 350, 250, 12_500_000, zone.id)


@pytest.fixture
def existing(make_booth, hall, zone, session):
    """A booth already in Hall A at (30 m, 30 m), code E-1."""
    booth = make_booth(hall=hall, zone=zone, code="E-1", x_cm=3000, y_cm=3000)
    session.commit()
    return booth


GOOD = [booth_row("A-001", 0, 0), booth_row("A-002", 3, 0)]
LAST_GOOD = booth_row("A-004", 9, 0)
BAD_ROWS = {
    "overlaps a row above": (booth_row("A-003", 1.5, 0), "x_m"),
    "overlaps an existing booth": (booth_row("A-003", 31, 31), "x_m"),
    "leaves the hall to the right": (booth_row("A-003", 58.5, 0), "x_m"),
    "leaves the hall at the back": (booth_row("A-003", 0, 38, 3, 3), None),
    "repeats a code of the file": (booth_row("A-001", 20, 0), "code"),
    "repeats an existing code": (booth_row("e-1", 20, 0), "code"),
    "has zero width": (booth_row("A-003", 20, 0, width=0), "width_m"),
    "has a negative depth": (booth_row("A-003", 20, 0, depth=-3), "depth_m"),
    "names an unknown hall": (booth_row("A-003", 20, 0, hall="Hall Z"), "hall"),
    "names an unknown zone": (booth_row("A-003", 20, 0, zone="Khu không có"), "zone"),
    "has a bad number": (booth_row("A-003", "ba mét", 0), "x_m"),
    "has a bad type": (booth_row("A-003", 20, 0, type="kiosk"), "type"),
    "has a bad price": (booth_row("A-003", 20, 0, price_vnd="12.5 triệu"), "price_vnd"),
    "has a negative position": (booth_row("A-003", -1, 0), "x_m"),
    "has a bad code": (booth_row("A 003", 20, 0), "code"),
    "has an absurdly large position": (booth_row("A-003", "1e30", 0), "x_m"),
    "has a price too large to store": (booth_row("A-003", 20, 0, price_vnd="9" * 25), "price_vnd"),
}
GEOMETRY_FIELDS = {"x_m", "y_m", "width_m", "depth_m"}


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_one_bad_row_is_named_and_nothing_is_created(session, fair, hall, zone, existing, organizer, kind, case):
    """Row 3 is refused by its row and column; the good rows around it are not created either."""
    bad, field = BAD_ROWS[case]
    data = booth_file(kind, GOOD + [bad, LAST_GOOD])
    errors = refused(session, fair, data, organizer)
    assert {error["row"] for error in errors} == {3}
    assert all(error["message"] for error in errors)
    fields = {error["field"] for error in errors}
    if field:
        assert fields == {field}
    else:
        assert fields and fields <= GEOMETRY_FIELDS
    session.rollback()
    assert codes(session, fair) == ["E-1"]
    assert table_count(session, BoothAdjacency) == 0


def test_every_bad_row_is_reported_at_once_in_row_order(session, fair, hall, zone, organizer):
    """Three bad rows give three problems, sorted by row, each with its column."""
    rows = [booth_row("A-1", 0, 0, type="kiosk"), booth_row("A-2", 3, 0), booth_row("A-3", 6, 0, zone="?"),
            booth_row("A-4", 9, 0, width="abc")]
    errors = refused(session, fair, booth_csv(rows).encode(), organizer)
    assert [(error["row"], error["field"]) for error in errors] == [(1, "type"), (3, "zone"), (4, "width_m")]


def test_a_duplicate_code_points_at_the_row_it_first_appeared_on(session, fair, hall, zone, organizer):
    """The second DUP (row 3) is refused, and its message mentions row 2 where DUP first came."""
    rows = [booth_row("OK", 0, 0), booth_row("DUP", 3, 0), booth_row("dup", 9, 0)]
    errors = refused(session, fair, booth_csv(rows).encode(), organizer)
    assert [(error["row"], error["field"]) for error in errors] == [(3, "code")]
    assert re.search(r"\b2\b", errors[0]["message"])


def test_overlap_between_file_rows_names_the_later_row_and_the_other_booth(session, fair, hall, zone, organizer):
    """When row 5 overlaps row 2, row 5 is refused and its message names the booth of row 2."""
    rows = row_of_booths(4) + [booth_row("X-9", 4, 1)]
    errors = refused(session, fair, booth_csv(rows).encode(), organizer)
    assert [(error["row"], error["field"]) for error in errors] == [(5, "x_m"), (5, "x_m")]
    assert {"A-001", "A-002"} <= {word.strip(".") for error in errors for word in error["message"].split()}


def test_the_same_spot_in_two_halls_is_no_overlap(session, fair, hall, zone, make_hall, organizer):
    """Overlap is judged within a hall: the same coordinates in another hall import fine."""
    make_hall(fair=fair, name="Hall B")
    rows = [booth_row("A-1", 0, 0), booth_row("B-1", 0, 0, hall="Hall B")]
    assert run_import(session, fair, booth_csv(rows).encode(), organizer) == 2


def test_a_second_import_is_checked_against_the_first(session, fair, hall, zone, organizer):
    """Booths imported earlier count as existing: codes and positions."""
    run_import(session, fair, booth_csv(row_of_booths(3)).encode(), organizer)
    errors = refused(session, fair, booth_csv([booth_row("B-1", 1, 0, width=1), booth_row("A-002", 20, 20)]).encode(),
                     organizer)
    assert [(error["row"], error["field"]) for error in errors] == [(1, "x_m"), (2, "code")]


def test_a_missing_column_is_refused_before_any_row(session, fair, hall, zone, organizer):
    """A file without depth_m is refused naming the column, with no row."""
    columns = ("code", "hall", "zone", "x_m", "y_m", "width_m")
    errors = refused(session, fair, booth_csv([booth_row("A-1", 0, 0)], columns=columns).encode(), organizer)
    assert [(error["row"], error["field"]) for error in errors] == [(None, "depth_m")]


def test_a_file_without_rows_is_refused(session, fair, hall, zone, organizer):
    """A header alone imports nothing and says so."""
    assert refused(session, fair, booth_csv([]).encode(), organizer)[0]["row"] is None


def test_type_and_price_columns_may_be_absent(session, fair, hall, zone, organizer):
    """Without type and price columns, booths are standard and free."""
    columns = ("code", "hall", "zone", "x_m", "y_m", "width_m", "depth_m")
    assert run_import(session, fair, booth_xlsx([booth_row("A-1", 0, 0)], columns=columns), organizer) == 1
    booth = session.scalar(sa.select(Booth))
    assert (booth.booth_type, booth.price_vnd) == ("standard", 0)


def test_an_import_is_audited(session, fair, hall, zone, organizer):
    """The import leaves an audit event with the number created."""
    run_import(session, fair, booth_csv(row_of_booths(2)).encode(), organizer)
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "booth.import"))
    assert event is not None and event.after == {"created": 2}
