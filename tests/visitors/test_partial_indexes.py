"""Partial indexes over the few rows a page asks for, among a fair's 200,000 visitors and badges: an exhibitor's
staff (visitor.application_id: the database's statistics describe the staff, not the NULLs of everyone else) and
the revoked badges the scanner page lists."""

import pytest
import sqlalchemy as sa

from core.db import utcnow
from visitors.models import Badge, Visitor

VISITORS = 3000


@pytest.fixture
def statistics(session):
    """The tests ANALYZE; on SQLite the statistics stay in the shared test database and would steer the planner of
    every later test (the query-plan test's tiny tables): they are dropped afterwards."""
    yield
    session.rollback()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        for table in ("sqlite_stat1", "sqlite_stat4"):
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    session.commit()
    # A connection that ran ANALYZE keeps the statistics it loaded: new connections start without them.
    session.get_bind().dispose()


def test_the_staff_query_reads_the_index_after_analyze(session, make_fair, make_application, statistics):
    """Statistics taken over 3,000 visitors who are no one's staff, then staff registered: the staff query still
    searches the index (with a full index, SQLite's statistics say one value matches every row, and its planner
    scans the table)."""
    fair, now = make_fair(), utcnow()
    application = make_application(fair=fair)
    session.execute(sa.insert(Visitor), [
        {"fair_id": fair.id, "full_name": f"Khách {number}", "email": f"k{number}@example.vn", "country": "VN",
         "visitor_type": "trade_buyer", "source": "import", "sectors": [], "created_at": now}
        for number in range(VISITORS)])
    connection = session.connection()
    # Statistics taken before anyone registered staff, as on a fair whose buyers were imported first.
    connection.exec_driver_sql("ANALYZE")
    session.execute(sa.insert(Visitor), [
        {"fair_id": fair.id, "full_name": f"Nhân viên {number}", "email": None, "country": "VN",
         "visitor_type": "exhibitor_staff", "source": "staff", "sectors": [], "application_id": application.id,
         "created_at": now}
        for number in range(3)])
    query = sa.select(Visitor.id).where(Visitor.application_id == application.id).order_by(Visitor.full_name)
    compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
    if connection.dialect.name == "sqlite":
        plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
        assert "ix_visitor_application_id" in plan, plan
    else:
        plan = " ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled}"))
        assert "Seq Scan on visitor" not in plan, plan
    assert session.scalar(sa.select(sa.func.count()).where(Visitor.application_id == application.id)) == 3


def _plan(connection, query) -> str:
    compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
    if connection.dialect.name == "sqlite":
        return " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    return " ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled}"))


def test_the_scanner_reads_only_the_revoked_badges(session, make_fair, statistics):
    """3,000 badges, two revoked: the scanner page's query searches the partial index of revoked badges instead of
    reading every badge of the fair, and finds exactly the two revoked serials."""
    fair, now = make_fair(), utcnow()
    session.execute(sa.insert(Visitor), [
        {"fair_id": fair.id, "full_name": f"Khách {number}", "email": f"k{number}@example.vn", "country": "VN",
         "visitor_type": "trade_buyer", "source": "import", "sectors": [], "created_at": now}
        for number in range(VISITORS)])
    visitors = session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id).order_by(Visitor.id)).all()
    session.execute(sa.insert(Badge), [
        {"fair_id": fair.id, "visitor_id": visitor, "serial": number + 1, "issued_at": now, "changed_at": now,
         "revoked_at": now if number in (7, 1999) else None} for number, visitor in enumerate(visitors)])
    session.commit()
    connection = session.connection()
    connection.exec_driver_sql("ANALYZE")
    query = sa.select(Badge.serial).where(Badge.fair_id == fair.id, Badge.revoked_at.is_not(None))
    plan = _plan(connection, query)
    assert "ix_badge_fair_revoked" in plan, plan
    assert sorted(session.scalars(query)) == [8, 2000]
