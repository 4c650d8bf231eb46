"""The long lists' queries use indexes: no full scan of a large table, and a page in the default order read
from an index rather than sorted out of the whole fair.

The pages are opened as their roles (the statement-count test's walk, plus the lists' filters and sorts);
every statement of a paginated query (one with LIMIT) and every statement of a detail page is explained:
`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL with sequential scans discouraged (on a test's tiny
tables PostgreSQL would rightly prefer them; with them off, one is left only where no index serves).
"""

import re

import pytest
import sqlalchemy as sa

from core.extensions import db
from tests.core.test_statement_counts import SMALL, StatementCounter, measure_world

# Tables that grow with a fair (Canton: 74,000 booths, 200,000 visitors, 1,000,000 scans …).
LARGE_TABLES = ("booth", "visitor", "scan", "admission", "contract", "booth_application", "lead", "audit_event",
                "badge", "booth_assignment", "meeting")

# (name, role, path, default order): a list in its default order must not sort the fair's rows for a page.
LISTS = [
    ("review queue", "organizer", "/fairs/{fair_id}/applications", True),
    ("review queue by status", "organizer", "/fairs/{fair_id}/applications?status=approved&sort=-status", False),
    ("review queue by name", "organizer", "/fairs/{fair_id}/applications?sort=name&country=VN", False),
    ("enterprises", "organizer", "/enterprises/", True),
    ("enterprises by province", "organizer", "/enterprises/?province=Hà Nội&sort=-created", False),
    ("contracts", "organizer", "/fairs/{fair_id}/contracts", True),
    ("contracts by value", "organizer", "/fairs/{fair_id}/contracts?sort=-value&kind=contract", False),
    ("contracts by value only", "organizer", "/fairs/{fair_id}/contracts?sort=-value", True),
    ("contracts by buyer", "organizer", "/fairs/{fair_id}/contracts?sort=buyer", True),
    ("contracts of a kind", "organizer", "/fairs/{fair_id}/contracts?kind=mou", True),
    ("contracts by seller", "organizer", "/fairs/{fair_id}/contracts?sort=seller&verified=no", False),
    ("contracts searched", "organizer", "/fairs/{fair_id}/contracts?q=buyer&country=JP&seller=a", False),
    ("visitors", "organizer", "/fairs/{fair_id}/visitors", True),
    ("visitors by type", "organizer", "/fairs/{fair_id}/visitors?type=trade_buyer&sort=name", False),
    ("visitors admitted", "organizer", "/fairs/{fair_id}/visitors?admitted=yes&country=JP", False),
    ("application", "organizer", "/applications/{application_id}", False),
    ("visitor", "organizer", "/fairs/{fair_id}/visitors/{visitor_id}", False),
    ("booth", "organizer", "/fairs/{fair_id}/booths/{booth_code}", False),
    ("attendance", "organizer", "/fairs/{fair_id}/attendance", False),
    ("leads", "exhibitor", "/fairs/{fair_id}/leads", True),
    ("leads by rating", "exhibitor", "/fairs/{fair_id}/leads?rating=5&sort=-rating", False),
    ("leads by name", "exhibitor", "/fairs/{fair_id}/leads?sort=name&type=trade_buyer&q=khach", False),
    ("lead", "exhibitor", "/leads/{lead_id}", False),
    # Pages whose lists are cut in Python (a chunk at a time) or bounded by the slots: every query is checked.
    ("meetings", "exhibitor", "/fairs/{fair_id}/meetings", False),
    ("meetings buyer search", "exhibitor", "/fairs/{fair_id}/meetings?bq=khach&bcountry=VN", False),
    ("buyer meetings", None, "/badges/{buyer_token}/meetings", False),
    # One exhibitor's own contracts are few: their filter must use an index, their order need not.
    ("exhibitor contracts", "exhibitor", "/fairs/{fair_id}/contracts", False),
    ("exhibitor staff", "exhibitor", "/applications/{own_application_id}/staff", False),
    ("gate attendance", "staff", "/fairs/{fair_id}/attendance", False),
    # The fair's results: aggregates of the whole fair, their visitor figures from the attendance tally.
    ("results", "organizer", "/fairs/{fair_id}/results", False),
    ("public results", None, "/f/{fair_code}/results", False),
]
# The same, through the API with a bearer token.
API_LISTS = [
    ("api visitors", "organizer", "/api/v1/fairs/{fair_id}/visitors", True),
    ("api visitors filtered", "organizer",
     "/api/v1/fairs/{fair_id}/visitors?visitor_type=trade_buyer&country=JP&admitted=true", False),
    ("api scans", "organizer", "/api/v1/fairs/{fair_id}/scans", True),
    ("api staff", "exhibitor", "/api/v1/applications/{own_application_id}/staff", False),
    ("api attendance", "organizer", "/api/v1/fairs/{fair_id}/attendance", False),
    ("api summary", "organizer", "/api/v1/fairs/{fair_id}/summary", False),
]
# Pages whose every statement is explained, not only the paginated ones (the meetings pages' lists are cut in
# Python a chunk at a time or bounded by the slots).
RESULTS = {"results", "public results", "api summary"}
DETAIL = ({name for name, _role, path, _default in LISTS if "{" in path.rsplit("/", 1)[-1]}
          | {"attendance", "gate attendance", "api attendance", "exhibitor staff", "api staff", "meetings",
             "meetings buyer search", "buyer meetings"} | RESULTS)
