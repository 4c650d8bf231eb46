"""A fair's results, aggregated in SQL: the headline figures organizers publish and their breakdowns.

Definitions (the same in the dashboard, its exports and the API):
- booths: every booth of the fair; "assigned" has an exhibitor on it;
- exhibitors: enterprises with an approved application; provinces and countries are theirs, a
  province recorded under a former name counting under today's unit (also in the breakdowns);
- visitors: registered, checked in (unique visitors admitted at least once), entries (every accepted
  pass through a gate, re-entries included), read from the fair's attendance tally (the counts up to a
  watermark of ids plus the rows after it: visitors/attendance_tally.py) rather than counted row by row;
- contracts: every contract not cancelled; a confidential amount is counted for organizers and
  officers, and left out of public figures (`public=True`);
- meetings: accepted meetings; "held" have an outcome recorded;
- leads: badges scanned by exhibitors' staff (one per exhibitor and visitor).
"""

from decimal import Decimal

import sqlalchemy as sa

from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth, Zone
from contracts.models import Contract, Lead, Meeting
from core.reference.provinces import resolve_province
from enterprises.models import Enterprise
from fairs.models import Fair
from visitors.attendance_tally import fair_counts

COUNT = sa.func.count()
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"  # the app's BABEL_DEFAULT_TIMEZONE; views pass the configured one


def _money(value) -> Decimal:
    return Decimal(value or 0)


def _exhibitors(fair: Fair):
    """The fair's exhibiting enterprises (approved applications), as a subquery of ids."""
    return (sa.select(BoothApplication.enterprise_id)
            .where(BoothApplication.fair_id == fair.id, BoothApplication.status == "approved")
            .distinct().subquery())


def _counted_contracts(fair: Fair, *, public: bool):
    conditions = [Contract.fair_id == fair.id, Contract.status != "cancelled"]
    if public:
        conditions.append(Contract.confidential.is_(False))
    return conditions


def _attendance(session, fair: Fair, timezone: str) -> dict:
    """Registered, checked in and entries from the attendance tally; `timezone` is the attendance dashboard's,
    so both read (and fold) the same tally. The totals themselves do not depend on it."""
    counts = fair_counts(session, fair.id, timezone=timezone)
    return {"registered": sum(registered for registered, _admitted in counts.groups.values()),
            "checked_in": sum(admitted for _registered, admitted in counts.groups.values()),
            "entries": sum(entries for entries, _refused, _doubles in counts.scans.values())}


def fair_summary(session, fair: Fair, *, public: bool = False, timezone: str = DEFAULT_TIMEZONE) -> dict:
    """The headline figures of a fair (the shape of `GET /api/v1/fairs/{id}/summary`)."""
    # Counted by zone in the (fair, zone) index, then the few zones looked up: not a zone per booth.
    by_zone = (sa.select(Booth.zone_id, COUNT.label("booths")).where(Booth.fair_id == fair.id)
               .group_by(Booth.zone_id).subquery())
    by_kind = {kind: int(n) for kind, n in session.execute(
        sa.select(Zone.kind, sa.func.sum(by_zone.c.booths)).join(by_zone, by_zone.c.zone_id == Zone.id)
        .group_by(Zone.kind))}
    assigned = session.scalar(
        sa.select(sa.func.count(sa.distinct(BoothAssignment.booth_id)))
        .join(Booth, Booth.id == BoothAssignment.booth_id).where(Booth.fair_id == fair.id))
    exhibitors = _exhibitors(fair)
    exhibitor_figures = session.execute(
        sa.select(COUNT, sa.func.count(sa.distinct(Enterprise.country)))
        .select_from(Enterprise).join(exhibitors, exhibitors.c.enterprise_id == Enterprise.id)).one()
    recorded_provinces = session.scalars(
        sa.select(Enterprise.province).distinct().join(exhibitors, exhibitors.c.enterprise_id == Enterprise.id)
        .where(Enterprise.province.is_not(None)))
    provinces = {_today(name) for name in recorded_provinces}
    contracts = session.execute(
        sa.select(COUNT, sa.func.sum(Contract.value_vnd), sa.func.sum(Contract.value_usd),
                  sa.func.count(Contract.verified_at))
        .where(*_counted_contracts(fair, public=public))).one()
    # Grouped by status, the accepted ones picked here: a filter on status = 'accepted' lets PostgreSQL walk a
    # slot's partial index (every accepted meeting of every fair) rather than the fair's (fair, status) index.
    by_status = {status: (n, held) for status, n, held in session.execute(
        sa.select(Meeting.status, COUNT, sa.func.count(Meeting.outcome)).where(Meeting.fair_id == fair.id)
        .group_by(Meeting.status))}
    meetings = by_status.get("accepted", (0, 0))
    leads = session.scalar(sa.select(COUNT).select_from(Lead).where(Lead.fair_id == fair.id))
    return {
        "booths": {"total": sum(by_kind.values()), "assigned": assigned,
                   "by_zone_kind": dict(sorted(by_kind.items()))},
        "exhibitors": exhibitor_figures[0], "provinces": len(provinces), "countries": exhibitor_figures[1],
        "visitors": _attendance(session, fair, timezone),
        "contracts": {"count": contracts[0], "value_vnd": _money(contracts[1]), "value_usd": _money(contracts[2]),
                      "verified": contracts[3]},
        "meetings": {"count": meetings[0], "held": meetings[1]},
        "leads": leads,
    }


