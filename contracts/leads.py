"""Exhibitor leads: staff scan a visitor's badge at the booth, rate the contact and add notes.

A visitor's details are shown only to the exhibitor that scanned them: every read goes through
the actor's own enterprise. Scanning the same visitor again counts the scan and keeps the notes;
two staff scanning one visitor at once make one lead (the unique key decides).
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from accounts.models import User
from contracts.models import Lead
from contracts.services import exhibits
from core.db import insert_if_absent
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.pagination import PER_PAGE, Page, Sort, order_by, page_items, paginate, parse_sort
from core.reference.countries import country_name
from core.reference.provinces import province_label
from core.text import fold, ids_matching
from enterprises.models import Enterprise
from enterprises.services import enterprise_of
from fairs.models import Fair
from visitors.badge_codes import UnreadableCode, read_code, signature_valid
from visitors.forms import TYPE_LABELS
from visitors.models import Badge, FairKey, Visitor


def exhibiting_enterprise(session, fair: Fair, actor: User) -> Enterprise:
    """The enterprise the actor scans for: its own, exhibiting at this fair; PermissionDenied otherwise."""
    enterprise = enterprise_of(session, actor) if actor.role == "exhibitor" else None
    if enterprise is None or not exhibits(session, fair, enterprise.id):
        raise PermissionDenied(_("Only the staff of an exhibitor of this fair may do this."))
    return enterprise


def _badge_holder(session, fair: Fair, code: str) -> Visitor:
    """The visitor a genuine, current badge of this fair belongs to; a field error otherwise."""
    def refuse(message):
        return ValidationFailed([{"field": "code", "message": message}])

    try:
        badge_code = read_code(code)
    except UnreadableCode as error:
        raise refuse(_("This is not a badge code.")) from error
    public_key = session.scalar(sa.select(FairKey.public_key).where(FairKey.fair_id == fair.id))
    if badge_code.fair_id != fair.id or public_key is None or not signature_valid(badge_code, public_key):
        raise refuse(_("This is not a badge of this fair."))
    found = session.execute(sa.select(Badge.revoked_at, Visitor).join(Visitor, Visitor.id == Badge.visitor_id)
                            .where(Badge.fair_id == fair.id, Badge.serial == badge_code.serial)).first()
    if found is None:
        raise refuse(_("This is not a badge of this fair."))
    if found[0] is not None:
        raise refuse(_("This badge was replaced by a new one: scan the new badge."))
    return found[1]


def capture_lead(session, fair: Fair, code: str, *, actor: User, now: datetime) -> tuple[Lead, bool]:
    """Record the visitor behind a scanned badge as a lead of the actor's enterprise; (lead, is it new)."""
    enterprise = exhibiting_enterprise(session, fair, actor)
    visitor = _badge_holder(session, fair, (code or "").strip())
    created = insert_if_absent(session, Lead, {
        "fair_id": fair.id, "enterprise_id": enterprise.id, "visitor_id": visitor.id, "scans": 1,
        "scanned_by_id": actor.id, "first_scanned_at": now, "last_scanned_at": now})
    if not created:  # counted in SQL, so two staff rescanning at once both count
        session.execute(sa.update(Lead).where(Lead.enterprise_id == enterprise.id, Lead.visitor_id == visitor.id)
                        .values(scans=Lead.scans + 1, last_scanned_at=now))
    lead = session.scalar(sa.select(Lead).where(Lead.enterprise_id == enterprise.id, Lead.visitor_id == visitor.id)
                          .execution_options(populate_existing=True))
    return lead, created


def leads_of(session, fair: Fair, actor: User) -> list[Lead]:
    """The leads of the actor's own enterprise at this fair, newest first."""
    enterprise = exhibiting_enterprise(session, fair, actor)
    # The API shows each lead's visitor: load them with the leads, not one query per lead.
    return list(session.scalars(sa.select(Lead).where(Lead.fair_id == fair.id, Lead.enterprise_id == enterprise.id)
                                .options(so.selectinload(Lead.visitor))
                                .order_by(Lead.last_scanned_at.desc(), Lead.id.desc())))


