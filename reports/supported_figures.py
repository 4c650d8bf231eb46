"""The report's figures, each an SQL aggregate over the selected grants: totals, by province, by legal type, by
content, per programme (with the funds' subtotals and the reconciliation of the programme rows), and the trend.

Every enterprise is counted once in every total, however many programmes supported it: enterprises are counted per
enterprise (grouped first), or with COUNT(DISTINCT) where a breakdown may hold one enterprise in several lines.
"""

from collections import defaultdict

import sqlalchemy as sa

from contracts.models import Contract
from core.collation import sort_key
from enterprises.models import Enterprise
from fairs.models import Fair
from reports.supported_filters import Selection, unit_of
from reports.supported_rows import booth_counts, contract_sums, lead_counts, meeting_counts, support_by_enterprise
from support.models import SupportGrant, SupportProgramme, SupportProject
from support.vocabulary import GRANT_CONTENTS

TOTAL_KEYS = ("grants", "support_vnd", "booths", "contracts", "contract_value_vnd", "meetings", "leads")
_PROVINCE_KEYS = ("grants", "support_vnd", "booths", "contracts", "contract_value_vnd")


_GROUP_KEYS = ("enterprises", "several", *TOTAL_KEYS)


def origin_groups(session, selection: Selection) -> list[dict]:
    """Per (recorded province, country, legal type): the enterprises, their grants, support and outcomes, and how
    many of them more than one programme supported. One query; every other breakdown by enterprise adds these up.

    The per-enterprise figures (support, booths, contracts, meetings, leads: each grouped by enterprise) are stacked
    with UNION ALL and joined to their enterprise once: PostgreSQL misjudged a chain of outer joins of grouped
    subqueries by billions of rows and spent a second compiling the plan (JIT). The grants grouped by enterprise are
    a materialized CTE: the outcomes read their enterprises from it, where SQLite would group the grants again."""
    supported = support_by_enterprise(selection, cte=True)
    among = sa.select(supported.c.enterprise_id)
    zero, one = sa.literal_column("0"), sa.literal_column("1")

    def part(enterprise_id, **values):
        return sa.select(enterprise_id.label("enterprise_id"),
                         *[values.get(key, zero).label(key) for key in _GROUP_KEYS])

    booths, contracts = booth_counts(selection, among), contract_sums(selection, among)
    meetings, leads = meeting_counts(selection, among), lead_counts(selection, among)
    stacked = sa.union_all(
        part(supported.c.enterprise_id, enterprises=one, grants=supported.c.grants,
             support_vnd=supported.c.support, several=sa.case((supported.c.several, 1), else_=0)),
        part(booths.c.enterprise_id, booths=booths.c.n),
        part(contracts.c.enterprise_id, contracts=contracts.c.n, contract_value_vnd=contracts.c.value),
        part(meetings.c.enterprise_id, meetings=meetings.c.n), part(leads.c.enterprise_id, leads=leads.c.n),
    ).subquery("per_enterprise")
    query = (sa.select(Enterprise.province, Enterprise.country, Enterprise.kind,
                       *[sa.func.coalesce(sa.func.sum(stacked.c[key]), 0).label(key) for key in _GROUP_KEYS])
             .select_from(stacked).join(Enterprise, Enterprise.id == stacked.c.enterprise_id)
             .group_by(Enterprise.province, Enterprise.country, Enterprise.kind))
    return [{"province": row.province, "country": row.country, "kind": row.kind,
             **{key: int(getattr(row, key)) for key in _GROUP_KEYS}} for row in session.execute(query)]


def totals_of(groups: list[dict]) -> dict:
    """The report's totals: enterprises (each once), grants, support, booths, contracts and their value, meetings and
    leads."""
    return {"enterprises": sum(group["enterprises"] for group in groups),
            **{key: sum(group[key] for group in groups) for key in TOTAL_KEYS}}


def by_province(groups: list[dict], language: str) -> list[dict]:
    """Per today's unit (a country for foreign enterprises): enterprises, grants, support, booths, contracts; the
    largest support first."""
    lines: dict[str, dict] = {}
    for group in groups:
        unit = unit_of(group["province"], group["country"], language)
        line = lines.setdefault(unit, {"province": unit, "enterprises": 0, **{key: 0 for key in _PROVINCE_KEYS}})
        for key in ("enterprises", *_PROVINCE_KEYS):
            line[key] += group[key]
    return sorted(lines.values(), key=lambda line: (-line["support_vnd"], sort_key(line["province"])))


def by_kind(groups: list[dict]) -> list[dict]:
    """Beneficiaries by the legal type the law names (enterprise, cooperative, cooperative group, household
    business, CNNT); the largest support first."""
    lines: dict[str, dict] = {}
    for group in groups:
        line = lines.setdefault(group["kind"], {"kind": group["kind"], "enterprises": 0, "grants": 0,
                                                "support_vnd": 0})
        for key in ("enterprises", "grants", "support_vnd"):
            line[key] += group[key]
    return sorted(lines.values(), key=lambda line: (-line["support_vnd"], line["kind"]))


