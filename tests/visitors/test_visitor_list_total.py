"""The visitor list's total (the page, a visitor's "n of N", the API's X-Pagination) is exact with every filter;
without a search it comes from the attendance tally, with no count of the fair's visitors (200,000 at Canton)."""

import itertools
import json
import random

import pytest
import sqlalchemy as sa

from core.db import utcnow
from core.extensions import db
from tests.visitors.test_attendance_tally import ZONE, _add
from visitors import attendance_tally, listing
from visitors.models import Admission, Visitor


@pytest.fixture
def crowd(app, session, running_fair, monkeypatch):
    """A running fair with 40 visitors, some admitted, partly folded into the tally and partly after it (new
    visitors, and old ones admitted for the first time after the watermark)."""
    app.config["BABEL_DEFAULT_TIMEZONE"] = ZONE
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 1000)  # no request folds: the rows after it stay after it
    rng = random.Random(22)
    _add(session, running_fair, rng, visitors=30, scans=40)
    attendance_tally.fold_tally(session, running_fair.id, timezone=ZONE)
    _add(session, running_fair, rng, visitors=10, scans=30)  # after the watermark
    return running_fair


def _count(session, fair, visitor_type, country, admitted) -> int:
    """COUNT(*) of the fair's visitors of that type, country, admitted (True) or never (False)."""
    query = sa.select(sa.func.count()).select_from(Visitor).where(Visitor.fair_id == fair.id)
    if visitor_type:
        query = query.where(Visitor.visitor_type == visitor_type)
    if country:
        query = query.where(Visitor.country == country.upper())
    came = sa.select(Admission.id).where(Admission.visitor_id == Visitor.id).exists()
    if admitted is not None:
        query = query.where(came if admitted else ~came)
    return session.scalar(query)


COMBINATIONS = list(itertools.product([None, "press", "trade_buyer"], [None, "VN", "jp", "FR"], [None, True, False]))


def test_the_tally_covers_visitors_after_its_watermark(session, crowd):
    """The fixture is what it claims: visitors and first admissions on both sides of the watermark."""
    tally = session.get(attendance_tally.AttendanceTally, crowd.id)
    newest = session.scalar(sa.select(sa.func.max(Visitor.id)).where(Visitor.fair_id == crowd.id))
    assert 0 < tally.visitor_id < newest
    assert session.scalar(sa.select(sa.func.count()).select_from(Admission).where(Admission.id > tally.admission_id))
    listing.visitor_page(session, crowd, listing.visitor_query({}), page=1,
                         counts=attendance_tally.fair_counts(session, crowd.id, timezone=ZONE))
    assert session.get(attendance_tally.AttendanceTally, crowd.id).visitor_id == tally.visitor_id


def test_the_list_total_is_the_count_of_the_matching_visitors(session, crowd):
    """The desk's list and a visitor's "n of N": the total equals COUNT(*) for each filter combination."""
    some = session.scalar(sa.select(Visitor.id).where(Visitor.fair_id == crowd.id).order_by(Visitor.id.desc()))
    for visitor_type, country, admitted in COMBINATIONS:
        expected = _count(session, crowd, visitor_type, country, admitted)
        asked = listing.visitor_query({"type": visitor_type or "", "country": country or "",
                                       "admitted": {True: "yes", False: "no"}.get(admitted, "")})
        page = listing.visitor_page(session, crowd, asked, page=1,
                         counts=attendance_tally.fair_counts(session, crowd.id, timezone=ZONE))
        assert page.total == expected, (visitor_type, country, admitted)
        assert len(page.items) == min(expected, page.per_page)
        assert listing.visitor_neighbours(session, crowd, asked, some, timezone=ZONE).total == expected


def test_the_api_total_is_the_count_of_the_matching_visitors(api, session, crowd):
    """The API's X-Pagination total equals COUNT(*) for each filter combination; the page holds that many."""
    caller = api("organizer")
    for visitor_type, country, admitted in COMBINATIONS:
        query = {name: value for name, value in (("visitor_type", visitor_type), ("country", country),
                                                 ("admitted", {True: "true", False: "false"}.get(admitted)))
                 if value}
        response = caller.get(f"/api/v1/fairs/{crowd.id}/visitors", page_size=10, **query)
        assert response.status_code == 200, response.get_data(as_text=True)
        expected = _count(session, crowd, visitor_type, country, admitted)
        assert json.loads(response.headers["X-Pagination"])["total"] == expected, (visitor_type, country, admitted)
        assert len(response.get_json()) == min(10, expected)


def test_a_search_is_counted(api, session, crowd):
    """With a search the tally cannot answer: the total is counted, and still exact."""
    session.execute(sa.update(Visitor).where(Visitor.id == session.scalar(
        sa.select(sa.func.min(Visitor.id)).where(Visitor.fair_id == crowd.id))).values(
        full_name="Bà Tư Hồng", search_text="ba tu hong"))
    session.commit()
    page = listing.visitor_page(session, crowd, listing.visitor_query({"q": "hồng"}), page=1,
                         counts=attendance_tally.fair_counts(session, crowd.id, timezone=ZONE))
    assert page.total == 1
    response = api("organizer").get(f"/api/v1/fairs/{crowd.id}/visitors", q="Hồng")
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def _statements(app, call) -> list[str]:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert call().status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert statements
    return statements


def _list_counts(statements: list[str]) -> list[str]:
    """COUNTs over a subquery of the visitor list (the totals and positions; not the tally's grouped counts)."""
    return [s for s in statements if "count(*)" in s and "FROM (SELECT visitor.id" in s]


@pytest.mark.parametrize("query", ["", "?type=press", "?country=VN&admitted=no"])
def test_the_list_page_does_not_count_the_visitors(app, client, login_as, crowd, query):
    """The desk's list, unfiltered or by type, country and admitted: no statement counts the fair's visitors."""
    login_as("organizer")
    statements = _statements(app, lambda: client.get(f"/fairs/{crowd.id}/visitors{query}"))
    assert not _list_counts(statements)


def test_the_api_does_not_count_the_visitors(app, api, crowd):
    """The API's visitor list, unfiltered: no statement counts the fair's visitors."""
    caller = api("organizer")
    statements = _statements(app, lambda: caller.get(f"/api/v1/fairs/{crowd.id}/visitors", page_size=10))
    assert not _list_counts(statements)


def test_a_visitors_page_counts_only_its_position(app, client, login_as, session, crowd):
    """A visitor's page: the total from the tally, only the visitors before it counted (its position)."""
    some = session.scalar(sa.select(Visitor.id).where(Visitor.fair_id == crowd.id).order_by(Visitor.id))
    login_as("organizer")
    statements = _statements(app, lambda: client.get(f"/fairs/{crowd.id}/visitors/{some}"))
    assert len(_list_counts(statements)) == 1


def test_the_country_choices_are_those_of_the_fairs_visitors(session, crowd):
    """The country filter offers every country a visitor came from, one registered after the watermark too."""
    session.add(Visitor(fair_id=crowd.id, full_name="Ana", email="ana@example.br", country="BR", province=None,
                        visitor_type="visitor", sectors=[], source="desk", created_at=utcnow()))
    session.commit()
    expected = set(session.scalars(sa.select(Visitor.country).where(Visitor.fair_id == crowd.id).distinct()))
    choices = listing.visitor_choices(attendance_tally.fair_counts(session, crowd.id, timezone=ZONE),
                                      language="en")["countries"]
    assert {code for code, _name in choices} == expected and "BR" in expected
