"""The supported-enterprise report: grants of the selection, the enterprises they supported and what followed.

Reads support, enterprises, booths and contracts; writes nothing. Support counted is what is
committed (approved and disbursed grants); planned grants are intentions. Provinces are today's
units: an enterprise recorded under a former name counts under the unit that absorbed it.

One rule of dates for support and outcomes: the report's period is the chosen year (or the
programme's year), or the chosen fair; a grant counts when the fair it pays for opens in the
period (a grant for no fair, when it was recorded), and booths, contracts, meetings and leads
count when their fair opens in the period; project outcomes when they were recorded. Every
enterprise is counted once in every total, however many programmes supported it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from booths.applications.models import BoothApplication, BoothAssignment
from contracts.models import Contract, Lead, Meeting
from core.collation import sort_key
from core.errors import PermissionDenied, ValidationFailed
from core.inputs import INT32_MAX
from core.pdf import without_cycle_collector
from core.reference.countries import country_name
from core.reference.provinces import resolve_province
from enterprises.models import Enterprise
from fairs.models import Fair
from reports.supported_outcomes import project_outcomes, trade_outcomes
from support.models import SupportGrant, SupportProgramme, SupportProject
from support.vocabulary import COMMITTED_STATUSES, GRANT_CONTENTS


@dataclass(frozen=True)
class ReportFilters:
    """What the report covers; None means no restriction."""

    fair_id: int | None = None
    programme_id: int | None = None
    year: int | None = None
    province: str | None = None  # today's unit


def parse_filters(args, *, scope_province: str | None = None) -> ReportFilters:
    """Filters from query arguments; a province-bound officer is held to that province."""
    errors = []

    def number(name):
        text = (args.get(name) or "").strip()
        if not text:
            return None
        # ASCII digits only ("²".isdigit() is true), and no id past the database's integer.
        if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= INT32_MAX):
            errors.append({"field": name, "message": _("A whole number.")})
            return None
        return int(text)

    fair_id, programme_id, year = number("fair_id"), number("programme_id"), number("year")
    if year is not None and not 2000 <= year <= 2100:
        errors.append({"field": "year", "message": _("A year from 2000 to 2100.")})
        year = None
    text = (args.get("province") or "").strip()
    unit = resolve_province(text) if text else None
    if text and unit is None:
        errors.append({"field": "province", "message": _("Unknown province or city.")})
    if errors:
        raise ValidationFailed(errors)
    province = unit.name_vi if unit else None
    if scope_province:
        if province and province != scope_province:
            raise PermissionDenied(_("Your reports are limited to %(province)s.", province=scope_province))
        province = scope_province
    return ReportFilters(fair_id, programme_id, year, province)


@lru_cache(maxsize=512)
def today_unit(recorded: str | None) -> str:
    """Today's unit for a recorded province name (former names included); the name itself if unknown."""
    unit = resolve_province(recorded)
    return unit.name_vi if unit else (recorded or "—")


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _window(session, filters: ReportFilters) -> tuple[int | None, tuple[date, date] | None]:
    """The fair, or the dates of the year whose support and outcomes count."""
    if filters.fair_id:
        return filters.fair_id, None
    year = filters.year
    if year is None and filters.programme_id:
        year = session.scalar(sa.select(SupportProgramme.year).where(SupportProgramme.id == filters.programme_id))
    return None, ((date(year, 1, 1), date(year, 12, 31)) if year else None)


def report_period(session, filters: ReportFilters) -> tuple[date, date] | None:
    """The first and last day the report covers: the fair's days, the year, or None for every date."""
    fair_id, dates = _window(session, filters)
    if fair_id:
        fair = session.get(Fair, fair_id)
        return (fair.starts_on, fair.ends_on) if fair else None
    return dates


def _in_window(query, fair_column, window):
    fair_id, dates = window
    if fair_id:
        return query.where(fair_column == fair_id)
    if dates:
        return query.join(Fair, Fair.id == fair_column).where(Fair.starts_on.between(*dates))
    return query


