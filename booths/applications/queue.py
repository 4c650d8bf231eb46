"""The organizer's review queue (search, filters with choices, sort, pages, the neighbours of one item) and what
one application's review shows (its zone preferences in words, its history)."""

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.forms import ZONE_KIND_LABELS
from booths.layout.models import Booth, Zone
from core.audit import AuditEvent
from core.pagination import PER_PAGE, Neighbours, Page, Sort, neighbours, order_by, page_items, paginate, parse_sort
from core.reference.countries import country_name
from core.reference.provinces import names_of_same_unit
from core.text import fold, ids_matching, like_pattern
from enterprises.access import officer_enterprise_filter
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair
from support.models import SupportGrant

# The query-string arguments of the queue: filters, then the order and the page.
QUEUE_FILTERS = ("q", "status", "province", "country", "sector", "kind", "support")
QUEUE_ARGS = QUEUE_FILTERS + ("sort", "page")
QUEUE_SORTS = {
    "submitted": (BoothApplication.submitted_at, BoothApplication.id),
    "name": (Enterprise.legal_name, BoothApplication.id),
    "origin": (Enterprise.province, Enterprise.country, BoothApplication.id),
    "booths": (BoothApplication.booths_requested, BoothApplication.id),
    "status": (BoothApplication.status, BoothApplication.id),
}
DEFAULT_SORT = "submitted"


@dataclass(frozen=True)
class QueueQuery:
    """What the organizer asked of the queue: the filters (by name) and the order."""

    filters: dict = field(default_factory=dict)
    sort: Sort = Sort(DEFAULT_SORT)


def queue_query(args) -> QueueQuery:
    """The queue's filters and order from a query string (unknown sorts fall back to the oldest first)."""
    filters = {name: (args.get(name) or "").strip() for name in QUEUE_FILTERS}
    return QueueQuery(filters=filters, sort=parse_sort(args.get("sort"), QUEUE_SORTS, DEFAULT_SORT))


def _matching_ids(session, fair: Fair, search: str) -> list[int]:
    """Applications whose enterprise name (accents and case aside), tax code, e-mail or booth code contain
    `search`: the database narrows each source with a LIKE every match passes (`like_pattern`), Python folds only
    those candidates (was every application, member and booth of the fair: 130,000 texts at Canton scale)."""
    pattern = like_pattern(search)

    def narrowed(query, *columns):
        return query.where(sa.or_(*(column.ilike(pattern) for column in columns))) if pattern != "%" else query

    enterprise_texts = (Enterprise.legal_name, Enterprise.name_en, Enterprise.tax_code,
                        Enterprise.foreign_registration, Enterprise.email, Enterprise.contact_person)

    def rows():
        yield from session.execute(narrowed(
            sa.select(BoothApplication.id, *enterprise_texts).join(Enterprise)
            .where(BoothApplication.fair_id == fair.id), *enterprise_texts))
        yield from session.execute(narrowed(
            sa.select(BoothApplication.id, User.email)
            .join(EnterpriseMember, EnterpriseMember.enterprise_id == BoothApplication.enterprise_id)
            .join(User, User.id == EnterpriseMember.user_id).where(BoothApplication.fair_id == fair.id), User.email))
        yield from session.execute(narrowed(
            sa.select(BoothAssignment.application_id, Booth.code).join(Booth, Booth.id == BoothAssignment.booth_id)
            .where(Booth.fair_id == fair.id), Booth.code))

    return ids_matching(search, rows())


def _committed_grant():
    """EXISTS: the application's enterprise holds an approved or paid-out booth-fee grant at its fair."""
    return (sa.select(SupportGrant.id).where(SupportGrant.enterprise_id == BoothApplication.enterprise_id,
                                             SupportGrant.fair_id == BoothApplication.fair_id,
                                             SupportGrant.content == "booth_fee",
                                             SupportGrant.status.in_(("approved", "disbursed")))
            .correlate(BoothApplication).exists())