# The leads list (as the review queue: core/pagination.py and templates/_lists.html): filters, order, page.
LEAD_FILTERS = ("q", "rating", "type")
LEAD_ARGS = LEAD_FILTERS + ("sort", "page")
LEAD_SORTS = {
    "scanned": (Lead.last_scanned_at, Lead.id),
    "name": (Visitor.full_name, Lead.id),
    "organisation": (Visitor.organisation, Lead.id),
    "rating": (sa.func.coalesce(Lead.rating, 0), Lead.id),
    "scans": (Lead.scans, Lead.id),
}
DEFAULT_LEAD_SORT = "-scanned"  # the latest scanned first
VISITOR_SORTS = ("name", "organisation")  # the orders that need the visitor's row joined


@dataclass(frozen=True)
class LeadQuery:
    """What the exhibitor asked of its leads: the filters (by name) and the order."""

    filters: dict = field(default_factory=dict)
    sort: Sort = Sort("scanned", descending=True)


def lead_query(args) -> LeadQuery:
    """The leads list's filters and order from a query string (unknown sorts fall back to the latest first)."""
    filters = {name: (args.get(name) or "").strip() for name in LEAD_FILTERS}
    return LeadQuery(filters=filters, sort=parse_sort(args.get("sort"), LEAD_SORTS, DEFAULT_LEAD_SORT))


def _lead_search(session, enterprise: Enterprise, fair: Fair, search: str) -> list[int]:
    """The enterprise's leads whose visitor's name, organisation or e-mail contain `search`, accents aside."""
    return ids_matching(search, session.execute(
        sa.select(Lead.id, Visitor.full_name, Visitor.organisation, Visitor.email)
        .join(Visitor, Visitor.id == Lead.visitor_id)
        .where(Lead.fair_id == fair.id, Lead.enterprise_id == enterprise.id)))


def _leads_matching(session, fair: Fair, actor: User, asked: LeadQuery) -> sa.Select:
    """The actor's own enterprise's leads at the fair that match, in the order asked (never another's)."""
    enterprise = exhibiting_enterprise(session, fair, actor)
    query = sa.select(Lead).where(Lead.fair_id == fair.id, Lead.enterprise_id == enterprise.id)
    if asked.sort.key in VISITOR_SORTS or asked.filters.get("type"):
        # Only then: joined for every order, the database walks all of the fair's visitors to page the leads.
        query = query.join(Visitor, Visitor.id == Lead.visitor_id)
    rating = asked.filters.get("rating")
    if rating == "none":
        query = query.where(Lead.rating.is_(None))
    elif rating in ("1", "2", "3", "4", "5"):
        query = query.where(Lead.rating >= int(rating))
    if asked.filters.get("type"):
        query = query.where(Visitor.visitor_type == asked.filters["type"])
    if asked.filters.get("q") and fold(asked.filters["q"]):
        query = query.where(Lead.id.in_(_lead_search(session, enterprise, fair, asked.filters["q"])))
    return query.order_by(*order_by(asked.sort, LEAD_SORTS))


def lead_page(session, fair: Fair, actor: User, asked: LeadQuery, *, page: int, per_page: int = PER_PAGE) -> Page:
    """One page of the actor's enterprise's leads at the fair that match."""
    query = _leads_matching(session, fair, actor, asked).options(so.selectinload(Lead.visitor))
    return paginate(session, query, page=page, per_page=per_page)


def matching_leads(session, fair: Fair, actor: User, asked: LeadQuery, *, ids=None) -> list[Lead]:
    """Every lead of the actor's enterprise that matches, in the order asked (the export of all that match, or
    of the ticked `ids` among them)."""
    query = _leads_matching(session, fair, actor, asked).options(so.selectinload(Lead.visitor))
    if ids is not None:
        query = query.where(Lead.id.in_(ids))
    return list(session.scalars(query))