def contract_outcomes(session, enterprise_ids: list[int], window) -> dict[tuple[int, int], tuple[int, int]]:
    """(seller, fair) → (contracts, value in VND): contracts not cancelled whose seller is in the selection."""
    if not enterprise_ids:
        return {}
    query = (sa.select(Contract.seller_enterprise_id, Contract.fair_id, sa.func.count(Contract.id),
                       sa.func.coalesce(sa.func.sum(Contract.value_vnd), 0))
             .where(Contract.seller_enterprise_id.in_(enterprise_ids), Contract.status != "cancelled")
             .group_by(Contract.seller_enterprise_id, Contract.fair_id))
    return {(seller, fair): (int(count), int(value))
            for seller, fair, count, value in session.execute(_in_window(query, Contract.fair_id, window))}


def booth_outcomes(session, enterprise_ids: list[int], window) -> dict[int, int]:
    """Enterprise → booths assigned to its approved applications in the window."""
    if not enterprise_ids:
        return {}
    query = (sa.select(BoothApplication.enterprise_id, sa.func.count(BoothAssignment.id))
             .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
             .where(BoothApplication.enterprise_id.in_(enterprise_ids), BoothApplication.status == "approved")
             .group_by(BoothApplication.enterprise_id))
    return {enterprise: int(count) for enterprise, count in session.execute(
        _in_window(query, BoothApplication.fair_id, window))}


def _count_by_enterprise(session, model, enterprise_ids: list[int], window, *conditions) -> dict[int, int]:
    if not enterprise_ids:
        return {}
    query = (sa.select(model.enterprise_id, sa.func.count(model.id))
             .where(model.enterprise_id.in_(enterprise_ids), *conditions).group_by(model.enterprise_id))
    return {enterprise: int(count) for enterprise, count in session.execute(_in_window(query, model.fair_id,
                                                                                       window))}


def meeting_outcomes(session, enterprise_ids: list[int], window) -> dict[int, int]:
    """Enterprise → business-matching meetings it accepted (as the fair summary counts them)."""
    return _count_by_enterprise(session, Meeting, enterprise_ids, window, Meeting.status == "accepted")


def lead_outcomes(session, enterprise_ids: list[int], window) -> dict[int, int]:
    """Enterprise → leads its staff scanned."""
    return _count_by_enterprise(session, Lead, enterprise_ids, window)


def _selected_grants(session, filters: ReportFilters, window) -> list:
    query = (sa.select(SupportGrant.id, SupportGrant.enterprise_id, SupportGrant.programme_id, SupportGrant.fair_id,
                       SupportGrant.content, SupportGrant.amount_vnd, SupportGrant.status, SupportProgramme.year,
                       SupportProgramme.level, Fair.starts_on, SupportGrant.created_at)
             .join(SupportProgramme, SupportProgramme.id == SupportGrant.programme_id)
             .outerjoin(Fair, Fair.id == SupportGrant.fair_id)
             .where(SupportGrant.status.in_(COMMITTED_STATUSES)))
    if filters.fair_id:
        query = query.where(SupportGrant.fair_id == filters.fair_id)
    if filters.programme_id:
        query = query.where(SupportGrant.programme_id == filters.programme_id)
    grants = list(session.execute(query.order_by(SupportGrant.id)))
    _fair, dates = window
    if dates:  # the period's dates, the same rule as the outcomes'
        grants = [grant for grant in grants if dates[0] <= grant_day(grant) <= dates[1]]
    return grants


def grant_day(grant) -> date:
    """The day a grant counts on: its fair's opening, or (for no fair) the day it was recorded, in Vietnam."""
    return grant.starts_on if grant.starts_on else grant.created_at.astimezone(VIETNAM).date()


# The columns a row of the report needs: plain rows, five times quicker to load than 10,000 mapped objects.
_ENTERPRISE_COLUMNS = (Enterprise.id, Enterprise.legal_name, Enterprise.name_en, Enterprise.tax_code,
                       Enterprise.province, Enterprise.country, Enterprise.kind, Enterprise.sector,
                       Enterprise.is_rural_industry)


