"""The report's enterprise rows: each supported enterprise once, with its support and what followed at fairs.

Every row is read from SQL aggregates grouped by enterprise: the whole list for the exports (in the reader's
alphabetical order of province and name), or one page for the page and the API (sorted and cut in the database).
"""

from collections import defaultdict

import sqlalchemy as sa

from booths.applications.models import BoothApplication, BoothAssignment
from contracts.models import Contract, Lead, Meeting
from core.collation import sort_key
from core.pagination import Sort
from enterprises.models import Enterprise
from reports.supported_filters import Selection, in_window, unit_of
from support.vocabulary import GRANT_CONTENTS

# The table's orders (`sort`, `-` for descending): where the enterprise counts, then its name, is the documents'.
ENTERPRISE_SORTS = ("origin", "name", "kind", "grants", "support", "booths", "contracts", "value", "meetings",
                    "leads")
DEFAULT_SORT = "origin"


def booth_counts(selection: Selection, among) -> sa.Subquery:
    """(enterprise_id, n): booths assigned to the approved applications of `among` in the report's window."""
    query = (sa.select(BoothApplication.enterprise_id.label("enterprise_id"), sa.func.count(BoothAssignment.id)
                       .label("n"))
             .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
             .where(BoothApplication.enterprise_id.in_(among), BoothApplication.status == "approved")
             .group_by(BoothApplication.enterprise_id))
    return in_window(query, BoothApplication.fair_id, selection.window).subquery("booths")


def contract_sums(selection: Selection, among) -> sa.Subquery:
    """(enterprise_id, n, value): contracts not cancelled that `among` sold in the window, and their value in VND."""
    query = (sa.select(Contract.seller_enterprise_id.label("enterprise_id"), sa.func.count(Contract.id).label("n"),
                       sa.func.coalesce(sa.func.sum(Contract.value_vnd), 0).label("value"))
             .where(Contract.seller_enterprise_id.in_(among), Contract.status != "cancelled")
             .group_by(Contract.seller_enterprise_id))
    return in_window(query, Contract.fair_id, selection.window).subquery("contracts")


def meeting_counts(selection: Selection, among) -> sa.Subquery:
    """(enterprise_id, n): business-matching meetings `among` accepted (as the fair summary counts them)."""
    query = (sa.select(Meeting.enterprise_id.label("enterprise_id"), sa.func.count(Meeting.id).label("n"))
             .where(Meeting.enterprise_id.in_(among), Meeting.status == "accepted").group_by(Meeting.enterprise_id))
    return in_window(query, Meeting.fair_id, selection.window).subquery("meetings")


def lead_counts(selection: Selection, among) -> sa.Subquery:
    """(enterprise_id, n): leads the staff of `among` scanned."""
    query = (sa.select(Lead.enterprise_id.label("enterprise_id"), sa.func.count(Lead.id).label("n"))
             .where(Lead.enterprise_id.in_(among)).group_by(Lead.enterprise_id))
    return in_window(query, Lead.fair_id, selection.window).subquery("leads")


def support_by_enterprise(selection: Selection, *, cte: bool = False) -> sa.Subquery | sa.CTE:
    """(enterprise_id, grants, support, several: supported by two programmes or more), each supported enterprise
    once; as a materialized CTE when the statement reads it several times."""
    grants = selection.grants
    query = (sa.select(grants.c.enterprise_id, sa.func.count(grants.c.id).label("grants"),
                       sa.func.sum(grants.c.amount_vnd).label("support"),
                       # two programmes or more, without a COUNT(DISTINCT) per enterprise
                       (sa.func.min(grants.c.programme_id) != sa.func.max(grants.c.programme_id)).label("several"))
             .group_by(grants.c.enterprise_id))
    return query.cte("supported").prefix_with("MATERIALIZED") if cte else query.subquery("supported")


def _name_column(language: str):
    """The name a reader of `language` sees: the English name when there is one, else the legal name."""
    if language == "en":
        return sa.func.coalesce(sa.func.nullif(Enterprise.name_en, ""), Enterprise.legal_name)
    return Enterprise.legal_name


_ENTERPRISE_COLUMNS = (Enterprise.tax_code, Enterprise.province, Enterprise.country, Enterprise.kind,
                       Enterprise.sector, Enterprise.is_rural_industry)


def _details(session, selection: Selection, among) -> dict[int, dict]:
    """Enterprise → its grants, support and contents, booths, contracts, meetings and leads: one grouped query
    each."""
    details: dict[int, dict] = defaultdict(lambda: {"grants": 0, "support_vnd": 0, "contents": set(), "booths": 0,
                                                    "contracts": 0, "contract_value_vnd": 0, "meetings": 0,
                                                    "leads": 0})
    grants = selection.grants
    for enterprise_id, content, count, amount in session.execute(
            sa.select(grants.c.enterprise_id, grants.c.content, sa.func.count(grants.c.id),
                      sa.func.sum(grants.c.amount_vnd))
            .where(grants.c.enterprise_id.in_(among)).group_by(grants.c.enterprise_id, grants.c.content)):
        detail = details[enterprise_id]
        detail["grants"] += int(count)
        detail["support_vnd"] += int(amount)
        detail["contents"].add(content)
    for enterprise_id, count, value in session.execute(sa.select(contract_sums(selection, among))):
        details[enterprise_id].update(contracts=int(count), contract_value_vnd=int(value))
    for key, counts in (("booths", booth_counts), ("meetings", meeting_counts), ("leads", lead_counts)):
        for enterprise_id, count in session.execute(sa.select(counts(selection, among))):
            details[enterprise_id][key] = int(count)
    return details


