"""Booth application rules: applying while a fair is open, the organizer's decisions, withdrawal.

Every transition e-mails the people who act for the enterprise (through the outbox).
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from booths.applications.fees import make_support_grant, support_grant_of
from booths.applications.models import BoothApplication
from booths.applications.workflow import DECISIONS, PAYMENT_STATUSES, can_move, needs_reason
from booths.layout.models import Booth, Zone
from booths.layout.vocabulary import BOOTH_TYPES, ZONE_KINDS
from core.audit import record_audit
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.mail import queue_mail
from core.reference.countries import country_name
from core.reference.provinces import province_label
from core.reference.sectors import SECTORS
from enterprises.access import officer_enterprise_filter, officer_may_read
from enterprises.forms import KIND_LABELS
from enterprises.models import Enterprise, EnterpriseMember
from enterprises.services import may_manage_enterprise
from fairs.models import Fair
from support.booth_fees import release_booth_fee
from support.models import SupportGrant

MANAGERS = ("admin", "organizer")


def _status_label(status: str) -> str:
    return {"draft": _("draft"), "submitted": _("submitted"), "approved": _("approved"),
            "waitlisted": _("waitlisted"), "rejected": _("rejected"), "withdrawn": _("withdrawn")}[status]


def applications_open(fair: Fair, today: date) -> bool:
    """True while the fair accepts applications: open, and not past its deadline."""
    return fair.status == "open" and (fair.application_deadline is None or today <= fair.application_deadline)


def _int_list(values, field: str, errors: list[dict]) -> list[int]:
    if values in (None, ""):
        return []
    if not isinstance(values, (list, tuple)):
        errors.append({"field": field, "message": _("Give a list.")})
        return []
    result = []
    for value in values:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            errors.append({"field": field, "message": _("Not a number: %(value)s.", value=value)})
    return result


def check_application_values(session, fair: Fair, enterprise: Enterprise,
                             values: dict) -> tuple[dict, list[dict]]:
    """Normalise an application's fields for `fair`; return (clean values, errors by field)."""
    errors: list[dict] = []
    clean: dict = {}
    try:
        booths = int(values.get("booths_requested"))
    except (TypeError, ValueError):
        booths = 0
    if not 1 <= booths <= fair.max_booths_per_application:
        errors.append({"field": "booths_requested", "message": _(
            "Ask for 1 to %(n)d booths.", n=fair.max_booths_per_application)})
    clean["booths_requested"] = booths
    booth_type = values.get("booth_type") or None
    if booth_type is not None and booth_type not in BOOTH_TYPES:
        errors.append({"field": "booth_type", "message": _("Unknown booth type.")})
    clean["booth_type"] = booth_type
    # Read only when asked: a delegation import checks thousands of rows that name no zone.
    zone_ids = set(session.scalars(sa.select(Zone.id).where(Zone.fair_id == fair.id))) \
        if values.get("zone_preferences") else set()
    preferences = []
    for item in values.get("zone_preferences") or []:
        if isinstance(item, str) and item in ZONE_KINDS:
            preferences.append(item)
        else:
            try:
                zone_id = int(item)
            except (TypeError, ValueError):
                zone_id = None
            if zone_id not in zone_ids:
                errors.append({"field": "zone_preferences", "message": _("Unknown zone: %(zone)s.", zone=item)})
            else:
                preferences.append(zone_id)
    clean["zone_preferences"] = preferences
    codes = [str(code).strip().upper() for code in values.get("preferred_booths") or [] if str(code).strip()]
    if codes:
        known = set(session.scalars(sa.select(Booth.code).where(Booth.fair_id == fair.id, Booth.code.in_(codes))))
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors.append({"field": "preferred_booths", "message": _(
                "Unknown booths: %(codes)s.", codes=", ".join(unknown))})
    clean["preferred_booths"] = codes
    for field in ("neighbour_enterprise_ids", "avoid_enterprise_ids"):
        ids = _int_list(values.get(field), field, errors)
        if ids:
            found = set(session.scalars(sa.select(Enterprise.id).where(Enterprise.id.in_(ids))))
            if set(ids) - found or enterprise.id in ids:
                errors.append({"field": field, "message": _("Name other enterprises registered on the platform.")})
        clean[field] = ids
    if set(clean["neighbour_enterprise_ids"]) & set(clean["avoid_enterprise_ids"]):
        errors.append({"field": "avoid_enterprise_ids", "message": _(
            "An enterprise cannot be both a wished neighbour and one to avoid.")})
    try:
        staff = int(values.get("staff_count") or 0)
    except (TypeError, ValueError):
        staff = -1
    if staff < 0 or staff > 1000:
        errors.append({"field": "staff_count", "message": _("Give a whole number of people.")})
    clean["staff_count"] = max(staff, 0)
    products = (values.get("products") or "").strip()
    if len(products) > 2000:
        errors.append({"field": "products", "message": _("At most %(n)d characters.", n=2000)})
    clean["products"] = products or None
    clean["support_requested"] = bool(values.get("support_requested"))
    programme = (values.get("support_programme") or "").strip()
    clean["support_programme"] = programme[:200] or None
    return clean, errors


