"""Issuing agencies: the heading, number abbreviation, seat and signer of the reports they send, and who works there.

Organizers and admins create agencies; an organizer, officer or admin edits the agency they belong to.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from core.audit import record_audit
from core.errors import NotFound, PermissionDenied, ValidationFailed
from support.models import Agency, AgencyMember, ReportText, SupportProgramme

AGENCY_MEMBERS = ("admin", "organizer", "officer")
# Field → (max length, required); recipients are checked apart.
_TEXT_FIELDS = {"governing_body": (200, True), "name": (200, True), "abbreviation": (30, True), "seat": (100, True),
                "signer_authority": (100, False), "signer_title": (100, True), "signer_name": (120, True)}
_MESSAGES = {
    "governing_body": lambda: _("Give the governing body, e.g. SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI."),
    "name": lambda: _("Give the agency's full name."),
    "abbreviation": lambda: _("Give the abbreviation used in document numbers, e.g. TTKC."),
    "seat": lambda: _("Give the place written before the date, e.g. Hà Nội."),
    "signer_authority": lambda: _("At most 100 characters."),
    "signer_title": lambda: _("Give the signer's title, e.g. GIÁM ĐỐC."),
    "signer_name": lambda: _("Give the signer's full name."),
}


def check_agency_values(values: dict, *, partial: bool = False) -> tuple[dict, list[dict]]:
    """Clean an agency's fields (all of them, or those given when `partial`); every problem names its field."""
    clean: dict = {}
    errors: list[dict] = []
    for field, (limit, required) in _TEXT_FIELDS.items():
        if partial and field not in values:
            continue
        text = " ".join(str(values.get(field) or "").split())
        if (required and not text) or len(text) > limit:
            errors.append({"field": field, "message": _MESSAGES[field]()})
        clean[field] = text or None
    if "abbreviation" in clean and clean["abbreviation"] and any(c in clean["abbreviation"] for c in "/ "):
        errors.append({"field": "abbreviation", "message": _("The abbreviation has no spaces or slashes.")})
    if not partial or "recipients" in values:
        recipients = values.get("recipients") or []
        if isinstance(recipients, str):
            recipients = recipients.splitlines()
        recipients = [" ".join(str(line).split()) for line in recipients if str(line).strip()]
        if len(recipients) > 20 or any(len(line) > 200 for line in recipients):
            errors.append({"field": "recipients", "message": _("At most 20 recipients of 200 characters each.")})
        clean["recipients"] = recipients
    return clean, errors


def may_edit_agency(user: User | None, agency: Agency, member_of: int | None) -> bool:
    """Admins and organizers: every agency; officers: the agency they belong to. None is the system."""
    if user is None or user.role in ("admin", "organizer"):
        return True
    return user.role == "officer" and member_of == agency.id


def create_agency(session, values: dict, *, actor: User | None, now: datetime) -> Agency:
    """Record an issuing agency; its creator (an organizer or admin without one) becomes its member."""
    if actor is not None and actor.role not in ("admin", "organizer"):
        raise PermissionDenied(_("Only organizers and administrators create agencies."))
    clean, errors = check_agency_values(values)
    if errors:
        raise ValidationFailed(errors)
    agency = Agency(created_at=now, updated_at=now, **clean)
    session.add(agency)
    session.flush()
    if actor is not None and agency_of(session, actor) is None:
        session.add(AgencyMember(user_id=actor.id, agency_id=agency.id))
    record_audit(session, actor, "agency.create", agency, now=now, after=clean)
    session.flush()
    return agency


def get_agency(session, agency_id: int) -> Agency:
    """An agency, or NotFound."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(_("No such agency."))
    return agency


def update_agency(session, agency: Agency, values: dict, *, actor: User | None, now: datetime) -> Agency:
    """Change the fields given; an officer only their own agency's."""
    if not may_edit_agency(actor, agency, agency_id_of(session, actor)):
        raise PermissionDenied(_("You may only edit your own agency."))
    clean, errors = check_agency_values(values, partial=True)
    if errors:
        raise ValidationFailed(errors)
    before = {field: getattr(agency, field) for field in clean}
    for field, value in clean.items():
        setattr(agency, field, value)
    agency.updated_at = now
    session.flush()
    record_audit(session, actor, "agency.update", agency, now=now, before=before, after=clean)
    return agency


def agency_id_of(session, user: User | None) -> int | None:
    """The id of the agency `user` belongs to, or None."""
    if user is None:
        return None
    return session.scalar(sa.select(AgencyMember.agency_id).where(AgencyMember.user_id == user.id))


def agency_of(session, user: User | None) -> Agency | None:
    """The agency `user` belongs to, or None."""
    agency_id = agency_id_of(session, user)
    return session.get(Agency, agency_id) if agency_id else None


def set_member_agency(session, user: User, agency: Agency | None, *, actor: User | None, now: datetime) -> None:
    """Put an organizer, officer or admin in `agency` (or in none)."""
    if actor is not None and actor.role != "admin":
        raise PermissionDenied(_("Only administrators move people between agencies."))
    if user.role not in AGENCY_MEMBERS:
        raise ValidationFailed([{"field": "email", "message": _("Only organizers, officers and administrators "
                                                                "belong to an agency.")}])
    member = session.get(AgencyMember, user.id)
    before = {"agency_id": member.agency_id if member else None}
    if agency is None:
        if member is not None:
            session.delete(member)
    elif member is None:
        session.add(AgencyMember(user_id=user.id, agency_id=agency.id))
    else:
        member.agency_id = agency.id
    session.flush()
    record_audit(session, actor, "agency.member", user, now=now, before=before,
                 after={"agency_id": agency.id if agency else None})


def list_agencies(session) -> list[Agency]:
    """Every agency, by governing body and name."""
    return list(session.scalars(sa.select(Agency).order_by(Agency.governing_body, Agency.name)))


def set_programme_agency(session, programme: SupportProgramme, agency: Agency | None) -> None:
    """Say which agency manages `programme` (the caller audits the programme's change)."""
    programme.managing_agency = agency
    session.flush()


def save_report_text(session, agency: Agency, period: str, values: dict, *, actor: User | None,
                     now: datetime) -> ReportText:
    """Keep the number and the assessment (section III) an officer wrote for `agency`'s report of `period`."""
    if not may_edit_agency(actor, agency, agency_id_of(session, actor)):
        raise PermissionDenied(_("You may only write the reports of your own agency."))
    number = (values.get("number") or "").strip()
    assessment = (values.get("assessment") or "").strip()
    errors = []
    if len(number) > 20 or "/" in number:
        errors.append({"field": "number", "message": _(
            "The report's number, at most %(n)d characters and no slash (the rest is added).", n=20)})
    if len(assessment) > 20_000:
        errors.append({"field": "assessment", "message": _("At most 20,000 characters.")})
    if errors:
        raise ValidationFailed(errors)
    text = session.scalar(sa.select(ReportText).where(ReportText.agency_id == agency.id, ReportText.period == period))
    if text is None:
        text = ReportText(agency_id=agency.id, period=period)
        session.add(text)
    text.number, text.assessment = number or None, assessment or None
    text.updated_by_id, text.updated_at = getattr(actor, "id", None), now
    session.flush()
    record_audit(session, actor, "report_text.save", agency, now=now,
                 after={"period": period, "number": text.number})
    return text