# The attendance figures read a fair's visitors, admissions and scans after the tally's watermark
# (visitors/attendance_tally.py): a statement that reads them by fair alone reads the whole fair.
ATTENDANCE = {"attendance", "gate attendance", "api attendance"} | RESULTS


def _fresh_unanalysed_tables(engine, autovacuum: bool) -> None:
    """PostgreSQL: recreate the tables, with autovacuum (and so autoanalyze) on or off."""
    db.drop_all()
    db.create_all()
    setting = "true" if autovacuum else "false"
    with engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            connection.exec_driver_sql(f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = {setting})')


@pytest.fixture(scope="module")
def statements(app):
    """[(page, sql, parameters)] of the walk, on a fair of SMALL items (plans do not depend on the rows)."""
    recorder = StatementCounter()
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            # A tiny table's plan turns on its statistics. After two thousand tests they depend on what those
            # left and on when autovacuum last ran, and the planner's pick among indexes becomes a coin toss (CI
            # once saw an object's history read by walking the created_at index). Fresh tables that are never
            # analysed are planned as tables of unknown, non-trivial size: the same plan on every run.
            _fresh_unanalysed_tables(engine, autovacuum=False)
    sa.event.listen(engine, "before_cursor_execute", recorder)
    try:
        results = measure_world(app, SMALL, recorder, pages=[(name, role, path) for name, role, path, _ in LISTS],
                                api=[(name, role, path) for name, role, path, _ in API_LISTS])
    finally:
        sa.event.remove(engine, "before_cursor_execute", recorder)
    assert all(status == 200 for status, _count, _sql in results.values()), results
    yield recorder.log
    if engine.dialect.name == "postgresql":
        with app.app_context():
            _fresh_unanalysed_tables(engine, autovacuum=True)


def _plan(connection, sql, parameters, ordered: bool) -> list[str]:
    if connection.dialect.name == "sqlite":
        return [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)]
    # The walk's tables are tiny (and emptied): without these, PostgreSQL rightly prefers a scan and a sort; with
    # them off, a sequential scan (or, for a list in its default order, a sort) is left only where no index serves.
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    if ordered:
        connection.exec_driver_sql("SET LOCAL enable_sort = off")
    return [row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql, parameters)]


def _full_scans(plan: list[str], dialect: str) -> list[str]:
    if dialect == "sqlite":
        # "SCAN t" reads the whole table, "SCAN t USING INDEX i" the whole of an index; "SEARCH" reads a range.
        return [line for line in plan for table in LARGE_TABLES if (line + " ").startswith(f"SCAN {table} ")]
    scans = []
    for number, line in enumerate(plan):
        node = re.search(r"(Seq Scan|Index Scan|Index Only Scan)(?: Backward)?(?: using \S+)? on (\w+)", line)
        if not node or node.group(2) not in LARGE_TABLES:
            continue
        details = []
        for following in plan[number + 1:]:
            if "->" in following:
                break
            details.append(following)
        # An index scan without an Index Cond walks the whole index: as much a full scan as a Seq Scan.
        if node.group(1) == "Seq Scan" or not any("Index Cond" in detail for detail in details):
            scans.append(line.strip())
    return scans


def _sorts_whole_fair(plan: list[str], dialect: str) -> bool:
    if dialect == "sqlite":
        return any("TEMP B-TREE FOR ORDER BY" in line for line in plan)
    # An incremental sort (ties of an index's order broken by id) reads the index in order: not a whole sort.
    return any(re.match(r"\s*(->\s+)?Sort\s+\(", line) for line in plan)


def _whole_fair_reads(plan: list[str], dialect: str) -> list[str]:
    # SQLite only: on a fresh, never-analysed PostgreSQL table every index on fair_id costs the same, and which
    # one the planner takes is a coin toss (BENCHMARKS.md has the plans on the analysed Canton data).
    if dialect != "sqlite":
        return []
    return [line for line in plan if re.match(r"SEARCH (visitor|admission|scan) .*\(fair_id=\?\)$", line)]


def _checked(log, name):
    default = next(default for list_name, _r, _p, default in LISTS + API_LISTS if list_name == name)
    for page, sql, parameters in log:
        if page != name or not sql.lstrip().upper().startswith("SELECT"):
            continue
        if "LIMIT" in sql or name in DETAIL:
            yield sql, parameters, default and "LIMIT" in sql and "ORDER BY" in sql


@pytest.mark.parametrize("name", [entry[0] for entry in LISTS + API_LISTS])
def test_list_queries_use_indexes(app, statements, name):
    """No full scan of a large table on a list or detail page; the default order of a list comes from an index."""
    problems, checked = [], 0
    with app.app_context(), db.engine.connect() as connection:
        dialect = connection.dialect.name
        for sql, parameters, ordered in _checked(statements, name):
            with connection.begin():
                plan = _plan(connection, sql, parameters, ordered)
            checked += 1
            scans = _full_scans(plan, dialect)
            if scans:
                problems.append(f"full scan {scans}:\n{sql}")
            if name in ATTENDANCE and "LIMIT" not in sql and _whole_fair_reads(plan, dialect):
                problems.append(f"reads the whole fair, not after the tally: {plan}:\n{sql}")
            if ordered and _sorts_whole_fair(plan, dialect):
                problems.append(f"sorted, not read in index order: {plan}:\n{sql}")
    assert checked, f"{name}: no statement checked"
    assert not problems, f"{name}:\n" + "\n\n".join(problems)