def _row(found, details: dict, language: str) -> dict:
    detail = details[found.id]
    return {"id": found.id, "name": found.name, "tax_code": found.tax_code,
            "province": unit_of(found.province, found.country, language), "province_recorded": found.province,
            "kind": found.kind, "sector": found.sector, "rural": found.is_rural_industry, "booths": detail["booths"],
            "grants": detail["grants"], "support_vnd": detail["support_vnd"],
            "contents": [content for content in GRANT_CONTENTS if content in detail["contents"]],
            "contracts": detail["contracts"], "contract_value_vnd": detail["contract_value_vnd"],
            "meetings": detail["meetings"], "leads": detail["leads"]}


def _enterprises(selection: Selection, language: str) -> sa.Select:
    """The supported enterprises' own columns, each once."""
    return sa.select(Enterprise.id, _name_column(language).label("name"), *_ENTERPRISE_COLUMNS).where(
        Enterprise.id.in_(selection.enterprise_ids()))


def all_enterprise_rows(session, selection: Selection, *, language: str) -> list[dict]:
    """Every supported enterprise's row, by province (today's unit, or the country) and name in the reader's
    alphabetical order: what the exports print."""
    found = list(session.execute(_enterprises(selection, language)))
    details = _details(session, selection, selection.enterprise_ids())
    rows = [_row(row, details, language) for row in found]
    province_keys = {unit: sort_key(unit, language) for unit in {row["province"] for row in rows}}
    rows.sort(key=lambda row: (province_keys[row["province"]], sort_key(row["name"], language)))
    return rows


def origin_order(origins, language: str):
    """An SQL expression ranking enterprises by where they count (today's unit in the reader's alphabetical order, a
    country's name for foreign ones), from the (recorded province, country) pairs of the selection."""
    units = {(province, country): unit_of(province, country, language) for province, country in origins}
    rank = {unit: position for position, unit in enumerate(sorted(set(units.values()),
                                                                  key=lambda unit: sort_key(unit, language)))}
    provinces = {province: rank[unit] for (province, country), unit in units.items()
                 if country == "VN" and province is not None}
    countries = {country: rank[unit] for (_province, country), unit in units.items() if country != "VN"}
    unrecorded = rank.get(unit_of(None, "VN", language), len(rank))
    vietnamese = sa.case(provinces, value=Enterprise.province, else_=unrecorded) if provinces else sa.literal(
        unrecorded)
    foreign = sa.case(countries, value=Enterprise.country, else_=len(rank)) if countries else sa.literal(len(rank))
    return sa.case((Enterprise.country == "VN", vietnamese), else_=foreign)


def enterprise_page_rows(session, selection: Selection, sort: Sort, *, origins, offset: int, limit: int,
                         language: str) -> list[dict]:
    """One page of the enterprise rows in `sort`'s order, sorted and cut in the database (LIMIT/OFFSET); only
    the page's enterprises have their contents and outcomes read."""
    query, name = _enterprises(selection, language), _name_column(language)
    columns = {"origin": (origin_order(origins, language), name), "name": (name,), "kind": (Enterprise.kind, name)}
    if sort.key in ("grants", "support"):  # the grants are grouped by enterprise only for these two orders
        supported = support_by_enterprise(selection)
        query = query.join(supported, supported.c.enterprise_id == Enterprise.id)
        columns[sort.key] = (supported.c.grants if sort.key == "grants" else supported.c.support,)
    elif sort.key in ("booths", "meetings", "leads"):
        counts = {"booths": booth_counts, "meetings": meeting_counts, "leads": lead_counts}[sort.key](
            selection, selection.enterprise_ids())
        query = query.outerjoin(counts, counts.c.enterprise_id == Enterprise.id)
        columns[sort.key] = (sa.func.coalesce(counts.c.n, 0),)
    elif sort.key in ("contracts", "value"):
        sums = contract_sums(selection, selection.enterprise_ids())
        query = query.outerjoin(sums, sums.c.enterprise_id == Enterprise.id)
        columns[sort.key] = (sa.func.coalesce(sums.c.n if sort.key == "contracts" else sums.c.value, 0),)
    ordered = [*columns[sort.key], Enterprise.id]  # the id breaks ties, so pages never overlap
    query = query.order_by(*[column.desc() if sort.descending else column.asc() for column in ordered])
    found = list(session.execute(query.limit(limit).offset(offset)))
    details = _details(session, selection, [row.id for row in found]) if found else {}
    return [_row(row, details, language) for row in found]