def _enterprises(session, ids) -> dict[int, sa.Row]:
    found: dict[int, sa.Row] = {}
    ids = sorted(ids)
    for start in range(0, len(ids), 5000):  # stays under every driver's parameter limit
        found.update((row.id, row) for row in session.execute(sa.select(*_ENTERPRISE_COLUMNS).where(
            Enterprise.id.in_(ids[start:start + 5000]))))
    return found


def build_report(session, filters: ReportFilters, *, language: str = "vi") -> dict:
    """The whole report as plain data: totals, by province, by content, programmes, trend, enterprises."""
    # Tens of thousands of grant rows stay alive while the report is built: the cycle collector's full passes over
    # them freed nothing and took a fifth of the time.
    with without_cycle_collector():
        return _build_report(session, filters, language=language)


def _build_report(session, filters: ReportFilters, *, language: str) -> dict:
    window = _window(session, filters)
    grants = _selected_grants(session, filters, window)
    enterprises = _enterprises(session, {grant.enterprise_id for grant in grants})
    units = {eid: _unit(e, language) for eid, e in enterprises.items()}
    if filters.province:
        grants = [grant for grant in grants if units[grant.enterprise_id] == filters.province]
    ids = sorted({grant.enterprise_id for grant in grants})
    contracts = contract_outcomes(session, ids, window)
    booths = booth_outcomes(session, ids, window)
    meetings, leads = meeting_outcomes(session, ids, window), lead_outcomes(session, ids, window)
    per_enterprise_contracts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (seller, _fair), (count, value) in contracts.items():
        per_enterprise_contracts[seller][0] += count
        per_enterprise_contracts[seller][1] += value
    support: dict[int, list] = defaultdict(lambda: [0, 0, set()])
    for grant in grants:
        entry = support[grant.enterprise_id]
        entry[0] += 1
        entry[1] += int(grant.amount_vnd)
        entry[2].add(grant.content)
    rows = []
    for eid in ids:
        enterprise = enterprises[eid]
        count, value = per_enterprise_contracts.get(eid, (0, 0))
        rows.append({
            "id": eid, "name": _name(enterprise, language), "tax_code": enterprise.tax_code,
            "province": units[eid], "province_recorded": enterprise.province, "kind": enterprise.kind,
            "sector": enterprise.sector, "rural": enterprise.is_rural_industry, "booths": booths.get(eid, 0),
            "grants": support[eid][0], "support_vnd": support[eid][1],
            "contents": [c for c in GRANT_CONTENTS if c in support[eid][2]],
            "contracts": count, "contract_value_vnd": value,
            "meetings": meetings.get(eid, 0), "leads": leads.get(eid, 0)})
    province_keys = {unit: sort_key(unit, language) for unit in set(units.values())}  # 34 units, 10,000 rows
    rows.sort(key=lambda row: (province_keys[row["province"]], sort_key(row["name"], language)))
    totals = _totals(rows)
    period = report_period(session, filters)
    programmes = _programmes(session, grants, scoped=bool(filters.province or filters.fair_id or window[1]))
    return {"filters": {"fair_id": filters.fair_id, "programme_id": filters.programme_id, "year": filters.year,
                        "province": filters.province},
            "period": {"start": period[0].isoformat(), "end": period[1].isoformat()} if period else None,
            "totals": totals,
            "by_province": _by_province(rows),
            "by_content": _by_content(grants),
            "by_kind": _by_kind(rows),
            "programmes": programmes,
            "funds": fund_subtotals(programmes),
            "reconciliation": _reconciliation(grants, programmes, totals),
            "trade": trade_outcomes(session, ids, window, language=language),
            "outcomes": project_outcomes(session, filters, period, units_of=lambda e: _unit(e, language)),
            "trend": _trend(session, grants, contracts),
            "enterprises": rows}


