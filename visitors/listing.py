"""The visitor list of a fair (search, filters with choices, sort, pages, the neighbours of one visitor), shaped
like the review queue (`booths/applications/queue.py`) and drawn with the same `templates/_lists.html`."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from core.pagination import PER_PAGE, Neighbours, Page, Sort, neighbours, order_by, paginate, parse_sort
from core.reference.countries import country_name
from core.text import fold, like_contains
from fairs.models import Fair
from visitors.attendance_tally import Counts, fair_counts, registered_count
from visitors.models import Admission, Badge, Visitor

# The query-string arguments of the list: filters, then the order and the page.
VISITOR_FILTERS = ("q", "type", "country", "admitted")
VISITOR_ARGS = VISITOR_FILTERS + ("sort", "page")
VISITOR_SORTS = {
    "registered": (Visitor.created_at, Visitor.id),
    "name": (Visitor.full_name, Visitor.id),
    "organisation": (Visitor.organisation, Visitor.id),
    "type": (Visitor.visitor_type, Visitor.id),
    "origin": (Visitor.country, Visitor.province, Visitor.id),
}
DEFAULT_SORT = "-registered"  # the newest first, as the desk expects


@dataclass(frozen=True)
class VisitorQuery:
    """What the list was asked for: the filters (by name) and the order."""

    filters: dict = field(default_factory=dict)
    sort: Sort = Sort("registered", descending=True)


def visitor_query(args) -> VisitorQuery:
    """The list's filters and order from a query string (unknown sorts fall back to the newest first)."""
    filters = {name: (args.get(name) or "").strip() for name in VISITOR_FILTERS}
    return VisitorQuery(filters=filters, sort=parse_sort(args.get("sort"), VISITOR_SORTS, DEFAULT_SORT))


def _matching(fair: Fair, search: str):
    """WHERE: the visitor's name, organisation or e-mail contains `search` (accents and case aside: the folded
    `search_text`, read from its (fair, text) index), or its badge (a current or a replaced one) has `search` as
    its serial."""
    conditions = [Visitor.search_text.like(like_contains(fold(search)), escape="\\")] if fold(search) else []
    serial = search.strip().lstrip("#")
    if serial.isdigit():
        conditions.append(Visitor.id.in_(sa.select(Badge.visitor_id).where(Badge.fair_id == fair.id,
                                                                            Badge.serial == int(serial))))
    return sa.or_(*conditions)


def _admitted():
    """EXISTS: the visitor was admitted at a gate on some day."""
    return sa.select(Admission.id).where(Admission.visitor_id == Visitor.id).correlate(Visitor).exists()


def _filtered(session, fair: Fair, filters: dict) -> sa.Select:
    query = sa.select(Visitor).where(Visitor.fair_id == fair.id)
    if filters.get("type"):
        query = query.where(Visitor.visitor_type == filters["type"])
    if filters.get("country"):
        query = query.where(Visitor.country == filters["country"].upper())
    if filters.get("admitted") == "yes":
        query = query.where(_admitted())
    elif filters.get("admitted") == "no":
        query = query.where(~_admitted())
    if _searched(filters):
        query = query.where(_matching(fair, filters["q"]))
    return query


def _searched(filters: dict) -> bool:
    return bool(filters.get("q")) and bool(fold(filters["q"]) or filters["q"].strip().lstrip("#").isdigit())


def _tally_total(counts: Counts, filters: dict) -> int:
    """How many visitors match filters the attendance tally counts (type, country, admitted): no COUNT over the
    fair's visitors (200,000 at Canton)."""
    admitted = {"yes": True, "no": False}.get(filters.get("admitted"))
    return registered_count(counts, visitor_type=filters.get("type") or None,
                            country=(filters.get("country") or "").upper() or None, admitted=admitted)


def _ordered(session, fair: Fair, asked: VisitorQuery) -> sa.Select:
    return _filtered(session, fair, asked.filters).order_by(*order_by(asked.sort, VISITOR_SORTS))


def visitor_page(session, fair: Fair, asked: VisitorQuery, *, page: int, per_page: int = PER_PAGE,
                 counts: Counts) -> Page:
    """One page of the fair's visitors that match, in the order asked; the total from the fair's attendance
    `counts` (`fair_counts`, which the page's filter choices read too) unless searched."""
    return paginate(session, _ordered(session, fair, asked), page=page, per_page=per_page,
                    total=None if _searched(asked.filters) else _tally_total(counts, asked.filters))


def matching_visitor_ids(session, fair: Fair, asked: VisitorQuery) -> list[int]:
    """The ids of every visitor that matches, in the order asked ("select all matching", neighbours)."""
    return list(session.scalars(_ordered(session, fair, asked).with_only_columns(Visitor.id)))


def visitor_neighbours(session, fair: Fair, asked: VisitorQuery, visitor_id: int, *, timezone: str) -> Neighbours:
    """The visitors before and after `visitor_id` in the list as filtered and sorted: sought from the visitor's own
    sort key (`core.pagination.neighbours`), the total from the attendance tally unless searched."""
    return neighbours(session, _filtered(session, fair, asked.filters), Visitor.id, visitor_id,
                      VISITOR_SORTS[asked.sort.key], descending=asked.sort.descending,
                      total=None if _searched(asked.filters)
                      else _tally_total(fair_counts(session, fair.id, timezone=timezone), asked.filters))


def visitor_choices(counts: Counts, *, language: str) -> dict:
    """The filters' choices the fair's visitors actually have: their countries, by name, read off the attendance
    `counts`' groups (a DISTINCT over 200,000 visitors took 10 ms at Canton)."""
    countries = {country for (_kind, country, _province), (registered, _entered) in counts.groups.items()
                 if registered}
    return {"countries": sorted(((code, country_name(code, language)) for code in countries),
                                key=lambda pair: fold(pair[1]))}


@dataclass(frozen=True)
class VisitorFacts:
    """What a row or a visitor's page shows beside the visitor: the badge in force and the days admitted."""

    serial: int | None
    days_admitted: int


def visitor_facts(session, visitor_ids: list[int]) -> dict[int, VisitorFacts]:
    """For each visitor id: the serial of the badge in force (None if revoked or never issued), days admitted."""
    if not visitor_ids:
        return {}
    serials = dict(session.execute(sa.select(Badge.visitor_id, Badge.serial).where(
        Badge.visitor_id.in_(visitor_ids), Badge.revoked_at.is_(None))).all())
    days = dict(session.execute(sa.select(Admission.visitor_id, sa.func.count()).where(
        Admission.visitor_id.in_(visitor_ids)).group_by(Admission.visitor_id)).all())
    return {visitor_id: VisitorFacts(serial=serials.get(visitor_id), days_admitted=days.get(visitor_id, 0))
            for visitor_id in visitor_ids}


def admissions_of(session, visitor: Visitor) -> list[Admission]:
    """The visitor's admissions, one a day, oldest first."""
    return list(session.scalars(sa.select(Admission).where(Admission.visitor_id == visitor.id)
                                .order_by(Admission.day)))
