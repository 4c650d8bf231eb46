"""What followed the support: trade outcomes at fairs (contracts, orders and memoranda apart, verified or self-declared,
exports in USD by buyer country) and the projects' recorded outcomes (trainees, jobs, designs, products, machines)."""

from datetime import date

import sqlalchemy as sa

from contracts.models import Contract
from contracts.vocabulary import CONTRACT_KINDS
from core.reference.countries import country_name
from enterprises.models import Enterprise
from fairs.models import Fair
from support.models import SupportOutcome, SupportProgramme, SupportProject

OUTCOME_KEYS = ("trainees", "employed_after", "jobs_created", "new_designs", "typical_products", "machines")


def _contract_rows(session, among, window) -> list:
    query = (sa.select(Contract.kind, Contract.verified_at.is_not(None).label("verified"), Contract.buyer_country,
                       sa.func.count(Contract.id), sa.func.coalesce(sa.func.sum(Contract.value_vnd), 0),
                       sa.func.coalesce(sa.func.sum(Contract.value_usd), 0))
             .where(Contract.seller_enterprise_id.in_(among), Contract.status != "cancelled")
             .group_by(Contract.kind, Contract.verified_at.is_not(None), Contract.buyer_country))
    fair_id, dates = window
    if fair_id:
        query = query.where(Contract.fair_id == fair_id)
    elif dates:
        query = query.join(Fair, Fair.id == Contract.fair_id).where(Fair.starts_on.between(*dates))
    return list(session.execute(query))


def trade_outcomes(session, among, window, *, language: str = "vi") -> dict:
    """Contracts, orders and memoranda apart, each verified by the organizer or self-declared, in VND and USD; the
    exports (foreign buyers) in USD by buyer country: of the sellers `among` (a SELECT of enterprise ids)."""
    kinds = {kind: {"kind": kind, **{f"{side}_{key}": 0 for side in ("verified", "declared")
                                     for key in ("count", "value_vnd", "value_usd")}} for kind in CONTRACT_KINDS}
    exports: dict[str, dict] = {}
    for kind, verified, country, count, value_vnd, value_usd in _contract_rows(session, among, window):
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


def project_outcomes(session, filters, period: tuple[date, date] | None, *, enterprise_clause=None) -> dict:
    """Per project: its decision, unit, funds and status, and the outcomes recorded in the period for beneficiaries
    of the selection's province (`enterprise_clause` on `Enterprise`; all when None); then the totals. Summed and
    counted in the database, each beneficiary once per project and once in the total."""
    conditions = []
    if filters.programme_id:
        conditions.append(SupportProject.programme_id == filters.programme_id)
    if period:
        conditions.append(SupportOutcome.recorded_on.between(*period))
    if enterprise_clause is not None:
        conditions.append(enterprise_clause)

    def outcomes(*columns):
        return (sa.select(*columns).select_from(SupportOutcome)
                .join(SupportProject, SupportProject.id == SupportOutcome.project_id)
                .join(SupportProgramme, SupportProgramme.id == SupportProject.programme_id)
                .join(Enterprise, Enterprise.id == SupportOutcome.enterprise_id).where(*conditions))

    beneficiaries = sa.func.count(sa.distinct(SupportOutcome.enterprise_id))
    query = (outcomes(SupportProject, SupportProgramme.name, SupportProgramme.year, beneficiaries,
                      *[sa.func.coalesce(sa.func.sum(getattr(SupportOutcome, key)), 0) for key in OUTCOME_KEYS])
             .group_by(SupportProject.id, SupportProgramme.id)
             .order_by(SupportProgramme.year, SupportProgramme.name, SupportProject.code, SupportProject.id))
    lines = []
    for project, programme_name, programme_year, count, *sums in session.execute(query):
        lines.append({
            "id": project.id, "code": project.code, "name": project.name, "programme": programme_name,
            "programme_year": programme_year, "decision_ref": project.decision_ref,
            "decision_date": project.decision_date.isoformat() if project.decision_date else None,
            "implementing_unit": project.implementing_unit, "status": project.status,
            "state_budget_vnd": int(project.state_budget_vnd), "counterpart_vnd": int(project.counterpart_vnd),
            **{key: int(value) for key, value in zip(OUTCOME_KEYS, sums, strict=True)}, "beneficiaries": int(count)})
    total = {key: sum(line[key] for line in lines) for key in (*OUTCOME_KEYS, "state_budget_vnd", "counterpart_vnd")}
    # once, whatever number of projects
    total["beneficiaries"] = int(session.scalar(outcomes(beneficiaries)) or 0) if lines else 0
    total["employed_percent"] = round(100 * total["employed_after"] / total["trainees"], 1) \
        if total["trainees"] else None
    return {"projects": lines, "total": total}
