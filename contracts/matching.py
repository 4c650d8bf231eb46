"""Finding whom to meet: the fair's exhibitors for a buyer, its registered trade buyers for an exhibitor.

Both lists search names without accents ("bat trang" finds "Bát Tràng") and filter by choices. An
exhibitor sees a buyer's name, organisation, country and the sectors they came for, never their e-mail
or phone; booth codes appear once the floor plan is published.

A fair may have 29,000 exhibitors and 50,000 buyers: the database filters, orders, counts and cuts the lists,
and narrows a search with a LIKE pattern (`core.text.like_pattern`) before the candidates are folded in Python.
"""

import sqlalchemy as sa

from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.publication import booths_announced
from booths.layout.models import Booth
from contracts.meetings import BUYER_TYPES
from core.reference.provinces import names_of_same_unit, resolve_province
from core.text import fold, like_pattern
from enterprises.models import Enterprise
from fairs.models import Fair
from visitors.models import Badge, Visitor

LIST_LIMIT = 60


def _unit(province: str | None) -> str | None:
    unit = resolve_province(province) if province else None
    return unit.name_vi if unit is not None else province


def _exhibiting(fair: Fair):
    """The condition that an enterprise exhibits at the fair (an approved application)."""
    # Correlated (EXISTS), so the database can walk the enterprises in the order of the name index and check each.
    return sa.exists().where(BoothApplication.enterprise_id == Enterprise.id, BoothApplication.fair_id == fair.id,
                             BoothApplication.status == "approved")


def _exhibitors_joined(fair: Fair, *columns) -> sa.Select:
    """`columns` of the fair's exhibitors, driven by the fair's applications: for counts and distinct values,
    which read them all anyway."""
    return (sa.select(*columns).select_from(BoothApplication)
            .join(Enterprise, Enterprise.id == BoothApplication.enterprise_id)
            .where(BoothApplication.fair_id == fair.id, BoothApplication.status == "approved"))


def _booth_codes(session, fair: Fair, enterprise_ids: list[int]) -> dict[int, list[str]]:
    """The booth codes of the given exhibitors at the fair, once its plan is published."""
    codes: dict[int, list[str]] = {}
    if not enterprise_ids or not booths_announced(fair):
        return codes
    for enterprise_id, code in session.execute(
            sa.select(BoothApplication.enterprise_id, Booth.code)
            .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
            .join(Booth, Booth.id == BoothAssignment.booth_id)
            .where(BoothApplication.fair_id == fair.id, BoothApplication.enterprise_id.in_(enterprise_ids))
            .order_by(Booth.code)):
        codes.setdefault(enterprise_id, []).append(code)
    return codes


def _search_exhibitors(session, fair: Fair, query: sa.Select, search: str) -> list[int]:
    """The ids of `query` whose name, English name, products or booth codes contain `search`, accents aside."""
    pattern = like_pattern(search)
    if pattern != "%":
        conditions = [Enterprise.legal_name.ilike(pattern), Enterprise.name_en.ilike(pattern),
                      Enterprise.products.ilike(pattern)]
        if booths_announced(fair):
            conditions.append(Enterprise.id.in_(
                sa.select(BoothApplication.enterprise_id)
                .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
                .join(Booth, Booth.id == BoothAssignment.booth_id)
                .where(BoothApplication.fair_id == fair.id, Booth.code.ilike(pattern))))
        query = query.where(sa.or_(*conditions))
    rows = session.execute(query.add_columns(Enterprise.legal_name, Enterprise.name_en, Enterprise.products)).all()
    codes = _booth_codes(session, fair, [row[0] for row in rows])
    wanted = fold(search)
    return [enterprise_id for enterprise_id, *texts in rows
            if wanted in fold(" ".join(filter(None, (*texts, *codes.get(enterprise_id, ())))))]


def find_exhibitors(session, fair: Fair, *, search: str = "", sector: str = "", province: str = "",
                    country: str = "", limit: int = LIST_LIMIT, count: bool = True) -> tuple[list[dict], int]:
    """The first `limit` of the fair's exhibitors matching the filters, by name ({enterprise, booths}), and how
    many match (without `count` and a search, `limit` + 1 when there are more).

    `search` matches the name, the products or a booth code; `province` is today's unit (former names count).
    """
    # Read in the order of the name index, each checked against the fair's exhibitors: a page of them costs a
    # page, where joining the applications first sorted all 29,000 of a Canton fair for each page.
    conditions = []
    if sector:
        conditions.append(Enterprise.sector == sector)
    if country:
        conditions.append(Enterprise.country == country.upper())
    if province:
        recorded = session.scalars(_exhibitors_joined(fair, Enterprise.province).distinct())
        conditions.append(Enterprise.province.in_(names_of_same_unit(province, recorded) or [province]))
    query = sa.select(Enterprise.id).where(_exhibiting(fair), *conditions).order_by(Enterprise.legal_name,
                                                                                    Enterprise.id)
    if fold(search):
        found = _search_exhibitors(session, fair, query, search)
        total, shown = len(found), found[:limit]
    elif count:
        total = session.scalar(_exhibitors_joined(fair, sa.func.count()).where(*conditions)) or 0
        shown = list(session.scalars(query.limit(limit)))
    else:  # one more than shown says whether there are more
        shown = list(session.scalars(query.limit(limit + 1)))
        total, shown = len(shown), shown[:limit]
    enterprises = {enterprise.id: enterprise for enterprise in session.scalars(
        sa.select(Enterprise).where(Enterprise.id.in_(shown)))}
    codes = _booth_codes(session, fair, shown)
    return [{"enterprise": enterprises[enterprise_id], "booths": codes.get(enterprise_id, [])}
            for enterprise_id in shown], total