def _name(enterprise, language: str) -> str:
    return enterprise.name_en if language == "en" and enterprise.name_en else enterprise.legal_name


def _unit(enterprise, language: str) -> str:
    return today_unit(enterprise.province) if enterprise.country == "VN" else country_name(enterprise.country,
                                                                                             language)


def _totals(rows: list[dict]) -> dict:
    totals = {"enterprises": len(rows)}
    for key in ("grants", "support_vnd", "booths", "contracts", "contract_value_vnd", "meetings", "leads"):
        totals[key] = sum(row[key] for row in rows)
    return totals


def _reconciliation(grants, programmes: list[dict], totals: dict) -> dict:
    """How the per-programme rows add up to the totals: support and grants exactly; enterprises counted under each
    programme that supported them, so the rows exceed the total by the enterprises of several programmes."""
    programmes_of: dict[int, set] = defaultdict(set)
    for grant in grants:
        programmes_of[grant.enterprise_id].add(grant.programme_id)
    several = sum(1 for found in programmes_of.values() if len(found) > 1)
    return {"support_vnd": sum(p["support_vnd"] for p in programmes) == totals["support_vnd"],
            "grants": sum(p["grants"] for p in programmes) == totals["grants"],
            "enterprise_rows": sum(p["enterprises"] for p in programmes),
            "enterprises": totals["enterprises"], "in_several_programmes": several}


def _by_kind(rows: list[dict]) -> list[dict]:
    """Beneficiaries by the legal type the law names (enterprise, cooperative, cooperative group, household
    business, CNNT)."""
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(row["kind"], {"kind": row["kind"], "enterprises": 0, "grants": 0,
                                                "support_vnd": 0})
        group["enterprises"] += 1
        group["grants"] += row["grants"]
        group["support_vnd"] += row["support_vnd"]
    return sorted(groups.values(), key=lambda group: -group["support_vnd"])


def _by_province(rows: list[dict]) -> list[dict]:
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(row["province"], {"province": row["province"], "enterprises": 0, "grants": 0,
                                                    "support_vnd": 0, "booths": 0, "contracts": 0,
                                                    "contract_value_vnd": 0})
        group["enterprises"] += 1
        for key in ("grants", "support_vnd", "booths", "contracts", "contract_value_vnd"):
            group[key] += row[key]
    return sorted(groups.values(), key=lambda group: (-group["support_vnd"], sort_key(group["province"])))


def _by_content(grants) -> list[dict]:
    groups = {content: {"content": content, "grants": 0, "enterprises": set(), "support_vnd": 0}
              for content in GRANT_CONTENTS}
    for grant in grants:
        group = groups[grant.content]
        group["grants"] += 1
        group["support_vnd"] += int(grant.amount_vnd)
        group["enterprises"].add(grant.enterprise_id)
    return [{**group, "enterprises": len(group["enterprises"])} for group in groups.values() if group["grants"]]


def _programmes(session, grants, *, scoped: bool) -> list[dict]:
    """Per programme: plan (budget), committed and disbursed of the whole programme, % disbursed, counterpart funds of
    its projects, and the selection's enterprises, grants and support (`whole_programme` when they differ)."""
    ids = sorted({grant.programme_id for grant in grants})
    if not ids:
        return []
    programmes = {p.id: p for p in session.scalars(sa.select(SupportProgramme).where(SupportProgramme.id.in_(ids)))}
    money = defaultdict(dict)
    for programme_id, status, amount in session.execute(
            sa.select(SupportGrant.programme_id, SupportGrant.status, sa.func.sum(SupportGrant.amount_vnd))
            .where(SupportGrant.programme_id.in_(ids)).group_by(SupportGrant.programme_id, SupportGrant.status)):
        money[programme_id][status] = int(amount or 0)
    counterpart = dict(session.execute(
        sa.select(SupportProject.programme_id, sa.func.coalesce(sa.func.sum(SupportProject.counterpart_vnd), 0))
        .where(SupportProject.programme_id.in_(ids)).group_by(SupportProject.programme_id)).all())
    result = []
    for programme_id in ids:
        programme = programmes[programme_id]
        mine = [grant for grant in grants if grant.programme_id == programme_id]
        budget = int(programme.budget_vnd)
        disbursed = money[programme_id].get("disbursed", 0)
        result.append({
            "id": programme_id, "name": programme.name, "level": programme.level, "year": programme.year,
            "agency": programme.agency, "decision_ref": programme.decision_ref,
            "decision_date": programme.decision_date.isoformat(), "budget_vnd": budget,
            "committed_vnd": money[programme_id].get("approved", 0) + disbursed, "disbursed_vnd": disbursed,
            "disbursed_percent": round(100 * disbursed / budget, 1) if budget else None,
            "counterpart_vnd": int(counterpart.get(programme_id) or 0), "whole_programme": scoped,
            "enterprises": len({grant.enterprise_id for grant in mine}), "grants": len(mine),
            "support_vnd": sum(int(grant.amount_vnd) for grant in mine)})
    result.sort(key=lambda p: (p["level"] != "national", p["year"], p["name"]))
    return result


