"""An exhibitor's staff are found from the index on visitor.application_id, even where nearly every visitor is no
one's staff: the index is partial (staff only), so the database's statistics describe the staff, not the NULLs."""

import sqlalchemy as sa

from core.db import utcnow
from visitors.models import Visitor

VISITORS = 3000


def test_the_staff_query_reads_the_index_after_analyze(session, make_fair, make_application):
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