def _recipients(session, enterprise: Enterprise) -> list[str]:
    emails = list(session.scalars(sa.select(User.email).join(EnterpriseMember, EnterpriseMember.user_id == User.id)
                                  .where(EnterpriseMember.enterprise_id == enterprise.id, User.active.is_(True))))
    if not emails and enterprise.email:
        emails = [enterprise.email]
    return emails


def _notify(session, application: BoothApplication, *, now: datetime) -> None:
    fair, enterprise = application.fair, application.enterprise
    subject = _("%(fair)s: your application is %(status)s", fair=fair.code, status=_status_label(application.status))
    body = _("Hello,\n\nThe application of %(enterprise)s for %(n)d booth(s) at %(fair)s is now: %(status)s.",
             enterprise=enterprise.legal_name, n=application.booths_requested, fair=fair.name_vi,
             status=_status_label(application.status))
    if application.decision_reason:
        body += "\n" + _("Reason: %(reason)s", reason=application.decision_reason)
    for email in _recipients(session, enterprise):
        queue_mail(session, email, subject, body, now=now)


def submit_application(session, fair: Fair, enterprise: Enterprise, values: dict, *, actor: User,
                       now: datetime) -> BoothApplication:
    """Apply for booths while the fair is open: the application is submitted at once."""
    if not (actor.role in MANAGERS or may_manage_enterprise(session, enterprise, actor)):
        raise NotFound(_("No such enterprise."))
    if not applications_open(fair, now.date()):
        raise Conflict(_("This fair is not accepting applications."))
    clean, errors = check_application_values(session, fair, enterprise, values)
    if errors:
        raise ValidationFailed(errors)
    previous = session.scalar(sa.select(BoothApplication).where(BoothApplication.fair_id == fair.id,
                                                               BoothApplication.enterprise_id == enterprise.id))
    if previous is not None and previous.status != "withdrawn":
        raise Conflict(_("%(enterprise)s has already applied to this fair.", enterprise=enterprise.legal_name))
    if previous is not None:
        # A withdrawn application comes back to life: one row per enterprise and fair, history in the audit.
        application = previous
        for field, value in clean.items():
            setattr(application, field, value)
        application.status, application.decision_reason, application.decided_at = "submitted", None, None
        application.submitted_at = application.updated_at = now
    else:
        application = BoothApplication(fair=fair, enterprise=enterprise, **clean, status="submitted",
                                       payment_status="unpaid", submitted_at=now, created_by_id=actor.id,
                                       created_at=now, updated_at=now)
        session.add(application)
    name = enterprise.legal_name  # read now: after a failed flush the session may not load it
    try:
        session.flush()
    except IntegrityError as error:  # the same enterprise applying twice at once
        raise Conflict(_("%(enterprise)s has already applied to this fair.", enterprise=name)) from error
    record_audit(session, actor, "application.submit", application, now=now,
                 after={"fair": fair.code, "enterprise": enterprise.id, "booths": application.booths_requested})
    _notify(session, application, now=now)
    return application


