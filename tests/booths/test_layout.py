"""Layout rules in the services and the database: constraints, the neighbour graph, editing, prices, grids."""

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from booths.layout.edits import set_booth_blocked, set_prices, update_booth
from booths.layout.grid import GridSpec
from booths.layout.models import Booth, BoothAdjacency, Hall
from booths.layout.services import (
    create_grid,
    create_hall,
    create_zone,
    import_booths,
    layout_summary,
    neighbour_graph,
    rebuild_adjacency,
)
from core.db import utcnow
from core.errors import Conflict, ValidationFailed
from core.extensions import db
from tests.booths.conftest import booth_row
from tests.conftest import table_count

NOW = utcnow()


def imported(session, fair, actor, *rows) -> dict[str, Booth]:
    """Import `rows` and return the fair's booths by code."""
    import_booths(session, fair, list(rows), actor=actor, now=NOW)
    return {booth.code: booth for booth in session.scalars(sa.select(Booth).where(Booth.fair_id == fair.id))}


def neighbours(session, hall=None) -> set[frozenset[str]]:
    """The stored neighbour pairs as unordered pairs of codes."""
    first, second = so.aliased(Booth), so.aliased(Booth)
    query = (sa.select(first.code, second.code).select_from(BoothAdjacency)
             .join(first, first.id == BoothAdjacency.booth_id).join(second, second.id == BoothAdjacency.neighbour_id))
    if hall is not None:
        query = query.where(BoothAdjacency.hall_id == hall.id)
    return {frozenset(pair) for pair in session.execute(query)}


def pair(a: str, b: str) -> frozenset[str]:
    """An unordered pair of codes."""
    return frozenset((a, b))


# --- database constraints ------------------------------------------------------------------


def test_a_booth_code_is_unique_within_a_fair(session, make_booth, hall, zone):
    """The database refuses a second booth with the same code in one fair (uq_booth_fair_code)."""
    make_booth(hall=hall, zone=zone, code="A-01", x_cm=0)
    with pytest.raises(IntegrityError, match="(?i)unique|uq_booth_fair_code"):
        make_booth(hall=hall, zone=zone, code="A-01", x_cm=900)
    session.rollback()


def test_the_same_code_may_be_used_by_another_fair(session, make_booth, make_hall, make_zone, hall, zone):
    """Codes are unique per fair, not across fairs."""
    other_hall = make_hall()
    make_booth(hall=hall, zone=zone, code="A-01")
    make_booth(hall=other_hall, zone=make_zone(fair=other_hall.fair), code="A-01")
    assert session.scalar(sa.select(sa.func.count()).where(Booth.code == "A-01")) == 2


@pytest.mark.parametrize("over", [{"width_cm": 0}, {"depth_cm": -300}, {"x_cm": -1}, {"price_vnd": -1},
                                  {"booth_type": "kiosk"}])
def test_the_database_refuses_impossible_booths(session, make_booth, hall, zone, over):
    """Check constraints refuse a zero or negative size, a negative position or price and an unknown type."""
    with pytest.raises(IntegrityError, match="(?i)check constraint"):
        make_booth(hall=hall, zone=zone, **over)
    session.rollback()


@pytest.mark.parametrize("over", [{"width_cm": 0}, {"depth_cm": -1}])
def test_the_database_refuses_a_hall_without_area(session, make_hall, fair, over):
    """A hall's sizes must be positive in the database too."""
    with pytest.raises(IntegrityError, match="(?i)check constraint"):
        make_hall(fair=fair, **over)
    session.rollback()


def test_adjacency_stores_each_pair_once_lower_id_first(session, make_booth, hall, zone):
    """The ordered_pair check refuses a pair stored the wrong way round."""
    a, b = make_booth(hall=hall, zone=zone, x_cm=0), make_booth(hall=hall, zone=zone, x_cm=300)
    session.add(BoothAdjacency(booth_id=max(a.id, b.id), neighbour_id=min(a.id, b.id), hall_id=hall.id))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


# --- halls and zones -------------------------------------------------------------------------


def test_create_hall_stores_centimetres_and_refuses_a_duplicate_name(session, fair, organizer):
    """A 64.5 × 46 m hall is stored in centimetres; a second hall of that name is a conflict."""
    hall = create_hall(session, fair, name="Nhà A", width_m="64.5", depth_m=46, actor=organizer, now=NOW)
    assert (hall.width_cm, hall.depth_cm) == (6450, 4600)
    with pytest.raises(Conflict):
        create_hall(session, fair, name="Nhà A", width_m=10, depth_m=10, actor=organizer, now=NOW)