def by_content(session, selection: Selection) -> list[dict]:
    """Per support content, in the vocabulary's order: grants, enterprises (once per content) and support."""
    grants = selection.grants
    found = {row.content: row for row in session.execute(
        sa.select(grants.c.content, sa.func.count(grants.c.id).label("grants"),
                  sa.func.count(sa.distinct(grants.c.enterprise_id)).label("enterprises"),
                  sa.func.sum(grants.c.amount_vnd).label("support")).group_by(grants.c.content))}
    return [{"content": content, "grants": int(found[content].grants), "enterprises": int(found[content].enterprises),
             "support_vnd": int(found[content].support)} for content in GRANT_CONTENTS if content in found]


def programme_lines(session, selection: Selection, *, scoped: bool) -> list[dict]:
    """Per programme: plan (budget), committed and disbursed of the whole programme, % disbursed, counterpart funds of
    its projects, and the selection's enterprises, grants and support (`whole_programme` when they differ)."""
    grants = selection.grants
    mine = {row.programme_id: row for row in session.execute(
        sa.select(grants.c.programme_id, sa.func.count(grants.c.id).label("grants"),
                  sa.func.count(sa.distinct(grants.c.enterprise_id)).label("enterprises"),
                  sa.func.sum(grants.c.amount_vnd).label("support")).group_by(grants.c.programme_id))}
    ids = sorted(mine)
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
        budget = int(programme.budget_vnd)
        disbursed = money[programme_id].get("disbursed", 0)
        result.append({
            "id": programme_id, "name": programme.name, "level": programme.level, "year": programme.year,
            "agency": programme.agency, "decision_ref": programme.decision_ref,
            "decision_date": programme.decision_date.isoformat(), "budget_vnd": budget,
            "committed_vnd": money[programme_id].get("approved", 0) + disbursed, "disbursed_vnd": disbursed,
            "disbursed_percent": round(100 * disbursed / budget, 1) if budget else None,
            "counterpart_vnd": int(counterpart.get(programme_id) or 0), "whole_programme": scoped,
            "enterprises": int(mine[programme_id].enterprises), "grants": int(mine[programme_id].grants),
            "support_vnd": int(mine[programme_id].support)})
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


def reconciliation(groups: list[dict], programmes: list[dict], totals: dict) -> dict:
    """How the per-programme rows add up to the totals: support and grants exactly; enterprises counted under each
    programme that supported them, so the rows exceed the total by the enterprises of several programmes."""
    return {"support_vnd": sum(p["support_vnd"] for p in programmes) == totals["support_vnd"],
            "grants": sum(p["grants"] for p in programmes) == totals["grants"],
            "enterprise_rows": sum(p["enterprises"] for p in programmes),
            "enterprises": totals["enterprises"], "in_several_programmes": sum(group["several"] for group in groups)}


def _grant_lines(session, selection: Selection, column, *, join=None) -> dict:
    grants = selection.grants
    query = (sa.select(column.label("key"), sa.func.count(grants.c.id).label("grants"),
                       sa.func.count(sa.distinct(grants.c.enterprise_id)).label("enterprises"),
                       sa.func.sum(grants.c.amount_vnd).label("support"))
             .select_from(grants).where(column.is_not(None)).group_by(column))
    return {row.key: row for row in session.execute(query.join(*join) if join else query)}


def trend(session, selection: Selection) -> dict:
    """Per fair (in date order) and per programme year: enterprises, grants, support; per fair the contracts its
    supported enterprises signed there."""
    grants = selection.grants
    per_fair = _grant_lines(session, selection, grants.c.fair_id)
    fair_points = []
    if per_fair:
        # (fair, seller) IN the supported pairs: one set built once, where a join let SQLite loop over both tables
        supported_there = sa.select(grants.c.fair_id, grants.c.enterprise_id).where(grants.c.fair_id.is_not(None))
        value = sa.func.coalesce(sa.func.sum(Contract.value_vnd), 0)
        signed = {fair_id: (int(count), int(total)) for fair_id, count, total in session.execute(
            sa.select(Contract.fair_id, sa.func.count(Contract.id), value)
            .where(Contract.status != "cancelled",
                   sa.tuple_(Contract.fair_id, Contract.seller_enterprise_id).in_(supported_there))
            .group_by(Contract.fair_id))}
        fairs = {fair.id: fair for fair in session.scalars(sa.select(Fair).where(Fair.id.in_(list(per_fair))))}
        for fair_id, line in per_fair.items():
            fair = fairs[fair_id]
            count, value = signed.get(fair_id, (0, 0))
            fair_points.append({"fair_id": fair_id, "code": fair.code, "name": fair.name_vi, "name_en": fair.name_en,
                                "starts_on": fair.starts_on.isoformat(), "enterprises": int(line.enterprises),
                                "grants": int(line.grants), "support_vnd": int(line.support),
                                "contracts": count, "contract_value_vnd": value})
        fair_points.sort(key=lambda point: (point["starts_on"], point["code"]))
    per_year = _grant_lines(session, selection, SupportProgramme.year, join=(
        SupportProgramme, SupportProgramme.id == grants.c.programme_id))
    years = [{"year": year, "enterprises": int(line.enterprises), "grants": int(line.grants),
              "support_vnd": int(line.support)} for year, line in sorted(per_year.items())]
    return {"by_fair": fair_points, "by_year": years}