@dataclass(frozen=True)
class LeadNeighbours:
    """Where one lead sits in the filtered list: its position (from 0), the total, the ids before and after."""

    position: int | None
    total: int
    previous_id: int | None
    next_id: int | None


def lead_neighbours(session, lead: Lead, actor: User, asked: LeadQuery) -> LeadNeighbours:
    """The leads before and after `lead` in its enterprise's list as filtered and sorted."""
    query = _leads_matching(session, session.get(Fair, lead.fair_id), actor, asked)
    ids = list(session.scalars(query.with_only_columns(Lead.id)))
    if lead.id not in ids:
        return LeadNeighbours(position=None, total=len(ids), previous_id=None, next_id=None)
    position = ids.index(lead.id)
    return LeadNeighbours(position=position, total=len(ids), previous_id=ids[position - 1] if position else None,
                          next_id=ids[position + 1] if position + 1 < len(ids) else None)
def leads_page(session, fair: Fair, actor: User, filters: dict, pagination) -> list[Lead]:
    """One page of the leads of the actor's own enterprise at this fair, newest first; `min_rating` keeps the
    rated ones at or above it, `unrated` those not rated yet."""
    enterprise = exhibiting_enterprise(session, fair, actor)
    query = sa.select(Lead).where(Lead.fair_id == fair.id, Lead.enterprise_id == enterprise.id)
    if filters.get("min_rating"):
        query = query.where(Lead.rating >= filters["min_rating"])
    if filters.get("unrated"):
        query = query.where(Lead.rating.is_(None))
    query = query.options(so.joinedload(Lead.visitor)).order_by(Lead.last_scanned_at.desc(), Lead.id.desc())
    return page_items(session, query, pagination)


def get_lead_for(session, lead_id: int, actor: User) -> Lead:
    """A lead of the actor's own enterprise, or NotFound (another exhibitor's leads do not exist for it)."""
    lead = session.get(Lead, lead_id)
    enterprise = enterprise_of(session, actor) if actor.role == "exhibitor" else None
    if lead is None or enterprise is None or lead.enterprise_id != enterprise.id:
        raise NotFound(_("No such lead."))
    return lead


def update_lead(session, lead: Lead, values: dict, *, actor: User) -> Lead:
    """Rate a lead (1–5, or none) and keep notes on it."""
    errors = []
    rating = values.get("rating")
    if rating in ("", None):
        rating = None
    else:
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            errors.append({"field": "rating", "message": _("Rate from 1 to 5 stars.")})
    notes = (values.get("notes") or "").strip()
    if len(notes) > 2000:
        errors.append({"field": "notes", "message": _("At most 2,000 characters.")})
    if errors:
        raise ValidationFailed(errors)
    lead.rating, lead.notes = rating, notes or None
    session.flush()
    return lead


def lead_headers() -> list[str]:
    """The column titles of the leads export, in the active language."""
    return [_("Full name"), _("Organisation"), _("Job title"), _("E-mail"), _("Phone"), _("Country"),
            _("Province or city"), _("Visitor type"), _("Rating"), _("Notes"), _("Scans"), _("First scanned"),
            _("Last scanned")]


def lead_rows(leads: list[Lead], *, language: str = "vi") -> list[list]:
    """The leads as rows for CSV/XLSX, in the order of `lead_headers()`, with names in place of codes."""
    return [[lead.visitor.full_name, lead.visitor.organisation, lead.visitor.job_title, lead.visitor.email,
             lead.visitor.phone, country_name(lead.visitor.country, language),
             province_label(lead.visitor.province, language), str(TYPE_LABELS.get(lead.visitor.visitor_type, "")),
             lead.rating, lead.notes, lead.scans, lead.first_scanned_at, lead.last_scanned_at] for lead in leads]