@pytest.mark.parametrize(("values", "field"), [
    ({"name": "", "width_m": 10, "depth_m": 10}, "name"),
    ({"name": "H", "width_m": 0, "depth_m": 10}, "width_m"),
    ({"name": "H", "width_m": 10, "depth_m": -5}, "depth_m"),
    ({"name": "H", "width_m": "mười", "depth_m": 10}, "width_m"),
    ({"name": "H", "width_m": 10, "depth_m": 5000}, "depth_m"),
])
def test_create_hall_refuses_bad_fields(session, fair, organizer, values, field):
    """An empty name, a non-positive, non-numeric or absurd size is refused naming the field."""
    with pytest.raises(ValidationFailed) as caught:
        create_hall(session, fair, **values, actor=organizer, now=NOW)
    assert [error["field"] for error in caught.value.errors] == [field]
    assert table_count(session, Hall) == 0


def test_a_pavilion_zone_names_its_province_or_country(session, fair, organizer):
    """A pavilion with neither province nor country is refused; with a country it is stored."""
    with pytest.raises(ValidationFailed):
        create_zone(session, fair, {"name_vi": "Gian", "name_en": "Pavilion", "kind": "pavilion"},
                    actor=organizer, now=NOW)
    zone = create_zone(session, fair, {"name_vi": "Gian Nhật Bản", "name_en": "Japan pavilion", "kind": "pavilion",
                                       "country": "jp"}, actor=organizer, now=NOW)
    assert (zone.country, zone.colour) == ("JP", "#b5648c")


# --- the neighbour graph ---------------------------------------------------------------------


def test_booths_sharing_an_edge_are_neighbours_and_aisles_or_corners_break_it(session, fair, hall, zone, organizer):
    """Side by side and back to back are neighbours; a 3 m aisle or a corner touch is not."""
    imported(session, fair, organizer,
             booth_row("A-1", 0, 0), booth_row("A-2", 3, 0),      # side by side
             booth_row("A-3", 9, 0),                              # an aisle after A-2
             booth_row("B-1", 0, 3),                              # behind A-1
             booth_row("C-1", 6, 3))                              # only corners of
    assert neighbours(session) == {pair("A-1", "A-2"), pair("A-1", "B-1")}


def test_the_neighbour_graph_is_symmetric(session, fair, hall, zone, organizer):
    """neighbour_graph lists each neighbour on both sides."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 3, 0),
                      booth_row("A-3", 6, 0))
    graph = neighbour_graph(session, fair)
    ids = {code: booth.id for code, booth in booths.items()}
    assert graph == {ids["A-1"]: {ids["A-2"]}, ids["A-2"]: {ids["A-1"], ids["A-3"]}, ids["A-3"]: {ids["A-2"]}}


def test_a_second_import_links_new_booths_to_existing_ones(session, fair, hall, zone, organizer):
    """The graph is rebuilt for the hall, so a booth placed next to an old one becomes its neighbour."""
    imported(session, fair, organizer, booth_row("A-1", 0, 0))
    imported(session, fair, organizer, booth_row("A-2", 3, 0))
    assert neighbours(session) == {pair("A-1", "A-2")}


def test_booths_in_different_halls_are_never_neighbours(session, fair, hall, zone, make_hall, organizer):
    """The same edge in two halls makes no pair; each hall's pairs carry their hall."""
    other = make_hall(fair=fair, name="Hall B")
    imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("B-1", 3, 0, hall="Hall B"),
             booth_row("B-2", 6, 0, hall="Hall B"))
    assert neighbours(session, hall) == set()
    assert neighbours(session, other) == {pair("B-1", "B-2")}


def test_moving_a_booth_rebuilds_the_graph(session, fair, hall, zone, organizer):
    """Moving A-3 next to A-2 links them; moving A-1 away unlinks it."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 3, 0),
                      booth_row("A-3", 12, 0))
    update_booth(session, booths["A-3"], {"x_m": 6}, actor=organizer, now=NOW)
    assert neighbours(session) == {pair("A-1", "A-2"), pair("A-2", "A-3")}
    update_booth(session, booths["A-1"], {"x_m": 0, "y_m": 10}, actor=organizer, now=NOW)
    assert neighbours(session) == {pair("A-2", "A-3")}


def test_resizing_a_booth_rebuilds_the_graph(session, fair, hall, zone, organizer):
    """Widening A-1 until it reaches A-2 across the aisle makes them neighbours."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 6, 0))
    assert neighbours(session) == set()
    update_booth(session, booths["A-1"], {"width_m": "6"}, actor=organizer, now=NOW)
    assert neighbours(session) == {pair("A-1", "A-2")}