def seller_choices(session, fair: Fair, search: str, *, chosen: int | None, language: str) -> tuple[list, int]:
    """(id, name) of the first LIST_LIMIT exhibitors matching `search` and of the one already `chosen`: an
    organizer's choice of seller for a contract; with how many match (LIST_LIMIT + 1: more than shown)."""
    found, total = find_exhibitors(session, fair, search=search, count=False)
    choices = [(entry["enterprise"].id, entry["enterprise"].name(language)) for entry in found]
    if chosen and chosen not in {enterprise_id for enterprise_id, _name in choices}:
        enterprise = session.get(Enterprise, chosen)
        if enterprise is not None:
            choices.insert(0, (enterprise.id, enterprise.name(language)))
    return choices, total


def exhibitor_facets(session, fair: Fair) -> dict[str, list[str]]:
    """The sectors, provinces (today's units) and countries of the fair's exhibitors: the filters' choices."""
    rows = session.execute(_exhibitors_joined(fair, Enterprise.sector, Enterprise.province, Enterprise.country)
                           .distinct()).all()
    return {"sector": sorted({sector for sector, _p, _c in rows if sector}),
            "province": sorted({_unit(province) for _s, province, _c in rows if province}),
            "country": sorted({country for _s, _p, country in rows if country})}


def find_buyers(session, fair: Fair, *, search: str = "", sector: str = "", country: str = "") -> list[Visitor]:
    """The fair's trade buyers and VIPs with a badge in force, matching the filters, by name (at most LIST_LIMIT)."""
    query = (sa.select(Visitor.id).join(Badge, Badge.visitor_id == Visitor.id)
             .where(Visitor.fair_id == fair.id, Visitor.visitor_type.in_(BUYER_TYPES), Badge.revoked_at.is_(None)))
    if country:
        query = query.where(Visitor.country == country.upper())
    wanted, pattern = fold(search), like_pattern(search)
    if pattern and pattern != "%":
        query = query.where(sa.or_(Visitor.full_name.ilike(pattern), Visitor.organisation.ilike(pattern)))
    if not wanted:
        # Read in the order of the name index a chunk at a time, and stop at LIST_LIMIT: without a sector (a JSON
        # list, checked here) the first chunk is all it takes.
        ids = []
        result = session.execute(query.add_columns(Visitor.sectors).order_by(Visitor.full_name, Visitor.id)
                                 .execution_options(yield_per=LIST_LIMIT * 2))
        try:
            for visitor_id, sectors in result:
                if not sector or sector in (sectors or []):
                    ids.append(visitor_id)
                    if len(ids) >= LIST_LIMIT:
                        break
        finally:
            result.close()
    else:
        # A search, unordered: the database narrows by the type-and-country index and the LIKE pattern (read in
        # name order it would walk the fair's 200,000 visitors for a rare match); the folded search and the sector
        # are checked here, and the few left sorted by name.
        rows = session.execute(query.add_columns(Visitor.full_name, Visitor.organisation, Visitor.sectors)).all()
        found = sorted((name or "", visitor_id) for visitor_id, name, organisation, sectors in rows
                       if (not sector or sector in (sectors or []))
                       and wanted in fold(" ".join(filter(None, (name, organisation)))))
        ids = [visitor_id for _name, visitor_id in found[:LIST_LIMIT]]
    visitors = {visitor.id: visitor for visitor in session.scalars(sa.select(Visitor).where(Visitor.id.in_(ids)))}
    return [visitors[visitor_id] for visitor_id in ids]


def buyer_countries(session, fair: Fair) -> list[str]:
    """The countries the fair's trade buyers come from: the filter's choices."""
    return sorted(filter(None, session.scalars(sa.select(Visitor.country).where(
        Visitor.fair_id == fair.id, Visitor.visitor_type.in_(BUYER_TYPES)).distinct())))