def _filtered(session, fair: Fair, filters: dict) -> sa.Select:
    query = (sa.select(BoothApplication).join(Enterprise).where(BoothApplication.fair_id == fair.id)
             .options(so.contains_eager(BoothApplication.enterprise)))
    if filters.get("status"):
        query = query.where(BoothApplication.status == filters["status"])
    if filters.get("province"):
        recorded = session.scalars(sa.select(Enterprise.province).distinct().where(Enterprise.province.is_not(None)))
        query = query.where(Enterprise.province.in_(names_of_same_unit(filters["province"], recorded)))
    for column, value in ((Enterprise.country, (filters.get("country") or "").upper()),
                          (Enterprise.sector, filters.get("sector")), (Enterprise.kind, filters.get("kind"))):
        if value:
            query = query.where(column == value)
    if filters.get("support") in ("yes", "no"):
        query = query.where(BoothApplication.support_requested.is_(filters["support"] == "yes"))
    elif filters.get("support") == "ungranted":  # asked for, and no grant approved or paid out yet
        query = query.where(BoothApplication.support_requested.is_(True), ~_committed_grant())
    if filters.get("q") and fold(filters["q"]):
        query = query.where(BoothApplication.id.in_(_matching_ids(session, fair, filters["q"])))
    return query


def review_page(session, fair: Fair, asked: QueueQuery, *, page: int, per_page: int = PER_PAGE) -> Page:
    """One page of the fair's applications that match, in the order asked."""
    query = _filtered(session, fair, asked.filters).order_by(*order_by(asked.sort, QUEUE_SORTS))
    return paginate(session, query, page=page, per_page=per_page)


def applications_api_page(session, fair: Fair, user: User, filters: dict, pagination) -> list[BoothApplication]:
    """One API page of the fair's applications `user` may see (all for organizers, an officer's province's, else its
    own enterprise's), filtered by status, province, country and a search, counted and cut in the database."""
    query = _filtered(session, fair, filters)
    if user.role not in ("organizer", "admin", "officer"):
        query = query.where(BoothApplication.enterprise_id.in_(
            sa.select(EnterpriseMember.enterprise_id).where(EnterpriseMember.user_id == user.id)))
    scope = officer_enterprise_filter(session, user)
    if scope is not None:  # an officer bound to a province reads that province's enterprises only
        query = query.where(BoothApplication.enterprise_id.in_(
            sa.select(Enterprise.id).where(scope).correlate(None)))
    sort = parse_sort(filters.get("sort"), QUEUE_SORTS, DEFAULT_SORT)
    return page_items(session, query.order_by(*order_by(sort, QUEUE_SORTS)), pagination)


def matching_applications(session, fair: Fair, asked: QueueQuery) -> list[BoothApplication]:
    """Every application that matches, in the order asked (exports, "select all matching")."""
    return list(session.scalars(_filtered(session, fair, asked.filters).order_by(*order_by(asked.sort, QUEUE_SORTS))))


# The columns an export reads: plain values, not objects (loading 29,000 applications as objects, with their JSON
# columns, took most of the export's time).
EXPORT_COLUMNS = (BoothApplication.id, Enterprise.legal_name, Enterprise.name_en, Enterprise.tax_code,
                  Enterprise.kind, Enterprise.country, Enterprise.province, Enterprise.sector,
                  BoothApplication.booths_requested, BoothApplication.support_requested, BoothApplication.status,
                  BoothApplication.decision_reason, BoothApplication.submitted_at, BoothApplication.payment_status)


def streamed_applications(session, fair: Fair, asked: QueueQuery, *, chunk: int = 1000) -> Iterator[sa.Row]:
    """Every application that matches, in the order asked, as rows of `EXPORT_COLUMNS` read from the database
    `chunk` at a time (exports: memory stays flat however large the fair)."""
    query = (_filtered(session, fair, asked.filters).order_by(*order_by(asked.sort, QUEUE_SORTS))
             .with_only_columns(*EXPORT_COLUMNS).options(so.lazyload("*")))
    yield from session.execute(query.execution_options(yield_per=chunk))