def test_rebuild_adjacency_replaces_stale_pairs(session, fair, hall, zone, organizer):
    """Rebuilding from the booths' positions drops a pair that no longer holds."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 3, 0))
    booths["A-2"].x_cm = 900  # moved behind the services' back
    assert rebuild_adjacency(session, hall) == 0
    assert table_count(session, BoothAdjacency) == 0


# --- moving and resizing ---------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field"), [
    ({"x_m": 4}, "x_m"),                       # onto A-2
    ({"width_m": "3.01"}, "x_m"),              # one centimetre into A-2
    ({"x_m": 58}, "x_m"),                      # through the right wall
    ({"y_m": "37.5"}, "x_m"),                  # through the back wall
    ({"width_m": 0}, "width_m"),
    ({"depth_m": -3}, "depth_m"),
    ({"x_m": -1}, "x_m"),
    ({"booth_type": "kiosk"}, "booth_type"),
    ({"price_vnd": -5}, "price_vnd"),
])
def test_a_move_or_resize_that_breaks_the_layout_is_refused(session, fair, hall, zone, organizer, changes, field):
    """Overlapping another booth, leaving the hall or an impossible size is refused and nothing moves."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 3, 0))
    session.commit()
    with pytest.raises(ValidationFailed) as caught:
        update_booth(session, booths["A-1"], changes, actor=organizer, now=NOW)
    assert [error["field"] for error in caught.value.errors] == [field]
    session.rollback()
    booth = session.get(Booth, booths["A-1"].id)
    assert (booth.x_cm, booth.y_cm, booth.width_cm, booth.depth_cm) == (0, 0, 300, 300)


def test_an_overlap_message_names_the_other_booth(session, fair, hall, zone, organizer):
    """The refusal says which booth is in the way."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("ZZ-9", 10, 10))
    with pytest.raises(ValidationFailed) as caught:
        update_booth(session, booths["A-1"], {"x_m": 9, "y_m": 9}, actor=organizer, now=NOW)
    assert "ZZ-9" in caught.value.errors[0]["message"]


def test_a_booth_may_move_flush_against_another_and_the_wall(session, fair, hall, zone, organizer):
    """Touching a neighbour and the far wall exactly is allowed."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 54, 37))
    update_booth(session, booths["A-1"], {"x_m": 57, "y_m": 37}, actor=organizer, now=NOW)
    assert (booths["A-1"].x_cm, booths["A-1"].y_cm) == (5700, 3700)
    assert neighbours(session) == {pair("A-1", "A-2")}


# --- blocking and prices ---------------------------------------------------------------------


def test_blocking_needs_a_reason_and_unblocking_clears_it(session, make_booth, hall, zone, organizer):
    """A booth is blocked only with a reason; unblocking makes it available and forgets the reason."""
    booth = make_booth(hall=hall, zone=zone)
    with pytest.raises(ValidationFailed):
        set_booth_blocked(session, booth, blocked=True, reason="   ", actor=organizer, now=NOW)
    assert not booth.blocked
    set_booth_blocked(session, booth, blocked=True, reason="Lối thoát hiểm", actor=organizer, now=NOW)
    assert (booth.blocked, booth.blocked_reason) == (True, "Lối thoát hiểm")
    set_booth_blocked(session, booth, blocked=False, actor=organizer, now=NOW)
    assert (booth.blocked, booth.blocked_reason) == (False, None)


