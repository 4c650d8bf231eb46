"""What followed the support: trade outcomes at fairs (contracts, orders and memoranda apart, verified or self-declared,
exports in USD by buyer country) and the projects' recorded outcomes (trainees, jobs, designs, products, machines)."""

from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from contracts.models import Contract
from contracts.vocabulary import CONTRACT_KINDS
from core.reference.countries import country_name
from enterprises.models import Enterprise
from fairs.models import Fair
from support.models import SupportOutcome, SupportProgramme, SupportProject

OUTCOME_KEYS = ("trainees", "employed_after", "jobs_created", "new_designs", "typical_products", "machines")


def _contract_rows(session, enterprise_ids: list[int], window) -> list:
    if not enterprise_ids:
        return []
    query = (sa.select(Contract.kind, Contract.verified_at.is_not(None).label("verified"), Contract.buyer_country,
                       sa.func.count(Contract.id), sa.func.coalesce(sa.func.sum(Contract.value_vnd), 0),
                       sa.func.coalesce(sa.func.sum(Contract.value_usd), 0))
             .where(Contract.seller_enterprise_id.in_(enterprise_ids), Contract.status != "cancelled")
             .group_by(Contract.kind, Contract.verified_at.is_not(None), Contract.buyer_country))
    fair_id, dates = window
    if fair_id:
        query = query.where(Contract.fair_id == fair_id)
    elif dates:
        query = query.join(Fair, Fair.id == Contract.fair_id).where(Fair.starts_on.between(*dates))
    return list(session.execute(query))


def trade_outcomes(session, enterprise_ids: list[int], window, *, language: str = "vi") -> dict:
    """Contracts, orders and memoranda apart, each verified by the organizer or self-declared, in VND and USD; the
    exports (foreign buyers) in USD by buyer country."""
    kinds = {kind: {"kind": kind, **{f"{side}_{key}": 0 for side in ("verified", "declared")
                                     for key in ("count", "value_vnd", "value_usd")}} for kind in CONTRACT_KINDS}
    exports: dict[str, dict] = {}
    for kind, verified, country, count, value_vnd, value_usd in _contract_rows(session, enterprise_ids, window):
        side = "verified" if verified else "declared"
        line = kinds[kind]
        line[f"{side}_count"] += int(count)
        line[f"{side}_value_vnd"] += int(value_vnd)
        line[f"{side}_value_usd"] += round(float(value_usd), 2)
        if country != "VN" and kind != "mou":  # a memorandum sells nothing yet
            entry = exports.setdefault(country, {"country": country, "name": country_name(country, language),
                                                 "count": 0, "value_usd": 0.0})
            entry["count"] += int(count)
            entry["value_usd"] = round(entry["value_usd"] + float(value_usd), 2)
    lines = list(kinds.values())
    total = {key: (round(sum(line[key] for line in lines), 2) if key.endswith("usd") else
                   sum(line[key] for line in lines)) for key in lines[0] if key != "kind"}
    export_lines = sorted(exports.values(), key=lambda entry: -entry["value_usd"])
    return {"by_kind": lines, "total": total, "exports": export_lines,
            "exports_total": {"count": sum(e["count"] for e in export_lines),
                              "value_usd": round(sum(e["value_usd"] for e in export_lines), 2)}}


def project_outcomes(session, filters, period: tuple[date, date] | None, *, units_of) -> dict:
    """Per project: its decision, unit, funds and status, and the outcomes recorded in the period for beneficiaries
    of the selection's province (all when none); then the totals."""
    query = (sa.select(SupportOutcome, SupportProject, SupportProgramme, Enterprise)
             .join(SupportProject, SupportProject.id == SupportOutcome.project_id)
             .join(SupportProgramme, SupportProgramme.id == SupportProject.programme_id)
             .join(Enterprise, Enterprise.id == SupportOutcome.enterprise_id)
             .order_by(SupportProgramme.year, SupportProgramme.name, SupportProject.code))
    if filters.programme_id:
        query = query.where(SupportProject.programme_id == filters.programme_id)
    if period:
        query = query.where(SupportOutcome.recorded_on.between(*period))
    projects: dict[int, dict] = {}
    beneficiaries: dict[int, set] = defaultdict(set)
    for outcome, project, programme, enterprise in session.execute(query):
        if filters.province and units_of(enterprise) != filters.province:
            continue
        line = projects.setdefault(project.id, {
            "id": project.id, "code": project.code, "name": project.name, "programme": programme.name,
            "programme_year": programme.year, "decision_ref": project.decision_ref,
            "decision_date": project.decision_date.isoformat() if project.decision_date else None,
            "implementing_unit": project.implementing_unit, "status": project.status,
            "state_budget_vnd": int(project.state_budget_vnd), "counterpart_vnd": int(project.counterpart_vnd),
            **{key: 0 for key in OUTCOME_KEYS}})
        for key in OUTCOME_KEYS:
            line[key] += getattr(outcome, key)
        beneficiaries[project.id].add(enterprise.id)
    lines = [{**line, "beneficiaries": len(beneficiaries[project_id])} for project_id, line in projects.items()]
    everyone = set().union(*beneficiaries.values()) if beneficiaries else set()
    total = {key: sum(line[key] for line in lines) for key in (*OUTCOME_KEYS, "state_budget_vnd", "counterpart_vnd")}
    total["beneficiaries"] = len(everyone)  # once, whatever number of projects
    total["employed_percent"] = round(100 * total["employed_after"] / total["trainees"], 1) \
        if total["trainees"] else None
    return {"projects": lines, "total": total}
