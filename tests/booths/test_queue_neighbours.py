"""An application's place in the review queue (n of total, previous, next) found by seeks from its own sort key,
the same as the queue's order in every sort, with ties and NULLs (drafts have no submission time, some
enterprises no province), and without reading the queue's ids into Python."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothApplication
from booths.applications.queue import QUEUE_SORTS, queue_neighbours, queue_query, review_page
from core.db import utcnow
from core.extensions import db
from core.pagination import order_by
from tests.factories import make_application, make_enterprise, make_fair


@pytest.fixture
def queue(session):
    """Nine applications with tied submission times, two drafts (no time), equal names and origins, one
    enterprise without a province."""
    fair = make_fair(session, status="open")
    now = utcnow()
    made = []
    for number in range(9):
        enterprise = make_enterprise(session, legal_name=f"Công ty {'AB'[number % 2]}",
                                     province=None if number == 4 else ("Hà Nội", "Huế")[number % 2],
                                     country="JP" if number == 4 else "VN")
        made.append(make_application(session, fair=fair, enterprise=enterprise, booths_requested=1 + number % 3,
                                     status="draft" if number in (2, 6) else "submitted",
                                     submitted_at=None if number in (2, 6) else now - timedelta(hours=number % 3)))
    session.flush()
    return fair, made


@pytest.mark.parametrize("sort", [key for name in QUEUE_SORTS for key in (name, f"-{name}")])
def test_neighbours_follow_the_queue_order(session, queue, sort):
    """For every application and every order: its position, total, previous and next are the queue's own."""
    fair, _made = queue
    asked = queue_query({"sort": sort})
    ordered = list(session.scalars(
        sa.select(BoothApplication.id).join(BoothApplication.enterprise).where(BoothApplication.fair_id == fair.id)
        .order_by(*order_by(asked.sort, QUEUE_SORTS))))
    for position, application_id in enumerate(ordered):
        found = queue_neighbours(session, fair, asked, application_id)
        assert (found.position, found.total) == (position, len(ordered))
        assert found.previous_id == (ordered[position - 1] if position else None)
        assert found.next_id == (ordered[position + 1] if position + 1 < len(ordered) else None)


def test_a_filtered_out_application_has_no_place(session, queue):
    """Outside the filter: no position, the filter's total."""
    fair, made = queue
    found = queue_neighbours(session, fair, queue_query({"status": "draft"}), made[0].id)
    assert (found.position, found.total, found.previous_id, found.next_id) == (None, 2, None, None)


def test_the_queue_ids_are_not_read(app, session, queue):
    """Every statement is a count or reads at most one row: the queue's ids stay in the database (29,000 of
    them took 45-80 ms a page at Canton)."""
    fair, made = queue
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        queue_neighbours(session, fair, queue_query({"sort": "-origin"}), made[4].id)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert statements
    for statement in statements:
        assert "count(*)" in statement or "LIMIT" in statement or "booth_application.id = " in statement, statement


def test_the_search_narrows_its_candidates_in_sql(app, session, queue):
    """Each source the search reads (the enterprises' texts, the members' e-mails, the booth codes) is narrowed
    by a LIKE in the database before Python folds it: at Canton scale that is a few rows, not 130,000 texts."""
    fair, made = queue
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = review_page(session, fair, queue_query({"q": "Công ty B"}), page=1)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert sorted(item.id for item in page.items) == sorted(a.id for a in made[1::2])
    sources = [s for s in statements if "enterprise.legal_name" in s and "LIMIT" not in s and "count(*)" not in s
               or "user_account.email" in s or "booth.code" in s]
    assert len(sources) == 3 and all("LIKE" in s.upper() for s in sources), sources