def test_prices_can_be_set_for_chosen_codes(session, fair, hall, zone, organizer):
    """Only the listed booths (in any case) get the new price."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 3, 0),
                      booth_row("A-3", 6, 0))
    assert set_prices(session, fair, price_vnd=30_000_000, codes=["a-1", " A-3 "], actor=organizer, now=NOW) == 2
    assert {code: booth.price_vnd for code, booth in booths.items()} == {
        "A-1": 30_000_000, "A-2": 12_000_000, "A-3": 30_000_000}


def test_prices_can_be_set_for_a_whole_zone(session, fair, hall, zone, make_zone, organizer):
    """Every booth of the zone, and none of another zone, gets the new price."""
    make_zone(fair=fair, name_vi="Khu quốc tế", name_en="International zone", kind="international")
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0), booth_row("A-2", 3, 0),
                      booth_row("I-1", 20, 0, zone="International zone"))
    assert set_prices(session, fair, price_vnd=0, zone=zone, actor=organizer, now=NOW) == 2
    assert {code: booth.price_vnd for code, booth in booths.items()} == {"A-1": 0, "A-2": 0, "I-1": 12_000_000}


def test_unknown_codes_refuse_the_whole_price_change(session, fair, hall, zone, organizer):
    """One unknown code among known ones changes nothing and names the unknown code."""
    booths = imported(session, fair, organizer, booth_row("A-1", 0, 0))
    with pytest.raises(ValidationFailed) as caught:
        set_prices(session, fair, price_vnd=1, codes=["A-1", "NOPE-7"], actor=organizer, now=NOW)
    assert caught.value.errors[0]["field"] == "codes" and "NOPE-7" in caught.value.errors[0]["message"]
    assert booths["A-1"].price_vnd == 12_000_000


def test_a_price_change_needs_codes_or_a_zone_and_a_non_negative_price(session, fair, hall, zone, organizer):
    """Neither codes nor zone, or a negative price, is refused."""
    with pytest.raises(ValidationFailed):
        set_prices(session, fair, price_vnd=1, codes=[], actor=organizer, now=NOW)
    with pytest.raises(ValidationFailed):
        set_prices(session, fair, price_vnd=-1, zone=zone, actor=organizer, now=NOW)


# --- the grid through the service ------------------------------------------------------------


def grid_spec(**over) -> GridSpec:
    """4 rows of 10 booths, 3 m, an aisle every 5, rows in pairs, starting at (2 m, 2 m)."""
    values = {"prefix": "G-", "rows": 4, "columns": 10, "booth_width": 300, "booth_depth": 300, "aisle_every": 5,
              "aisle_width": 300, "origin_x": 200, "origin_y": 200, "rows_per_block": 2}
    values.update(over)
    return GridSpec(**values)


def test_create_grid_creates_rows_times_columns_booths_and_their_neighbours(session, fair, hall, zone, organizer):
    """A 4 × 10 grid creates 40 booths; its neighbour pairs respect the aisles."""
    assert create_grid(session, fair, grid_spec(), hall, zone, booth_type="standard", price_vnd=9_000_000,
                       actor=organizer, now=NOW) == 40
    assert table_count(session, Booth) == 40
    stored = neighbours(session)
    assert len(stored) == 4 * 8 + 2 * 10
    assert pair("G-01", "G-02") in stored and pair("G-05", "G-06") not in stored
    assert pair("G-01", "G-11") in stored and pair("G-11", "G-21") not in stored


@pytest.mark.parametrize("over", [{"columns": 20}, {"origin_y": 3800}])
def test_a_grid_leaving_the_hall_creates_nothing(session, fair, hall, zone, organizer, over):
    """20 columns with aisles do not fit 60 m; nothing is created and the problems name rows."""
    with pytest.raises(ValidationFailed) as caught:
        create_grid(session, fair, grid_spec(**over), hall, zone, booth_type="standard", price_vnd=0,
                    actor=organizer, now=NOW)
    assert all(error["row"] for error in caught.value.errors)
    session.rollback()
    assert table_count(session, Booth) == 0


def test_a_grid_over_existing_booths_creates_nothing(session, make_booth, fair, hall, zone, organizer):
    """A grid that would cover an existing booth is refused whole."""
    make_booth(hall=hall, zone=zone, code="OLD-1", x_cm=1000, y_cm=500)
    with pytest.raises(ValidationFailed) as caught:
        create_grid(session, fair, grid_spec(), hall, zone, booth_type="standard", price_vnd=0,
                    actor=organizer, now=NOW)
    assert any("OLD-1" in error["message"] for error in caught.value.errors)
    session.rollback()
    assert table_count(session, Booth) == 0


def test_layout_counts_each_hall_from_the_hall_blocked_index(app, session, make_fair, make_hall, make_booth):
    """Booths and blocked booths per hall, another fair's aside; on SQLite both counts are answered from the
    indexes of the hall's booths alone (hall, blocked), never from the fair's booth rows (74,000 at Canton)."""
    fair, other = make_fair(), make_fair()
    first, second, _empty, elsewhere = (make_hall(fair=fair, name="A"), make_hall(fair=fair, name="B"),
                                       make_hall(fair=fair, name="C"), make_hall(fair=other))
    for hall, booths, blocked in ((first, 3, 1), (second, 2, 2), (elsewhere, 4, 4)):
        for number in range(booths):
            make_booth(hall=hall, blocked=number < blocked, blocked_reason="Cột" if number < blocked else None)
    session.flush()
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        summary = layout_summary(session, fair)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert [(row["hall"].name, row["booths"], row["blocked"]) for row in summary] == [("A", 3, 1), ("B", 2, 2),
                                                                                     ("C", 0, 0)]
    if db.engine.dialect.name == "sqlite":
        counts = [(s, p) for s, p in statements if "count(*)" in s and "FROM booth" in s]
        assert len(counts) == 2
        for statement, parameters in counts:
            plan = " ".join(row[-1] for row in session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))
            assert "USING COVERING INDEX ix_booth_hall_" in plan and "(hall_id=?" in plan, plan