def _today(recorded: str) -> str:
    """Today's provincial unit of a recorded name (a former name counts under the unit that absorbed it)."""
    unit = resolve_province(recorded)
    return unit.name_vi if unit else recorded


def _grouped(session, fair: Fair, column, *, public: bool, join_seller: bool = False, key=None) -> list[dict]:
    query = sa.select(column, COUNT, sa.func.sum(Contract.value_vnd), sa.func.sum(Contract.value_usd))
    if join_seller:
        query = query.join(Enterprise, Enterprise.id == Contract.seller_enterprise_id)
    rows = session.execute(query.where(*_counted_contracts(fair, public=public)).group_by(column)).all()
    merged: dict[str, dict] = {}
    for recorded, count, vnd, usd in rows:  # at most a few hundred groups: merging them here is cheap
        name = key(recorded) if key and recorded else (recorded or "")
        item = merged.setdefault(name, {"key": name, "count": 0, "value_vnd": Decimal(0), "value_usd": Decimal(0)})
        item["count"] += count
        item["value_vnd"] += _money(vnd)
        item["value_usd"] += _money(usd)
    return sorted(merged.values(), key=lambda item: (-item["value_vnd"], item["key"]))


def contract_breakdowns(session, fair: Fair, *, public: bool = False) -> dict[str, list[dict]]:
    """Contracts by kind, seller province, buyer country and sector: count and value in VND and USD."""
    return {
        "kind": _grouped(session, fair, Contract.kind, public=public),
        "seller_province": _grouped(session, fair, Enterprise.province, public=public, join_seller=True,
                                    key=_today),
        "buyer_country": _grouped(session, fair, Contract.buyer_country, public=public),
        "sector": _grouped(session, fair, Contract.category, public=public),
    }


def summary_rows(summary: dict, breakdowns: dict[str, list[dict]]) -> tuple[list[str], list[list]]:
    """One flat table of the results (section, key, count, VND, USD) for CSV/XLSX."""
    rows: list[list] = [
        ["booths", "total", summary["booths"]["total"], None, None],
        ["booths", "assigned", summary["booths"]["assigned"], None, None],
        *[["booths_by_zone_kind", kind, n, None, None] for kind, n in summary["booths"]["by_zone_kind"].items()],
        ["exhibitors", "total", summary["exhibitors"], None, None],
        ["exhibitors", "provinces", summary["provinces"], None, None],
        ["exhibitors", "countries", summary["countries"], None, None],
        *[["visitors", key, n, None, None] for key, n in summary["visitors"].items()],
        ["contracts", "total", summary["contracts"]["count"], summary["contracts"]["value_vnd"],
         summary["contracts"]["value_usd"]],
        ["contracts", "verified", summary["contracts"]["verified"], None, None],
        ["meetings", "accepted", summary["meetings"]["count"], None, None],
        ["meetings", "held", summary["meetings"]["held"], None, None],
        ["leads", "total", summary["leads"], None, None],
    ]
    for section, items in breakdowns.items():
        rows += [[f"contracts_by_{section}", item["key"], item["count"], item["value_vnd"], item["value_usd"]]
                 for item in items]
    return ["section", "key", "count", "value_vnd", "value_usd"], rows
