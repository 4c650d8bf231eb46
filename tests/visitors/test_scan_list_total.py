"""The API's scan list: its total (X-Pagination) is exact with every filter; unfiltered or by gate it comes from
the attendance tally, with no count of the fair's scans (a million at Canton scale)."""

import json
import random

import pytest
import sqlalchemy as sa

from core.extensions import db
from tests.visitors.test_attendance_tally import GATES, ZONE, _add
from visitors import attendance_tally
from visitors.models import Scan


@pytest.fixture
def scanned(app, session, running_fair, monkeypatch):
    """A running fair with 120 scans at three gates, partly folded into the tally and partly after it."""
    app.config["BABEL_DEFAULT_TIMEZONE"] = ZONE
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 50)
    rng = random.Random(26)
    _add(session, running_fair, rng, visitors=30, scans=90)
    attendance_tally.fold_tally(session, running_fair.id, timezone=ZONE)
    _add(session, running_fair, rng, visitors=5, scans=30)  # after the watermark
    return running_fair


@pytest.mark.parametrize("filters", [{}, {"gate": GATES[0]}, {"gate": "Cổng Z"}, {"result": "admitted"},
                                     {"gate": GATES[1], "result": "already_admitted"}])
def test_the_total_is_the_count_of_the_matching_scans(api, session, scanned, filters):
    """Whatever the filter, the header's total is a count of the raw rows; the page holds the newest."""
    response = api("organizer").get(f"/api/v1/fairs/{scanned.id}/scans", page_size=10, **filters)
    assert response.status_code == 200, response.get_data(as_text=True)
    query = sa.select(sa.func.count()).select_from(Scan).where(Scan.fair_id == scanned.id)
    if filters.get("gate"):
        query = query.where(Scan.gate == filters["gate"])
    if filters.get("result"):
        query = query.where(Scan.result == filters["result"])
    expected = session.scalar(query)
    assert json.loads(response.headers["X-Pagination"])["total"] == expected
    assert len(response.get_json()) == min(10, expected)


def test_unfiltered_the_scans_are_not_counted(app, api, scanned):
    """No statement counts the fair's scans: the tally answers, plus the few rows after its watermark."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    caller = api("organizer")
    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert caller.get(f"/api/v1/fairs/{scanned.id}/scans", page_size=10).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert statements
    assert not [s for s in statements if "count(*)" in s and "FROM (SELECT scan.id" in s]
