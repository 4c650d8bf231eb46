"""The fair's visitors and scans as the API lists them: filtered, counted and cut in the database."""

import sqlalchemy as sa

from core.pagination import page_items
from fairs.models import Fair
from visitors.attendance_tally import fair_counts, registered_count
from visitors.models import Admission, Scan, Visitor


def visitors_page(session, fair: Fair, filters: dict, pagination, *, timezone: str) -> list[dict]:
    """One page of the fair's visitors, newest first, filtered by type, country, whether they have been admitted
    and a search (name, organisation or e-mail); each with `admitted`, found in one more query for the page.
    Without a search, the total comes from the attendance tally (`timezone`: the dashboard's, whose tally it
    reads), not from counting the fair's visitors (200,000 at Canton scale)."""
    query = sa.select(Visitor).where(Visitor.fair_id == fair.id)
    if filters.get("visitor_type"):
        query = query.where(Visitor.visitor_type == filters["visitor_type"])
    if filters.get("country"):
        query = query.where(Visitor.country == filters["country"].upper())
    if filters.get("admitted") is not None:
        entered = sa.select(Admission.id).where(Admission.visitor_id == Visitor.id).correlate(Visitor).exists()
        query = query.where(entered if filters["admitted"] else ~entered)
    search = (filters.get("q") or "").strip().lower()
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.or_(*(sa.func.lower(column).like(pattern, escape="\\")
                                     for column in (Visitor.full_name, Visitor.organisation, Visitor.email))))
    total = None if search else registered_count(
        fair_counts(session, fair.id, timezone=timezone), visitor_type=filters.get("visitor_type") or None,
        country=(filters.get("country") or "").upper() or None, admitted=filters.get("admitted"))
    visitors = page_items(session, query.order_by(Visitor.created_at.desc(), Visitor.id.desc()), pagination,
                          total=total)
    admitted = set(session.scalars(sa.select(Admission.visitor_id).distinct().where(
        Admission.visitor_id.in_([visitor.id for visitor in visitors])))) if visitors else set()
    return [{"id": visitor.id, "full_name": visitor.full_name, "organisation": visitor.organisation,
             "email": visitor.email, "country": visitor.country, "province": visitor.province,
             "visitor_type": visitor.visitor_type, "created_at": visitor.created_at,
             "admitted": visitor.id in admitted} for visitor in visitors]


def scans_page(session, fair: Fair, filters: dict, pagination, *, timezone: str) -> list[Scan]:
    """One page of the fair's scans (refused ones too), newest first, filtered by gate, result and time. Unfiltered
    or by gate, the total comes from the attendance tally (`timezone`: the dashboard's, whose tally it reads), not
    from counting the fair's scans (1,000,000 at Canton scale, 44 ms a page)."""
    query = sa.select(Scan).where(Scan.fair_id == fair.id)
    if filters.get("gate"):
        query = query.where(Scan.gate == filters["gate"])
    if filters.get("result"):
        query = query.where(Scan.result == filters["result"])
    if filters.get("since"):
        query = query.where(Scan.scanned_at >= filters["since"])
    if filters.get("until"):
        query = query.where(Scan.scanned_at < filters["until"])
    total = None
    if not any(filters.get(name) for name in ("result", "since", "until")):
        gate = filters.get("gate")
        total = sum(entries + refused for (scan_gate, _day, _hour), (entries, refused, _doubles)
                    in fair_counts(session, fair.id, timezone=timezone).scans.items() if not gate or scan_gate == gate)
    return page_items(session, query.order_by(Scan.scanned_at.desc(), Scan.id.desc()), pagination, total=total)
