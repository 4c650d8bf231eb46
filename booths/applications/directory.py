"""The public directory of a fair's exhibitors, a page at a time: the placed exhibitors filtered, searched (accents
aside) and ordered by name in the database, then the booths of the page's exhibitors only."""

import sqlalchemy as sa

from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from core.pagination import Page
from core.reference.provinces import resolve_province
from core.text import fold, like_pattern
from enterprises.models import Enterprise

DIRECTORY_PAGE_SIZE = 30


def _placed_ids(fair_id: int) -> sa.Select:
    """The enterprises holding at least one booth at the fair (through an application of the fair)."""
    return (sa.select(BoothApplication.enterprise_id)
            .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
            .where(BoothApplication.fair_id == fair_id))


def _unit(province: str | None) -> str | None:
    """Today's unit of a province name (current or former)."""
    unit = resolve_province(province) if province else None
    return unit.name_vi if unit is not None else province


def directory_facets(session, fair_id: int) -> dict[str, list[str]]:
    """The provinces, countries and sectors the fair's placed exhibitors come from (the directory's choices)."""
    rows = session.execute(sa.select(Enterprise.province, Enterprise.country, Enterprise.sector).distinct()
                           .where(Enterprise.id.in_(_placed_ids(fair_id)))).all()
    facets = {"province": {_unit(row[0]) for row in rows if row[0]},
              "country": {row[1] for row in rows if row[1]}, "sector": {row[2] for row in rows if row[2]}}
    return {name: sorted(values) for name, values in facets.items()}


def _filtered(session, fair_id: int, filters: dict) -> sa.Select:
    query = sa.select(Enterprise.id).where(Enterprise.id.in_(_placed_ids(fair_id)))
    for column, value in ((Enterprise.country, (filters.get("country") or "").upper()),
                          (Enterprise.sector, filters.get("sector"))):
        if value:
            query = query.where(column == value)
    province = filters.get("province")
    if province:
        # Records kept with a former province's name count under the unit that absorbed it.
        stored = session.scalars(sa.select(Enterprise.province).distinct()
                                 .where(Enterprise.id.in_(_placed_ids(fair_id)), Enterprise.province.is_not(None)))
        query = query.where(Enterprise.province.in_([name for name in stored if _unit(name) == _unit(province)]))
    return query.order_by(Enterprise.legal_name, Enterprise.id)


def _searched_ids(session, query: sa.Select, search: str) -> list[int]:
    """The ids of `query`, in its order, whose name, English name or products contain `search` (accents, case and
    spacing aside): the database narrows with LIKE, Python folds only the candidates."""
    pattern = like_pattern(search)
    if pattern != "%":
        query = query.where(sa.or_(Enterprise.legal_name.ilike(pattern), Enterprise.name_en.ilike(pattern),
                                   Enterprise.products.ilike(pattern)))
    wanted = fold(search)
    rows = session.execute(query.add_columns(Enterprise.legal_name, Enterprise.name_en, Enterprise.products))
    return [enterprise_id for enterprise_id, *texts in rows if wanted in fold(" ".join(filter(None, texts)))]


def directory_page(session, fair_id: int, filters: dict, *, page: int,
                   per_page: int = DIRECTORY_PAGE_SIZE) -> Page:
    """One page of the fair's placed exhibitors, filtered by province, country and sector and searched by name or
    product, by name; each item {"enterprise", "booths" (codes in order), "hall_id" (of the first booth)}. A page
    past the end shows the last one."""
    query = _filtered(session, fair_id, filters)
    if fold(filters.get("q") or ""):
        ids = _searched_ids(session, query, filters["q"])
        total = len(ids)
        number = min(max(1, page), max(1, -(-total // per_page)))
        shown = ids[(number - 1) * per_page:number * per_page]
    else:
        total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
        number = min(max(1, page), max(1, -(-total // per_page)))
        shown = list(session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    enterprises = {enterprise.id: enterprise
                   for enterprise in session.scalars(sa.select(Enterprise).where(Enterprise.id.in_(shown)))}
    entries = {enterprise_id: {"enterprise": enterprises[enterprise_id], "booths": [], "hall_id": None}
               for enterprise_id in shown}
    if shown:
        for enterprise_id, code, hall_id in session.execute(
                sa.select(BoothApplication.enterprise_id, Booth.code, Booth.hall_id)
                .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
                .join(Booth, Booth.id == BoothAssignment.booth_id)
                .where(BoothApplication.fair_id == fair_id, BoothApplication.enterprise_id.in_(shown))
                .order_by(Booth.code)):
            entry = entries[enterprise_id]
            entry["booths"].append(code)
            entry["hall_id"] = entry["hall_id"] or hall_id
    return Page(items=list(entries.values()), total=total, number=number, per_page=per_page)
