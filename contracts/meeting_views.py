"""Business-matching pages: buyers ask from their badge link; exhibitors answer, meet and record outcomes."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp
from contracts.forms import (
    MEETING_STATUS_LABELS,
    OUTCOME_LABELS,
    PLACE_LABELS,
    AcceptMeetingForm,
    MeetingRequestForm,
    OutcomeForm,
)
from contracts.leads import exhibiting_enterprise
from contracts.meetings import (
    BUYER_TYPES,
    accept_meeting,
    booth_codes,
    cancel_meeting,
    decline_meeting,
    exhibitors_to_meet,
    free_slots,
    get_meeting,
    meetings_of_buyer,
    meetings_of_enterprise,
    record_outcome,
    request_meeting,
)
from contracts.models import Contract
from contracts.schedules import schedule_pdf
from contracts.slots import MeetingRules, clock
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError, PermissionDenied
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language, money
from core.i18n import day as format_day
from fairs.models import Fair
from visitors.services import current_badge, visitor_from_token


def _rules() -> MeetingRules:
    return MeetingRules.from_config(current_app.config)


def _buyer(token: str):
    """The trade buyer behind a badge link; a link whose badge was revoked (lost, reissued) no longer acts."""
    visitor = visitor_from_token(db.session, token, current_app.config["SECRET_KEY"])
    if visitor.visitor_type not in BUYER_TYPES or current_badge(db.session, visitor) is None:
        raise PermissionDenied(_("Business matching is for the fair's trade buyers."))
    return visitor


def _slot_label(day, start: int, length: int) -> str:
    return f"{format_day(day)} · {clock(start)}–{clock(start + length)}"


@bp.route("/badges/<token>/meetings", methods=["GET", "POST"])
def buyer_meetings(token: str):
    """A trade buyer (through the badge link): ask exhibitors for meetings, see the answers."""
    buyer = _buyer(token)
    fair, rules = buyer.fair, _rules()
    form, status = MeetingRequestForm(), 200
    form.enterprise_id.choices = [(0, "—")] + [(e.id, e.name(current_language()))
                                              for e in exhibitors_to_meet(db.session, fair)]
    form.slot.choices = [(f"{day.isoformat()}|{start}", _slot_label(day, start, rules.length))
                         for day, start in free_slots(db.session, fair, buyer, rules=rules)]
    if form.is_submitted():
        if form.validate():
            day, _sep, start = form.slot.data.partition("|")
            try:
                request_meeting(db.session, fair, buyer, {"enterprise_id": form.enterprise_id.data, "day": day,
                                                          "start_minute": start, "message": form.message.data},
                                rules=rules, now=utcnow())
                db.session.commit()
                flash(_("Your request has been sent: the exhibitor will answer here."), "success")
                return redirect(url_for("contracts.buyer_meetings", token=token))
            except DomainError as error:
                db.session.rollback()
                show_errors_on_form(form, error)
        status = 422
    response = Response(render_template(
        "contracts/buyer_meetings.html", buyer=buyer, fair=fair, form=form, token=token, rules=rules,
        meetings=meetings_of_buyer(db.session, buyer), cancel_form=EmptyForm(), clock=clock,
        statuses=MEETING_STATUS_LABELS), status=status)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/badges/<token>/meetings/<int:meeting_id>/cancel")
def buyer_cancel(token: str, meeting_id: int):
    """The buyer cancels one of its meetings."""
    buyer = _buyer(token)
    if EmptyForm().validate_on_submit():
        try:
            cancel_meeting(db.session, get_meeting(db.session, meeting_id), buyer=buyer, rules=_rules(),
                           now=utcnow())
            db.session.commit()
            flash(_("The meeting is cancelled."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for("contracts.buyer_meetings", token=token))


@bp.get("/badges/<token>/meetings.pdf")
def buyer_schedule(token: str):
    """The buyer's schedule of accepted meetings as a PDF."""
    buyer = _buyer(token)
    meetings = [m for m in meetings_of_buyer(db.session, buyer) if m.status == "accepted"]
    pdf = schedule_pdf(db.session, buyer.fair, meetings, owner=buyer.full_name, side="buyer")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(f"meetings-{buyer.fair.code}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _enterprise(fair: Fair):
    return exhibiting_enterprise(db.session, fair, current_user)


@bp.get("/fairs/<int:fair_id>/meetings")
@role_required("exhibitor")
def exhibitor_meetings(fair_id: int):
    """The exhibitor's requests to answer, its schedule, and the outcomes of its meetings."""
    fair = db.get_or_404(Fair, fair_id)
    enterprise = _enterprise(fair)
    meetings = meetings_of_enterprise(db.session, fair, enterprise.id)
    outcome_form = OutcomeForm()
    outcome_form.contract_id.choices = [("", "—")] + [
        (c.id, f"#{c.id} · {c.buyer_name or ''} · {money(c.amount, c.currency)}") for c in
        db.session.scalars(db.select(Contract).where(Contract.fair_id == fair.id, Contract.status != "cancelled",
                                                     Contract.seller_enterprise_id == enterprise.id))]
    return render_template("contracts/exhibitor_meetings.html", fair=fair, enterprise=enterprise, meetings=meetings,
                           accept_form=AcceptMeetingForm(), outcome_form=outcome_form, empty_form=EmptyForm(),
                           clock=clock, places=PLACE_LABELS, outcomes=OUTCOME_LABELS,
                           has_booth=bool(booth_codes(db.session, fair, enterprise.id)))


def _answer(meeting_id: int, act) -> Response:
    meeting = get_meeting(db.session, meeting_id)
    try:
        act(meeting)
        db.session.commit()
        flash(_("Saved."), "success")
    except DomainError as error:
        db.session.rollback()
        flash(" ".join(item["message"] for item in error.errors) if error.errors else error.message, "error")
    return redirect(url_for("contracts.exhibitor_meetings", fair_id=meeting.fair_id))


@bp.post("/meetings/<int:meeting_id>/accept")
@role_required("exhibitor")
def meeting_accept(meeting_id: int):
    """The exhibitor accepts a request, at its booth or a matching table."""
    form = AcceptMeetingForm()
    if not form.validate_on_submit():
        return redirect(url_for("contracts.exhibitor_meetings", fair_id=get_meeting(db.session, meeting_id).fair_id))
    return _answer(meeting_id, lambda meeting: accept_meeting(
        db.session, meeting, place=form.place.data, rules=_rules(), actor=current_user, now=utcnow()))


@bp.post("/meetings/<int:meeting_id>/decline")
@role_required("exhibitor")
def meeting_decline(meeting_id: int):
    """The exhibitor declines a request."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("contracts.exhibitor_meetings", fair_id=get_meeting(db.session, meeting_id).fair_id))
    return _answer(meeting_id, lambda meeting: decline_meeting(db.session, meeting, actor=current_user, now=utcnow()))


@bp.post("/meetings/<int:meeting_id>/cancel")
@role_required("exhibitor")
def meeting_cancel(meeting_id: int):
    """The exhibitor cancels a meeting still to come."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("contracts.exhibitor_meetings", fair_id=get_meeting(db.session, meeting_id).fair_id))
    return _answer(meeting_id, lambda meeting: cancel_meeting(db.session, meeting, actor=current_user,
                                                              rules=_rules(), now=utcnow()))


@bp.post("/meetings/<int:meeting_id>/outcome")
@role_required("exhibitor")
def meeting_outcome(meeting_id: int):
    """The exhibitor records what came of a meeting."""
    # The service checks the outcome and that the contract is the seller's own at this fair.
    values = {key: request.form.get(key) for key in ("outcome", "contract_id", "note")}
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("contracts.exhibitor_meetings", fair_id=get_meeting(db.session, meeting_id).fair_id))
    return _answer(meeting_id, lambda meeting: record_outcome(db.session, meeting, values, actor=current_user,
                                                              rules=_rules(), now=utcnow()))


@bp.get("/fairs/<int:fair_id>/meetings.pdf")
@role_required("exhibitor")
def exhibitor_schedule(fair_id: int):
    """The exhibitor's schedule of accepted meetings as a PDF."""
    fair = db.get_or_404(Fair, fair_id)
    enterprise = _enterprise(fair)
    meetings = [m for m in meetings_of_enterprise(db.session, fair, enterprise.id) if m.status == "accepted"]
    pdf = schedule_pdf(db.session, fair, meetings, owner=enterprise.name(current_language()), side="exhibitor")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(f"meetings-{fair.code}.pdf")
    response.headers["Cache-Control"] = "private, no-store"  # buyers' names and organisations
    return response
