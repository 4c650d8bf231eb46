"""The grants, visitor and delegation imports issue as many statements for 40 rows as for 10: no query, flush or
savepoint a row (what made 100,000-row imports quadratic or too slow for SQLite's write lock)."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from booths.applications.delegations import import_delegation
from core.db import utcnow
from support.imports import import_grants
from support.services import create_programme
from visitors.imports import import_visitors

TAX_CODES = ("0100109106", "0101243150")


class Statements:
    """Counts the statements sent to the database (an executemany is one)."""

    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1


def _count(session, work) -> int:
    counter = Statements()
    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        with force_locale("en"):
            work()
        session.flush()
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    session.rollback()
    return counter.count


def _grants(session, make_enterprise, make_user):
    for code in TAX_CODES:
        make_enterprise(tax_code=code)
    programme = create_programme(session, {"name": "P", "level": "national", "year": 2026, "decision_ref": "1/QĐ",
                                           "decision_date": "2026-01-05", "budget_vnd": 10**12}, actor=None,
                                 now=utcnow())
    organizer = make_user(role="organizer")
    session.commit()
    statuses = ("approved", "planned", "disbursed")
    return lambda n: lambda: import_grants(session, programme, [
        {"tax_code": TAX_CODES[i % 2], "content": "training", "amount_vnd": "1000000", "fair_code": "",
         "status": statuses[i % 3]} for i in range(n)], actor=organizer, now=utcnow())


def _visitors(session, make_fair, make_user):
    fair = make_fair(status="open")
    organizer = make_user(role="organizer")
    session.commit()
    return lambda n: lambda: import_visitors(session, fair, [
        {"full_name": f"Khách {i}", "email": f"k{n}-{i}@ex.vn", "country": "VN", "province": "Huế",
         "visitor_type": "trade_buyer"} for i in range(n)], actor=organizer, now=utcnow())


def _delegations(session, make_fair, make_user, make_enterprise):
    fair = make_fair(status="open")
    make_enterprise(tax_code=TAX_CODES[0])  # on file: reused
    organizer = make_user(role="organizer")
    session.commit()
    return lambda n: lambda: import_delegation(session, fair, [
        {"name": f"Cơ sở {i}", "kind": "enterprise", "country": "VN", "province": "Hà Nội", "sector": "handicraft",
         "booths_requested": "1", "tax_code": TAX_CODES[0] if i == 0 else ""} for i in range(n)],
        actor=organizer, now=utcnow())


@pytest.mark.parametrize("kind", ["grants", "visitors", "delegations"])
def test_an_import_issues_as_many_statements_for_40_rows_as_for_10(session, make_fair, make_user, make_enterprise,
                                                                    kind):
    """Count the statements of the same import at 10 and at 40 rows, rolled back in between."""
    build = {"grants": lambda: _grants(session, make_enterprise, make_user),
             "visitors": lambda: _visitors(session, make_fair, make_user),
             "delegations": lambda: _delegations(session, make_fair, make_user, make_enterprise)}[kind]()
    small, large = _count(session, build(10)), _count(session, build(40))
    assert small == large, (kind, small, large)