def decide_application(session, application: BoothApplication, status: str, *, reason: str = "", actor: User,
                       now: datetime, grant_support: bool = False) -> BoothApplication:
    """Approve, waitlist or reject (the last two with a reason); the exhibitor is e-mailed.

    An approval makes the booth-fee grant the application asked for only when `grant_support` says so:
    public money is never granted as a side effect (`support_offer` shows what it would be).
    """
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers decide on applications."))
    reason = (reason or "").strip()
    if status not in DECISIONS:
        raise ValidationFailed([{"field": "status", "message": _("Decide approved, waitlisted or rejected.")}])
    if needs_reason(status) and not reason:
        raise ValidationFailed([{"field": "reason", "message": _("Say why, so the exhibitor understands.")}])
    if not can_move(application.status, status):
        raise Conflict(_("An application that is %(current)s cannot become %(target)s.",
                         current=_status_label(application.status), target=_status_label(status)), field="status")
    before = {"status": application.status}
    application.status, application.decision_reason = status, reason[:500] or None
    application.decided_at = application.updated_at = now
    session.flush()
    record_audit(session, actor, "application.decide", application, now=now, before=before,
                 after={"status": status, "reason": application.decision_reason})
    if status == "approved" and grant_support and application.support_requested:
        make_support_grant(session, application, actor=actor, now=now)
    _notify(session, application, now=now)
    return application


def grant_application_support(session, application: BoothApplication, *, actor: User,
                              now: datetime) -> SupportGrant:
    """Grant the booth-fee support an approved application asked for (when it was approved without it)."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers decide on applications."))
    if application.status != "approved" or not application.support_requested:
        raise Conflict(_("Only an approved application that asked for support can receive it."))
    if support_grant_of(session, application) is not None:
        raise Conflict(_("This application already has its booth-fee grant."))
    grant = make_support_grant(session, application, actor=actor, now=now)
    if grant is None:
        raise Conflict(_("No support programme of this year pays booth fees for this enterprise."))
    return grant


def withdraw_application(session, application: BoothApplication, *, actor: User, now: datetime) -> BoothApplication:
    """The exhibitor (or an organizer) withdraws an application before booths are allocated."""
    if not (actor.role in MANAGERS or may_manage_enterprise(session, application.enterprise, actor)):
        raise NotFound(_("No such application."))
    if application.fair.status not in ("draft", "open"):
        raise Conflict(_("Booths are being allocated: ask the organizer to withdraw the application."))
    if not can_move(application.status, "withdrawn"):
        raise Conflict(_("This application can no longer be withdrawn."))
    before = {"status": application.status}
    application.status, application.updated_at = "withdrawn", now
    session.flush()
    record_audit(session, actor, "application.withdraw", application, now=now, before=before,
                 after={"status": "withdrawn"})
    release_booth_fee(session, enterprise_id=application.enterprise_id, fair_id=application.fair_id, actor=actor,
                      now=now)
    _notify(session, application, now=now)
    return application


def get_application_for(session, application_id: int, user: User) -> BoothApplication:
    """The application if `user` may see it (organizers, officers within their province, or the enterprise's
    people)."""
    application = session.get(BoothApplication, application_id)
    if application is None:
        raise NotFound(_("No such application."))
    if (user.role in MANAGERS + ("officer",) and officer_may_read(session, user, application.enterprise)) or \
            may_manage_enterprise(session, application.enterprise, user):
        return application
    raise NotFound(_("No such application."))


def list_applications(session, fair: Fair, *, status: str = "", province: str = "", country: str = "",
                      sector: str = "", kind: str = "", support: str = "",
                      ids: Iterable[int] | None = None) -> list[BoothApplication]:
    """The fair's applications with their enterprises, filtered (to `ids` too, when given), oldest submission
    first."""
    query = (sa.select(BoothApplication).join(Enterprise).where(BoothApplication.fair_id == fair.id)
             .options(so.contains_eager(BoothApplication.enterprise))
             .order_by(BoothApplication.submitted_at, BoothApplication.id))
    if ids is not None:
        query = query.where(BoothApplication.id.in_(list(ids)))
    if status:
        query = query.where(BoothApplication.status == status)
    for column, value in ((Enterprise.province, province), (Enterprise.country, country.upper()),
                          (Enterprise.sector, sector), (Enterprise.kind, kind)):
        if value:
            query = query.where(column == value)
    if support in ("yes", "no"):
        query = query.where(BoothApplication.support_requested.is_(support == "yes"))
    return list(session.scalars(query))


def applications_of(session, enterprise: Enterprise) -> list[BoothApplication]:
    """An enterprise's applications, newest first."""
    return list(session.scalars(sa.select(BoothApplication).where(BoothApplication.enterprise_id == enterprise.id)
                                .order_by(BoothApplication.created_at.desc())))


