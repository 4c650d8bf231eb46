"""`flask demo` lays out the demo fair: about 650 booths in three halls, and a second run adds nothing."""

from itertools import combinations

import sqlalchemy as sa

from booths.layout.geometry import Rect, inside, overlap, share_edge
from booths.layout.models import Booth, BoothAdjacency, Hall, Zone
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE
from tests.conftest import table_count


def run_demo(app):
    """Invoke `flask demo` and check it succeeded."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def test_the_demo_lays_out_652_booths_in_three_halls(app, session):
    """Three halls, 652 booths, and zones of every kind including pavilions."""
    result = run_demo(app)
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    assert session.scalar(sa.select(sa.func.count()).select_from(Hall).where(Hall.fair_id == fair.id)) == 3
    assert session.scalar(sa.select(sa.func.count()).select_from(Booth).where(Booth.fair_id == fair.id)) == 652
    kinds = set(session.scalars(sa.select(Zone.kind).where(Zone.fair_id == fair.id)))
    assert kinds == {"international", "domestic", "technical", "pavilion"}
    assert "652" in result.output


def test_every_demo_booth_is_inside_its_hall_and_overlaps_none(app, session):
    """The demo layout keeps the rules an import keeps."""
    run_demo(app)
    for hall in session.scalars(sa.select(Hall)):
        rects = [Rect(b.code, b.x_cm, b.y_cm, b.width_cm, b.depth_cm)
                 for b in session.scalars(sa.select(Booth).where(Booth.hall_id == hall.id))]
        assert rects, hall.name
        assert all(inside(rect, hall.width_cm, hall.depth_cm) for rect in rects), hall.name
        assert not any(overlap(a, b) for a, b in combinations(rects, 2)), hall.name


def test_the_demo_stores_its_neighbour_graph(app, session):
    """The stored pairs are exactly the edge-sharing pairs of the demo layout, checked pair by pair."""
    run_demo(app)
    codes = dict(session.execute(sa.select(Booth.id, Booth.code)).all())
    stored = {frozenset((codes[a], codes[b]))
              for a, b in session.execute(sa.select(BoothAdjacency.booth_id, BoothAdjacency.neighbour_id))}
    expected = set()
    for hall in session.scalars(sa.select(Hall)):
        rects = [Rect(b.code, b.x_cm, b.y_cm, b.width_cm, b.depth_cm)
                 for b in session.scalars(sa.select(Booth).where(Booth.hall_id == hall.id))]
        expected |= {frozenset((a.key, b.key)) for a, b in combinations(rects, 2) if share_edge(a, b)}
    assert stored and stored == expected


def test_the_demo_blocks_two_booths_with_a_reason(app, session):
    """B-001 and B-024 are blocked for the emergency exit."""
    run_demo(app)
    blocked = session.execute(sa.select(Booth.code, Booth.blocked_reason).where(Booth.blocked.is_(True))).all()
    assert sorted(code for code, _reason in blocked) == ["B-001", "B-024"]
    assert all(reason for _code, reason in blocked)


def test_running_the_demo_twice_adds_no_booth(app, session):
    """The second run leaves halls, zones, booths and pairs as they were."""
    run_demo(app)
    counts = [table_count(session, model) for model in (Hall, Zone, Booth, BoothAdjacency)]
    run_demo(app)
    assert [table_count(session, model) for model in (Hall, Zone, Booth, BoothAdjacency)] == counts
