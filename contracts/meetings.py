"""Business matching: trade buyers ask exhibitors for meetings in the fair's slots, and exhibitors propose
meetings to registered buyers.

The buyer's request holds its slot while it waits; the exhibitor accepts (at its booth or at one
of the organizer's tables) or declines. An exhibitor's proposal (at its booth) is the same row the
other way round: the buyer accepts or declines it through the badge link, and it is told apart by the
proposing user in `proposed_by_id` (`proposed_by_exhibitor`). Neither side can be
in two meetings of one slot and a table hosts one meeting a slot: partial unique indexes decide, so
racing acceptances cannot both win. A meeting that took place records its outcome, and a contract it led to.
"""

from collections.abc import Callable
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from contracts.models import Contract, Meeting
from contracts.services import exhibits
from contracts.slots import MeetingRules, clock, fair_days, first_free_table
from contracts.vocabulary import MEETING_OUTCOMES
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.mail import queue_mail
from core.pagination import page_items
from enterprises.models import Enterprise
from enterprises.services import enterprise_of, may_manage_enterprise
from fairs.models import Fair
from visitors.models import Visitor

BUYER_TYPES = ("trade_buyer", "vip")


def _field(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([{"field": field, "message": message}])


def _number(value) -> int | None:
    """An id from a form or JSON value, or None if it is not a whole number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _begun(meeting: Meeting, rules: MeetingRules, now: datetime) -> bool:
    return rules.starts_at(meeting.day, meeting.start_minute) <= now


def request_meeting(session, fair: Fair, buyer: Visitor, values: dict, *, rules: MeetingRules,
                    now: datetime) -> Meeting:
    """A trade buyer asks an exhibitor for a meeting in one slot; the slot is held while it waits."""
    if buyer.fair_id != fair.id or buyer.visitor_type not in BUYER_TYPES:
        raise PermissionDenied(_("Business matching is for the fair's trade buyers."))
    errors = []
    enterprise_id = _number(values.get("enterprise_id"))
    if enterprise_id is None or not exhibits(session, fair, enterprise_id):
        errors.append({"field": "enterprise_id", "message": _("Choose an exhibitor of this fair.")})
    day, start = _slot(values, fair, rules, now, errors)
    message = (values.get("message") or "").strip()
    if len(message) > 500:
        errors.append({"field": "message", "message": _("At most 500 characters.")})
    if errors:
        raise ValidationFailed(errors)
    meeting = Meeting(fair_id=fair.id, buyer_visitor_id=buyer.id, enterprise_id=enterprise_id, day=day,
                      start_minute=start, minutes=rules.length, place="booth", status="requested",
                      message=message or None, requested_at=now)
    try:
        with session.begin_nested():
            session.add(meeting)
            session.flush()
    except IntegrityError as error:
        raise Conflict(_("You already have a meeting at this time: choose another slot."), field="slot") from error
    return meeting


def proposed_by_exhibitor(meeting: Meeting) -> bool:
    """True for an exhibitor's proposal still waiting for the buyer's answer."""
    return meeting.status == "requested" and meeting.proposed_by_id is not None


def _slot(values: dict, fair: Fair, rules: MeetingRules, now: datetime, errors: list) -> tuple:
    try:
        day = values["day"] if isinstance(values.get("day"), date) else date.fromisoformat(str(values.get("day")))
        start = int(values.get("start_minute"))
    except (TypeError, ValueError):
        day, start = None, None
    if day is None or not rules.is_slot(day, start, first=fair.starts_on, last=fair.ends_on):
        errors.append({"field": "slot", "message": _("Choose one of the fair's meeting slots.")})
    elif rules.starts_at(day, start) <= now:
        errors.append({"field": "slot", "message": _("This slot has passed: choose a later one.")})
    return day, start


def propose_meeting(session, fair: Fair, enterprise: Enterprise, values: dict, *, actor: User,
                    rules: MeetingRules, now: datetime, meetings_url: Callable[[Visitor], str]) -> Meeting:
    """An exhibitor proposes a meeting at its booth to a registered trade buyer, who is e-mailed the link to
    answer (`meetings_url`); the buyer's slot is held while the buyer decides."""
    if not (may_manage_enterprise(session, enterprise, actor) and exhibits(session, fair, enterprise.id)):
        raise PermissionDenied(_("Only the staff of an exhibitor of this fair may do this."))
    errors = []
    buyer = session.get(Visitor, _number(values.get("buyer_id")) or 0)
    if buyer is None or buyer.fair_id != fair.id or buyer.visitor_type not in BUYER_TYPES:
        errors.append({"field": "buyer_id", "message": _("Choose a trade buyer registered for this fair.")})
    day, start = _slot(values, fair, rules, now, errors)
    if not booth_codes(session, fair, enterprise.id):
        errors.append({"field": "slot", "message": _("You can propose meetings once your booth is published.")})
    message = (values.get("message") or "").strip()
    if len(message) > 500:
        errors.append({"field": "message", "message": _("At most 500 characters.")})
    if errors:
        raise ValidationFailed(errors)
    meeting = Meeting(fair_id=fair.id, buyer_visitor_id=buyer.id, enterprise_id=enterprise.id, day=day,
                      start_minute=start, minutes=rules.length, place="booth", status="requested",
                      message=message or None, requested_at=now, proposed_by_id=actor.id)
    try:
        with session.begin_nested():
            session.add(meeting)
            session.flush()
    except IntegrityError as error:
        raise Conflict(_("This buyer already has a meeting at this time: choose another slot."),
                       field="slot") from error
    if buyer.email:
        with force_locale("vi" if buyer.country == "VN" else "en"):
            subject = _("%(enterprise)s proposes a meeting at %(fair)s", enterprise=enterprise.legal_name,
                        fair=fair.code)
            body = _("Hello %(name)s,\n\n%(enterprise)s (booth %(booths)s) proposes a business meeting on %(day)s at "
                     "%(time)s.\n%(message)s\n\nAccept or decline it here: %(url)s",
                     name=buyer.full_name, enterprise=enterprise.name("en" if buyer.country != "VN" else "vi"),
                     booths=", ".join(booth_codes(session, fair, enterprise.id)), day=day.isoformat(),
                     time=clock(start), message=message, url=meetings_url(buyer))
        queue_mail(session, buyer.email, subject, body, now=now)
    return meeting


def answer_proposal(session, meeting: Meeting, buyer: Visitor, *, accept: bool, rules: MeetingRules,
                    now: datetime) -> Meeting:
    """The buyer accepts or declines an exhibitor's proposal."""
    if meeting.buyer_visitor_id != buyer.id or not proposed_by_exhibitor(meeting):
        raise NotFound(_("No such meeting."))
    if _begun(meeting, rules, now):
        raise Conflict(_("This slot has passed."))
    try:
        with session.begin_nested():
            meeting.status, meeting.decided_at = ("accepted" if accept else "declined"), now
            session.flush()
    except IntegrityError as error:
        session.refresh(meeting)
        raise Conflict(_("The exhibitor has just filled this slot: ask for another one below.")) from error
    return meeting


def _own_meeting(session, meeting: Meeting, actor: User) -> None:
    if not may_manage_enterprise(session, meeting.enterprise, actor):
        raise NotFound(_("No such meeting."))


def get_meeting_for(session, meeting_id: int, actor: User) -> Meeting:
    """A meeting of the actor's enterprise (organizers: any), or NotFound: another's does not exist for them."""
    meeting = get_meeting(session, meeting_id)
    _own_meeting(session, meeting, actor)
    return meeting


def booth_codes(session, fair: Fair, enterprise_id: int) -> list[str]:
    """The codes of the booths an enterprise holds at a fair."""
    return list(session.scalars(
        sa.select(Booth.code).join(BoothAssignment, BoothAssignment.booth_id == Booth.id)
        .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
        .where(BoothApplication.fair_id == fair.id, BoothApplication.enterprise_id == enterprise_id)
        .order_by(Booth.code)))


def accept_meeting(session, meeting: Meeting, *, place: str, rules: MeetingRules, actor: User,
                   now: datetime) -> Meeting:
    """The exhibitor accepts: at its booth, or at the first free table of the slot."""
    _own_meeting(session, meeting, actor)
    if meeting.status != "requested":
        raise Conflict(_("This meeting is no longer waiting for an answer."))
    if proposed_by_exhibitor(meeting):
        raise Conflict(_("This is your proposal: the buyer answers it."))
    if _begun(meeting, rules, now):
        raise Conflict(_("This slot has passed."))
    if place not in ("booth", "table"):
        raise _field("place", _("Meet at your booth or at a matching table."))
    if place == "booth" and not booth_codes(session, meeting.fair, meeting.enterprise_id):
        raise _field("place", _("You have no booth yet: meet at a matching table."))
    table = None
    if place == "table":
        taken = set(session.scalars(sa.select(Meeting.table_no).where(
            Meeting.fair_id == meeting.fair_id, Meeting.day == meeting.day,
            Meeting.start_minute == meeting.start_minute, Meeting.status == "accepted",
            Meeting.table_no.is_not(None))))
        table = first_free_table(taken, rules.tables)
        if table is None:
            raise _field("place", _("Every matching table is taken in this slot: meet at your booth."))
    try:
        with session.begin_nested():
            meeting.status, meeting.place, meeting.table_no = "accepted", place, table
            meeting.decided_at, meeting.decided_by_id = now, actor.id
            session.flush()
    except IntegrityError as error:
        session.refresh(meeting)
        raise Conflict(_("You already have a meeting in this slot (or its table was just taken): "
                         "decline this one or move the other.")) from error
    return meeting


def decline_meeting(session, meeting: Meeting, *, actor: User, now: datetime) -> Meeting:
    """The exhibitor declines a request (the buyer's slot is free again)."""
    _own_meeting(session, meeting, actor)
    if meeting.status != "requested":
        raise Conflict(_("This meeting is no longer waiting for an answer."))
    if proposed_by_exhibitor(meeting):
        raise Conflict(_("This is your proposal: the buyer answers it."))
    meeting.status, meeting.decided_at, meeting.decided_by_id = "declined", now, actor.id
    session.flush()
    return meeting


def cancel_meeting(session, meeting: Meeting, *, buyer: Visitor | None = None, actor: User | None = None,
                   rules: MeetingRules, now: datetime) -> Meeting:
    """Either side (the buyer, or the exhibitor's `actor`) cancels a meeting that has not begun."""
    if (buyer is None) == (actor is None):
        raise ValueError("cancel_meeting needs exactly one of buyer and actor")
    if buyer is not None and meeting.buyer_visitor_id != buyer.id:
        raise NotFound(_("No such meeting."))
    if actor is not None:
        _own_meeting(session, meeting, actor)
    if meeting.status not in ("requested", "accepted") or meeting.outcome \
            or (meeting.status == "accepted" and _begun(meeting, rules, now)):
        raise Conflict(_("Only a meeting still to come can be cancelled."))
    meeting.status, meeting.decided_at = "cancelled", now
    meeting.decided_by_id = actor.id if actor is not None else meeting.decided_by_id
    session.flush()
    return meeting


def record_outcome(session, meeting: Meeting, values: dict, *, actor: User, rules: MeetingRules,
                   now: datetime) -> Meeting:
    """What came of an accepted meeting once begun: no deal, a follow-up, or one of the seller's contracts."""
    _own_meeting(session, meeting, actor)
    if meeting.status != "accepted":
        raise Conflict(_("Only an accepted meeting has an outcome."))
    if not _begun(meeting, rules, now):
        raise Conflict(_("Record the outcome once the meeting has begun."))
    outcome = values.get("outcome")
    if outcome not in MEETING_OUTCOMES:
        raise _field("outcome", _("Choose what came of the meeting."))
    contract_id = _number(values.get("contract_id"))
    if outcome == "contract":
        contract = session.get(Contract, contract_id) if contract_id else None
        if contract is None or contract.fair_id != meeting.fair_id or contract.status == "cancelled" \
                or contract.seller_enterprise_id != meeting.enterprise_id:
            raise _field("contract_id", _("Choose one of your contracts at this fair."))
    else:
        contract_id = None
    note = (values.get("note") or "").strip()
    if len(note) > 1000:
        raise _field("note", _("At most 1,000 characters."))
    meeting.outcome, meeting.contract_id, meeting.outcome_note = outcome, contract_id, note or None
    session.flush()
    return meeting


def get_meeting(session, meeting_id: int) -> Meeting:
    """A meeting, or NotFound."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


def meetings_of_enterprise(session, fair: Fair, enterprise_id: int) -> list[Meeting]:
    """An exhibitor's meetings at a fair, in time order."""
    return list(session.scalars(sa.select(Meeting).where(Meeting.fair_id == fair.id,
                                                         Meeting.enterprise_id == enterprise_id)
                                .options(so.selectinload(Meeting.buyer))
                                .order_by(Meeting.day, Meeting.start_minute, Meeting.id)))


def meetings_page(session, fair: Fair, actor: User, filters: dict, pagination) -> list[Meeting]:
    """One API page of the meetings of the actor's own enterprise at a fair, in time order, by status."""
    enterprise = enterprise_of(session, actor)
    if enterprise is None:
        raise PermissionDenied(_("Only an exhibitor's people see its meetings."))
    query = sa.select(Meeting).where(Meeting.fair_id == fair.id, Meeting.enterprise_id == enterprise.id)
    if filters.get("status"):
        query = query.where(Meeting.status == filters["status"])
    # Each meeting is shown with its buyer's name: loaded with the page, not one query a meeting.
    return page_items(session, query.options(so.selectinload(Meeting.buyer))
                      .order_by(Meeting.day, Meeting.start_minute, Meeting.id), pagination)


def meetings_of_buyer(session, buyer: Visitor) -> list[Meeting]:
    """A buyer's meetings, in time order."""
    return list(session.scalars(sa.select(Meeting).where(Meeting.buyer_visitor_id == buyer.id)
                                .options(so.selectinload(Meeting.enterprise))
                                .order_by(Meeting.day, Meeting.start_minute, Meeting.id)))


def free_slots(session, fair: Fair, buyer: Visitor, *, rules: MeetingRules,
               now: datetime | None = None) -> list[tuple[date, int]]:
    """The slots in which the buyer holds no meeting yet (and, given `now`, that have not begun)."""
    held = set(session.execute(sa.select(Meeting.day, Meeting.start_minute).where(
        Meeting.buyer_visitor_id == buyer.id, Meeting.status.in_(("requested", "accepted")))).all())
    return [(day, start) for day in fair_days(fair.starts_on, fair.ends_on) for start in rules.starts()
            if (day, start) not in held and (now is None or rules.starts_at(day, start) > now)]
