"""Which of a fair's contracts a person may read, and the pages of them: the contracts list and the API's."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from contracts.models import Contract
from contracts.vocabulary import MANAGERS
from core.pagination import Page, Sort, order_by, page_items, paginate, parse_sort
from core.reference.countries import country_name
from core.text import fold, ids_matching, like_pattern
from enterprises.access import officer_enterprise_filter
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair


def visible_contracts(session, fair: Fair, actor: User):
    """The fair's contracts `actor` may read: all for organizers, an officer's province's sellers' (all when bound
    to none), an exhibitor's own."""
    if actor.role not in (*MANAGERS, "officer"):
        # An exhibitor's own contracts are few: found by (fair, seller), then read by id. Asked as one query, the
        # database would rather walk the fair's 30,000 contracts in the list's order to pick out its own.
        own = so.aliased(Contract)
        return sa.select(Contract).where(Contract.id.in_(sa.select(own.id).where(
            own.fair_id == fair.id, own.seller_enterprise_id.in_(
                sa.select(EnterpriseMember.enterprise_id).where(EnterpriseMember.user_id == actor.id)))))
    query = sa.select(Contract).where(Contract.fair_id == fair.id)
    scope = officer_enterprise_filter(session, actor)
    if scope is not None:
        # Not correlated: the callers join Enterprise to the outer query too.
        query = query.where(Contract.seller_enterprise_id.in_(sa.select(Enterprise.id).where(scope).correlate(None)))
    return query


CONTRACT_FILTERS = ("q", "verified", "kind", "country")
CONTRACT_SORTS = {
    "signed": (Contract.signed_on, Contract.id),
    "value": (Contract.value_vnd, Contract.id),
    "seller": (Enterprise.legal_name, Contract.id),
    "buyer": (Contract.buyer_name, Contract.id),
}


def contracts_page(session, fair: Fair, actor: User, filters: dict, sort: Sort, *, page: int = 1,
                   per_page: int = 100) -> Page:
    """One page of the contracts an actor may see, in the order asked: found by buyer or seller name (accents
    aside), filtered by verification, type of agreement and the buyer's country."""
    query = visible_contracts(session, fair, actor)
    if sort.key == "seller":  # only then: joined for every order, the count reads a seller for each contract
        query = query.join(Enterprise, Enterprise.id == Contract.seller_enterprise_id)
    if filters.get("verified") in ("yes", "no"):
        query = query.where(Contract.verified_at.is_not(None) if filters["verified"] == "yes"
                            else Contract.verified_at.is_(None))
    if filters.get("kind"):
        query = query.where(Contract.kind == filters["kind"])
    if filters.get("country"):
        query = query.where(Contract.buyer_country == filters["country"].upper())
    if fold(filters.get("q") or ""):
        visible = visible_contracts(session, fair, actor).join(Enterprise,
                                                                Enterprise.id == Contract.seller_enterprise_id)
        pattern = like_pattern(filters["q"])
        if pattern != "%":  # the database narrows the candidates, Python folds only those
            visible = visible.where(sa.or_(Contract.buyer_name.ilike(pattern), Enterprise.legal_name.ilike(pattern),
                                           Enterprise.name_en.ilike(pattern)))
        rows = session.execute(visible.with_only_columns(Contract.id, Contract.buyer_name, Enterprise.legal_name,
                                                         Enterprise.name_en))
        query = query.where(Contract.id.in_(ids_matching(filters["q"], rows)))
    query = query.options(so.selectinload(Contract.seller), so.selectinload(Contract.buyer))
    return paginate(session, query.order_by(*order_by(sort, CONTRACT_SORTS)), page=page, per_page=per_page)


API_CONTRACT_SORTS = {"signed": (Contract.signed_on, Contract.id), "value": (Contract.value_vnd, Contract.id),
                      "id": (Contract.id,)}


def contracts_api_page(session, fair: Fair, actor: User, filters: dict, pagination) -> list[Contract]:
    """One API page of the contracts an actor may see, filtered by seller, buyer's country, kind, status,
    verification and signing dates, counted and cut in the database."""
    query = visible_contracts(session, fair, actor)
    for column, value in ((Contract.seller_enterprise_id, filters.get("seller_id")),
                          (Contract.buyer_country, (filters.get("buyer_country") or "").upper()),
                          (Contract.kind, filters.get("kind")), (Contract.status, filters.get("status"))):
        if value:
            query = query.where(column == value)
    if filters.get("verified") is not None:
        verified = Contract.verified_at.is_not(None)
        query = query.where(verified if filters["verified"] else ~verified)
    if filters.get("signed_from"):
        query = query.where(Contract.signed_on >= filters["signed_from"])
    if filters.get("signed_to"):
        query = query.where(Contract.signed_on <= filters["signed_to"])
    sort = parse_sort(filters.get("sort"), API_CONTRACT_SORTS, "signed")
    return page_items(session, query.order_by(*order_by(sort, API_CONTRACT_SORTS)), pagination)


def buyer_countries(session, fair: Fair, actor: User, *, language: str) -> list[tuple[str, str]]:
    """The buyers' countries among the contracts an actor may see, by name: the country filter's choices."""
    codes = session.scalars(visible_contracts(session, fair, actor).with_only_columns(Contract.buyer_country)
                            .distinct())
    return sorted(((code, country_name(code, language)) for code in codes), key=lambda pair: fold(pair[1]))
