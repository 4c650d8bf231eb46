"""Lists of grants and programmes a page at a time: filtered, sorted, counted and cut in the database.

A programme holds thousands of grants (Canton scale: 10,000 a year), so nothing here loads them all to show
fifty: the officer's province boundary (`support.scopes`), the filters and the order are SQL; only a search by
name folds accents in Python, over the matching enterprises' names, as every list of the product does.
"""

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from core.pagination import PER_PAGE, Page, Sort, order_by, page_items, paginate
from core.reference.provinces import names_of_same_unit
from core.text import fold, ids_matching
from enterprises.models import Enterprise
from fairs.models import Fair
from support.models import SupportGrant, SupportProgramme
from support.scopes import readable_grants
from support.vocabulary import COMMITTED_STATUSES, GRANT_STATUSES

GRANT_FILTERS = ("q", "status", "content", "fair", "province")
# planned, approved, disbursed, cancelled: the order a grant moves in, not the alphabet's
_STATUS_RANK = sa.case({status: rank for rank, status in enumerate(GRANT_STATUSES)}, value=SupportGrant.status)
GRANT_SORT_COLUMNS = {
    "created": (SupportGrant.created_at, SupportGrant.id),
    "amount": (SupportGrant.amount_vnd, SupportGrant.id),
    "enterprise": (Enterprise.legal_name, SupportGrant.id),
    "status": (_STATUS_RANK, SupportGrant.id),
}
GRANT_SORTS = tuple(GRANT_SORT_COLUMNS)


def _programme_grants(session, programme: SupportProgramme, viewer: User | None) -> sa.Select:
    """The programme's grants joined to their enterprise, as far as `viewer` may read them."""
    query = (sa.select(SupportGrant).join(Enterprise, Enterprise.id == SupportGrant.enterprise_id)
             .where(SupportGrant.programme_id == programme.id))
    return readable_grants(session, viewer, query)


def _searched_enterprises(session, programme: SupportProgramme, search: str) -> list[int]:
    """The programme's grantees whose legal or English name (accents and case aside) or tax code contains
    `search`."""
    grantees = sa.select(SupportGrant.enterprise_id).where(SupportGrant.programme_id == programme.id)
    return ids_matching(search, session.execute(
        sa.select(Enterprise.id, Enterprise.legal_name, Enterprise.name_en, Enterprise.tax_code)
        .where(Enterprise.id.in_(grantees))))


def grant_page(session, programme: SupportProgramme, filters: dict, sort: Sort, *, viewer: User | None, page: int,
               per_page: int = PER_PAGE) -> Page:
    """One page of the programme's grants `viewer` may read: found by enterprise name (accents aside) or tax
    code, filtered by status, content, fair (by code) and the enterprise's recorded province, in the order asked."""
    query = _programme_grants(session, programme, viewer)
    if filters.get("status"):
        query = query.where(SupportGrant.status == filters["status"])
    if filters.get("content"):
        query = query.where(SupportGrant.content == filters["content"])
    if filters.get("fair"):
        query = query.where(SupportGrant.fair_id.in_(sa.select(Fair.id).where(Fair.code == filters["fair"])))
    if filters.get("province"):
        query = query.where(Enterprise.province == filters["province"])
    if fold(filters.get("q") or ""):
        query = query.where(SupportGrant.enterprise_id.in_(_searched_enterprises(session, programme, filters["q"])))
    query = query.options(so.contains_eager(SupportGrant.enterprise), so.selectinload(SupportGrant.fair))
    return paginate(session, query.order_by(*order_by(sort, GRANT_SORT_COLUMNS)), page=page, per_page=per_page)


def grant_choices(session, programme: SupportProgramme, *, viewer: User | None) -> dict:
    """The filters' choices the grants `viewer` may read have: fairs by code and recorded provinces."""
    grants = _programme_grants(session, programme, viewer).subquery()
    fairs = session.scalars(sa.select(Fair.code).where(Fair.id.in_(sa.select(grants.c.fair_id))).distinct())
    provinces = session.scalars(sa.select(Enterprise.province).distinct().where(
        Enterprise.id.in_(sa.select(grants.c.enterprise_id)), Enterprise.province.is_not(None)))
    return {"fairs": sorted(fairs), "provinces": sorted(provinces, key=fold)}


def grant_totals(session, programme: SupportProgramme, *, viewer: User | None) -> dict:
    """What the grants `viewer` may read commit and have paid out, in đồng (a province-bound officer's part of a
    programme)."""
    def total(statuses):
        return sa.func.coalesce(sa.func.sum(sa.case((SupportGrant.status.in_(statuses), SupportGrant.amount_vnd),
                                                    else_=0)), 0)

    query = _programme_grants(session, programme, viewer).with_only_columns(
        total(COMMITTED_STATUSES), total(("disbursed",)))
    committed, disbursed = session.execute(query).one()
    return {"committed": int(committed), "disbursed": int(disbursed)}


def grants_api_page(session, viewer: User, filters: dict, pagination) -> list[SupportGrant]:
    """One API page of the grants, newest first, filtered by programme, status, content, fair and the enterprise's
    province (today's unit or a former name); an officer limited to a province sees its enterprises' only. Counted
    and cut in the database."""
    query = readable_grants(session, viewer, sa.select(SupportGrant).join(
        Enterprise, Enterprise.id == SupportGrant.enterprise_id))
    for column, value in ((SupportGrant.programme_id, filters.get("programme_id")),
                          (SupportGrant.status, filters.get("status")), (SupportGrant.content, filters.get("content")),
                          (SupportGrant.fair_id, filters.get("fair_id"))):
        if value:
            query = query.where(column == value)
    if filters.get("province"):
        recorded = session.scalars(sa.select(Enterprise.province).distinct().where(Enterprise.province.is_not(None)))
        query = query.where(Enterprise.province.in_(names_of_same_unit(filters["province"], recorded)))
    query = query.options(so.contains_eager(SupportGrant.enterprise)).order_by(SupportGrant.created_at.desc(),
                                                                               SupportGrant.id.desc())
    return page_items(session, query, pagination)


def programmes_api_page(session, filters: dict, pagination) -> list[SupportProgramme]:
    """One API page of the programmes, newest year first, filtered by year and level."""
    query = sa.select(SupportProgramme).order_by(SupportProgramme.year.desc(), SupportProgramme.id.desc())
    if filters.get("year"):
        query = query.where(SupportProgramme.year == filters["year"])
    if filters.get("level"):
        query = query.where(SupportProgramme.level == filters["level"])
    return page_items(session, query, pagination)
