"""Exhibitor staff badges: an exhibitor registers its people, within a quota set by its booth area, corrects
their details and withdraws them.

Quota: STAFF_PER_9M2 people (3 by default) for every started 9 m² of the booths assigned to the
application; an exhibitor without booths registers nobody yet. A withdrawn person's badge is revoked
(every gate refuses it) and their place in the quota is free again; the visitor stays on record.
"""

import math
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.services import MANAGERS
from booths.layout.models import Booth
from core.audit import record_audit
from core.errors import Conflict, NotFound, ValidationFailed
from core.pagination import page_items
from enterprises.services import may_manage_enterprise
from visitors.models import Visitor
from visitors.services import check_visitor_values, current_badge, issue_badge, registration_open


def staff_quota(session, application: BoothApplication, *, per_9m2: int) -> int:
    """How many staff badges the application may hold."""
    area_cm2 = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Booth.width_cm * Booth.depth_cm), 0))
                              .join(BoothAssignment, BoothAssignment.booth_id == Booth.id)
                              .where(BoothAssignment.application_id == application.id))
    return per_9m2 * math.ceil(area_cm2 / 90_000) if area_cm2 else 0


def staff_of(session, application: BoothApplication) -> list[Visitor]:
    """The application's registered staff, by name."""
    return list(session.scalars(sa.select(Visitor).where(Visitor.application_id == application.id)
                                .order_by(Visitor.full_name)))


def staff_page(session, application: BoothApplication, actor: User, pagination) -> list[Visitor]:
    """One API page of the application's registered staff, by name, for someone who may manage it."""
    _check_manager(session, application, actor)
    return page_items(session, sa.select(Visitor).where(Visitor.application_id == application.id)
                      .order_by(Visitor.full_name, Visitor.id), pagination)


def _check_manager(session, application: BoothApplication, actor: User) -> None:
    if not (actor.role in MANAGERS or may_manage_enterprise(session, application.enterprise, actor)):
        raise NotFound(_("No such application."))


def staff_member(session, application: BoothApplication, visitor_id: int, *, actor: User) -> Visitor:
    """One of the application's registered staff, for someone who may manage it; NotFound otherwise."""
    _check_manager(session, application, actor)
    visitor = session.get(Visitor, visitor_id)
    if visitor is None or visitor.application_id != application.id:
        raise NotFound(_("No such person."))
    return visitor


def staff_booth_codes(session, application: BoothApplication) -> list[str]:
    """The codes of the booths the application's staff work at."""
    return list(session.scalars(sa.select(Booth.code).join(BoothAssignment, BoothAssignment.booth_id == Booth.id)
                                .where(BoothAssignment.application_id == application.id).order_by(Booth.code)))


def _clean_staff(session, application: BoothApplication, values: dict, *, visitor_id: int | None) -> dict:
    enterprise = application.enterprise
    clean, errors = check_visitor_values(
        {**values, "country": enterprise.country, "province": enterprise.province,
         "visitor_type": "exhibitor_staff", "organisation": enterprise.legal_name},
        types=("exhibitor_staff",), email_required=False, consent_required=False)
    if errors:
        raise ValidationFailed(errors)
    if clean["email"] and session.scalar(sa.select(Visitor.id).where(
            Visitor.fair_id == application.fair_id, Visitor.email == clean["email"],
            Visitor.id != (visitor_id or 0))):
        raise ValidationFailed([{"field": "email", "message": _("This e-mail is already registered for the fair.")}])
    return clean


def update_staff(session, application: BoothApplication, visitor: Visitor, values: dict, *, actor: User,
                 now: datetime) -> Visitor:
    """Correct a staff member's name, job title, e-mail or phone (the badge keeps its code; reprint it)."""
    _check_manager(session, application, actor)
    if visitor.application_id != application.id:
        raise NotFound(_("No such person."))
    clean = _clean_staff(session, application, values, visitor_id=visitor.id)
    before = {field: getattr(visitor, field) for field in ("full_name", "job_title", "email", "phone")}
    for field in before:
        setattr(visitor, field, clean[field])
    record_audit(session, actor, "staff.update", visitor, now=now, before=before,
                 after={field: getattr(visitor, field) for field in before})
    session.flush()
    return visitor


def withdraw_staff(session, application: BoothApplication, visitor: Visitor, *, actor: User,
                   now: datetime) -> Visitor:
    """Take a person off the booth: their badge is revoked at every gate and the quota place freed."""
    _check_manager(session, application, actor)
    if visitor.application_id != application.id:
        raise NotFound(_("No such person."))
    badge = current_badge(session, visitor)
    if badge is not None:
        badge.revoked_at = now
    visitor.application_id = None
    record_audit(session, actor, "staff.withdraw", visitor, now=now,
                 before={"application_id": application.id, "serial": badge.serial if badge else None})
    session.flush()
    return visitor


def register_staff(session, application: BoothApplication, values: dict, *, actor: User, now: datetime,
                   per_9m2: int) -> Visitor:
    """Register one of the exhibitor's people with a badge, within the quota."""
    _check_manager(session, application, actor)
    if not registration_open(application.fair):
        raise Conflict(_("Registration for this fair is closed."))
    quota = staff_quota(session, application, per_9m2=per_9m2)
    if len(staff_of(session, application)) >= quota:
        raise Conflict(_("The staff quota of this booth is used up (%(n)d people).", n=quota))
    clean = _clean_staff(session, application, values, visitor_id=None)
    visitor = Visitor(fair_id=application.fair_id, source="staff", application_id=application.id,
                      created_by_id=actor.id, created_at=now, **clean)
    session.add(visitor)
    session.flush()
    issue_badge(session, visitor, now=now)
    return visitor