def queue_neighbours(session, fair: Fair, asked: QueueQuery, application_id: int) -> Neighbours:
    """The applications before and after `application_id` in the queue as filtered and sorted."""
    return neighbours(session, _filtered(session, fair, asked.filters), BoothApplication.id, application_id,
                      QUEUE_SORTS[asked.sort.key], descending=asked.sort.descending)


def queue_choices(session, fair: Fair, *, language: str) -> dict:
    """The filters' choices that the fair's applicants actually have: countries by name, provinces."""
    countries = session.scalars(sa.select(Enterprise.country).join(BoothApplication)
                                .where(BoothApplication.fair_id == fair.id).distinct())
    provinces = session.scalars(sa.select(Enterprise.province).join(BoothApplication)
                                .where(BoothApplication.fair_id == fair.id, Enterprise.province.is_not(None))
                                .distinct())
    return {"countries": sorted(((code, country_name(code, language)) for code in countries),
                                key=lambda pair: fold(pair[1])),
            "provinces": sorted(provinces, key=fold)}


def zone_preference_labels(session, application: BoothApplication, *, language: str) -> list[str]:
    """The application's zone preferences in its order, as words: a zone's name, or a kind of zone."""
    preferences = application.zone_preferences or []
    ids = [item for item in preferences if isinstance(item, int)]
    zones = {zone.id: zone for zone in session.scalars(sa.select(Zone).where(Zone.id.in_(ids)))} if ids else {}
    labels = []
    for item in preferences:
        if isinstance(item, int) and item in zones:
            labels.append(zones[item].name(language))
        elif isinstance(item, str) and item in ZONE_KIND_LABELS:
            labels.append(str(ZONE_KIND_LABELS[item]))
    return labels


@dataclass(frozen=True)
class HistoryEntry:
    """One audited change of an application or of its booth-fee grant, with who made it."""

    event: AuditEvent
    actor_name: str | None


def application_history(session, application: BoothApplication) -> list[HistoryEntry]:
    """The application's audit trail and its booth-fee grants', oldest first."""
    grant_ids = list(session.scalars(sa.select(SupportGrant.id).where(
        SupportGrant.enterprise_id == application.enterprise_id, SupportGrant.fair_id == application.fair_id,
        SupportGrant.content == "booth_fee")))
    targets = [sa.and_(AuditEvent.target_type == "booth_application", AuditEvent.target_id == application.id)]
    if grant_ids:
        targets.append(sa.and_(AuditEvent.target_type == "support_grant", AuditEvent.target_id.in_(grant_ids)))
    rows = session.execute(sa.select(AuditEvent, User.display_name).outerjoin(User, User.id == AuditEvent.actor_id)
                           .where(sa.or_(*targets)).order_by(AuditEvent.created_at, AuditEvent.id)).all()
    return [HistoryEntry(event=event, actor_name=name) for event, name in rows]


def applications_waiting(session, fair_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per fair: applications waiting for a decision (`to_review`), and approved ones whose support asked for
    waits for the organizer (`support_to_decide`: no grant yet, or a grant only planned)."""
    waiting = {fair_id: {"to_review": 0, "support_to_decide": 0} for fair_id in fair_ids}
    for fair_id, count in session.execute(
            sa.select(BoothApplication.fair_id, sa.func.count()).where(BoothApplication.fair_id.in_(fair_ids),
                                                                       BoothApplication.status == "submitted")
            .group_by(BoothApplication.fair_id)):
        waiting[fair_id]["to_review"] = count
    for fair_id, count in session.execute(
            sa.select(BoothApplication.fair_id, sa.func.count())
            .where(BoothApplication.fair_id.in_(fair_ids), BoothApplication.status == "approved",
                   BoothApplication.support_requested.is_(True), ~_committed_grant())
            .group_by(BoothApplication.fair_id)):
        waiting[fair_id]["support_to_decide"] = count
    return waiting
