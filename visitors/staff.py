"""Exhibitor staff badges: an exhibitor registers its people, within a quota set by its booth area.

Quota: STAFF_PER_9M2 people (3 by default) for every started 9 m² of the booths assigned to the
application; an exhibitor without booths registers nobody yet.
"""

import math
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.services import MANAGERS
from booths.layout.models import Booth
from core.errors import Conflict, NotFound, ValidationFailed
from enterprises.services import may_manage_enterprise
from visitors.models import Visitor
from visitors.services import check_visitor_values, issue_badge, registration_open


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


def register_staff(session, application: BoothApplication, values: dict, *, actor: User, now: datetime,
                   per_9m2: int) -> Visitor:
    """Register one of the exhibitor's people with a badge, within the quota."""
    enterprise = application.enterprise
    if not (actor.role in MANAGERS or may_manage_enterprise(session, enterprise, actor)):
        raise NotFound(_("No such application."))
    if not registration_open(application.fair):
        raise Conflict(_("Registration for this fair is closed."))
    quota = staff_quota(session, application, per_9m2=per_9m2)
    if len(staff_of(session, application)) >= quota:
        raise Conflict(_("The staff quota of this booth is used up (%(n)d people).", n=quota))
    clean, errors = check_visitor_values(
        {**values, "country": enterprise.country, "province": enterprise.province,
         "visitor_type": "exhibitor_staff", "organisation": enterprise.legal_name},
        types=("exhibitor_staff",), email_required=False, consent_required=False)
    if errors:
        raise ValidationFailed(errors)
    if clean["email"] and session.scalar(sa.select(Visitor.id).where(Visitor.fair_id == application.fair_id,
                                                                     Visitor.email == clean["email"])):
        raise ValidationFailed([{"field": "email", "message": _("This e-mail is already registered for the fair.")}])
    visitor = Visitor(fair_id=application.fair_id, source="staff", application_id=application.id,
                      created_by_id=actor.id, created_at=now, **clean)
    session.add(visitor)
    session.flush()
    issue_badge(session, visitor, now=now)
    return visitor