def approve_many(session, applications: list[BoothApplication], *, actor: User, now: datetime,
                 grant_support: bool = False) -> int:
    """Approve every listed application that may be approved (with the support asked for only when
    `grant_support`); return how many were."""
    approved = 0
    for application in applications:
        if can_move(application.status, "approved"):
            decide_application(session, application, "approved", actor=actor, now=now, grant_support=grant_support)
            approved += 1
    return approved


def list_visible_applications(session, fair: Fair, user: User, *, status: str = "") -> list[BoothApplication]:
    """What `user` may see of the fair's applications: all for organizers, an officer's province's (all when
    bound to none), else its own."""
    if user.role in MANAGERS + ("officer",):
        scope = officer_enterprise_filter(session, user)
        applications = list_applications(session, fair, status=status)
        if scope is None:
            return applications
        readable = set(session.scalars(sa.select(Enterprise.id).where(scope)))
        return [application for application in applications if application.enterprise_id in readable]
    query = (sa.select(BoothApplication).join(EnterpriseMember,
                                              EnterpriseMember.enterprise_id == BoothApplication.enterprise_id)
             .where(BoothApplication.fair_id == fair.id, EnterpriseMember.user_id == user.id))
    if status:
        query = query.where(BoothApplication.status == status)
    return list(session.scalars(query))


def fairs_open_to(session, enterprise: Enterprise, *, today: date) -> list[Fair]:
    """Fairs accepting applications now to which the enterprise has not applied yet."""
    applied = set(session.scalars(sa.select(BoothApplication.fair_id)
                                  .where(BoothApplication.enterprise_id == enterprise.id)))
    fairs = session.scalars(sa.select(Fair).where(Fair.status == "open").order_by(Fair.starts_on))
    return [fair for fair in fairs if fair.id not in applied and applications_open(fair, today)]


def application_table(applications: Iterable, *, language: str) -> tuple[list[str], Iterator[list]]:
    """The review queue as a table (headers, rows) for CSV and XLSX exports, from rows of the application's and its
    enterprise's columns (`queue.EXPORT_COLUMNS`); the rows come one at a time as `applications` yields them, so
    an export of the whole fair keeps flat memory."""
    headers = [_("Application"), _("Enterprise"), _("Tax code"), _("Type of enterprise"), _("Country"),
               _("Province"), _("Sector"), _("Booths requested"), _("Support requested"), _("Status"),
               _("Reason"), _("Submitted"), _("Payment")]
    payments = {"unpaid": _("Unpaid"), "partial": _("Partly paid"), "paid": _("Paid")}
    yes_no = {True: _("Yes"), False: _("No")}
    # The labels repeat from row to row: each is worked out once per export (translations and province folding
    # cost more than the rest of a row).
    labels: dict[tuple, str] = {}

    def label(kind: str, value, make) -> str:
        key = (kind, value)
        if key not in labels:
            labels[key] = make(value)
        return labels[key]

    def rows() -> Iterator[list]:
        for a in applications:
            yield [a.id, a.name_en if language == "en" and a.name_en else a.legal_name, a.tax_code,
                   label("kind", a.kind, lambda kind: str(KIND_LABELS.get(kind, kind))),
                   label("country", a.country, lambda code: country_name(code, language)),
                   label("province", a.province, lambda name: province_label(name, language, history=True)),
                   label("sector", a.sector, lambda code: str(SECTORS.get(code, code or ""))),
                   a.booths_requested, yes_no[bool(a.support_requested)],
                   label("status", a.status, _status_label), a.decision_reason, a.submitted_at,
                   payments.get(a.payment_status, a.payment_status)]

    return headers, rows()


def record_payment(session, application: BoothApplication, payment_status: str, *, actor: User,
                   now: datetime) -> BoothApplication:
    """The organizer records how much of the fee was paid (no payment gateway)."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers record payments."))
    if payment_status not in PAYMENT_STATUSES:
        raise ValidationFailed([{"field": "payment_status", "message": _("Choose unpaid, partly paid or paid.")}])
    before = {"payment_status": application.payment_status}
    application.payment_status, application.updated_at = payment_status, now
    session.flush()
    record_audit(session, actor, "application.payment", application, now=now, before=before,
                 after={"payment_status": payment_status})
    return application