def fund_subtotals(programmes: list[dict]) -> list[dict]:
    """National and local subtotals of the programme rows, then the total (whole-programme plan and spending)."""
    keys = ("budget_vnd", "committed_vnd", "disbursed_vnd", "counterpart_vnd", "grants", "support_vnd")
    lines = []
    for label, chosen in (("national", [p for p in programmes if p["level"] == "national"]),
                          ("provincial", [p for p in programmes if p["level"] != "national"]), ("total", programmes)):
        line = {"level": label, **{key: sum(p[key] for p in chosen) for key in keys}}
        line["disbursed_percent"] = round(100 * line["disbursed_vnd"] / line["budget_vnd"], 1) \
            if line["budget_vnd"] else None
        lines.append(line)
    return lines


def _trend(session, grants, contracts: dict) -> dict:
    """Per fair (in date order) and per programme year: enterprises, grants, support and contracts."""
    by_fair: dict[int, dict] = {}
    for grant in grants:
        if grant.fair_id is None:
            continue
        point = by_fair.setdefault(grant.fair_id, {"enterprises": set(), "grants": 0, "support_vnd": 0})
        point["enterprises"].add(grant.enterprise_id)
        point["grants"] += 1
        point["support_vnd"] += int(grant.amount_vnd)
    fairs = {fair.id: fair for fair in session.scalars(sa.select(Fair).where(Fair.id.in_(list(by_fair))))} \
        if by_fair else {}
    at_fair: dict[int, list] = defaultdict(list)
    for (seller, fair_id), (count, value) in contracts.items():
        at_fair[fair_id].append((seller, count, value))
    fair_points = []
    for fair_id, point in by_fair.items():
        sellers = point["enterprises"]
        count = sum(c for seller, c, _v in at_fair[fair_id] if seller in sellers)
        value = sum(v for seller, _c, v in at_fair[fair_id] if seller in sellers)
        fair = fairs[fair_id]
        fair_points.append({"fair_id": fair_id, "code": fair.code, "name": fair.name_vi, "name_en": fair.name_en,
                            "starts_on": fair.starts_on.isoformat(), "enterprises": len(sellers),
                            "grants": point["grants"], "support_vnd": point["support_vnd"],
                            "contracts": count, "contract_value_vnd": value})
    fair_points.sort(key=lambda point: (point["starts_on"], point["code"]))
    by_year: dict[int, dict] = {}
    for grant in grants:
        point = by_year.setdefault(grant.year, {"year": grant.year, "enterprises": set(), "grants": 0,
                                                "support_vnd": 0})
        point["enterprises"].add(grant.enterprise_id)
        point["grants"] += 1
        point["support_vnd"] += int(grant.amount_vnd)
    years = [{**point, "enterprises": len(point["enterprises"])} for _year, point in sorted(by_year.items())]
    return {"by_fair": fair_points, "by_year": years}
