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
    ProposeMeetingForm,
)
from contracts.leads import exhibiting_enterprise
from contracts.matching import buyer_countries, exhibitor_facets, find_buyers, find_exhibitors
from contracts.meetings import (
    BUYER_TYPES,
    accept_meeting,
    answer_proposal,
    booth_codes,
    cancel_meeting,
    decline_meeting,
    free_slots,
    get_meeting,
    get_meeting_for,
    meetings_of_buyer,
    meetings_of_enterprise,
    propose_meeting,
    proposed_by_exhibitor,
    record_outcome,
    request_meeting,
)
from contracts.models import Contract
from contracts.schedules import schedule_pdf
from contracts.slots import MeetingRules, clock, fair_days
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError, PermissionDenied
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language, money
from core.i18n import day as format_day
from core.reference.countries import country_name
from core.reference.sectors import SECTORS
from core.urls import external_url
from fairs.models import Fair
from visitors.services import badge_from_token, badge_in_force, badge_token


def _rules() -> MeetingRules:
    return MeetingRules.from_config(current_app.config)


def _buyer(token: str):
    """The trade buyer behind a badge link; a link whose badge was revoked (lost, reissued) or expired no longer
    acts (410)."""
    visitor, _badge = badge_from_token(db.session, token, current_app.config["SECRET_KEY"], today=utcnow().date())
    if visitor.visitor_type not in BUYER_TYPES:
        raise PermissionDenied(_("Business matching is for the fair's trade buyers."))
    return visitor


def _buyer_token(buyer, secret: str) -> str:
    """The link key of the buyer's badge in force, for the proposal's e-mail."""
    return badge_token(buyer, badge_in_force(db.session, buyer), secret,
                       days_after_fair=current_app.config["BADGE_LINK_DAYS_AFTER_FAIR"])


def _slot_label(day, start: int, length: int) -> str:
    return f"{format_day(day)} · {clock(start)}–{clock(start + length)}"


def _choices(facets: dict) -> dict:
    """Filter choices by name: sectors, provinces (today's units) and countries."""
    language = current_language()
    return {"sectors": [(code, SECTORS[code]) for code in facets.get("sector", []) if code in SECTORS],
            "provinces": facets.get("province", []),
            "countries": sorted(((code, country_name(code, language)) for code in facets.get("country", [])),
                                key=lambda pair: pair[1].casefold())}


@bp.route("/badges/<token>/meetings", methods=["GET", "POST"])
def buyer_meetings(token: str):
    """A trade buyer (through the badge link): find exhibitors, ask them for meetings, answer their proposals."""
    buyer = _buyer(token)
    fair, rules = buyer.fair, _rules()
    form, status = MeetingRequestForm(), 200
    form.slot.choices = [(f"{day.isoformat()}|{start}", _slot_label(day, start, rules.length))
                         for day, start in free_slots(db.session, fair, buyer, rules=rules, now=utcnow())]
    filters = {name: request.args.get(name, "").strip() for name in ("q", "sector", "province", "country")}
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
    exhibitors, found = find_exhibitors(db.session, fair, search=filters["q"], sector=filters["sector"],
                                        province=filters["province"], country=filters["country"])
    response = Response(render_template(
        "contracts/buyer_meetings.html", buyer=buyer, fair=fair, form=form, token=token, rules=rules,
        meetings=meetings_of_buyer(db.session, buyer), cancel_form=EmptyForm(), clock=clock,
        statuses=MEETING_STATUS_LABELS, filters=filters, exhibitors=exhibitors, found=found,
        choices=_choices(exhibitor_facets(db.session, fair)), proposed=proposed_by_exhibitor,
        sectors=SECTORS, country_name=country_name), status=status)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/badges/<token>/meetings/<int:meeting_id>/answer")
def buyer_answer(token: str, meeting_id: int):
    """The buyer accepts or declines an exhibitor's proposal."""
    buyer = _buyer(token)
    if EmptyForm().validate_on_submit():
        try:
            answer_proposal(db.session, get_meeting(db.session, meeting_id), buyer,
                            accept=request.form.get("answer") == "accept", rules=_rules(), now=utcnow())
            db.session.commit()
            flash(_("Your answer has been sent to the exhibitor."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for("contracts.buyer_meetings", token=token))


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
    """The exhibitor's requests to answer, its proposals, its schedule, outcomes, and buyers to propose to."""
    fair = db.get_or_404(Fair, fair_id)
    return _exhibitor_page(fair, _enterprise(fair), ProposeMeetingForm(formdata=None), 200)


@bp.post("/fairs/<int:fair_id>/meetings/propose")
@role_required("exhibitor")
def meeting_propose(fair_id: int):
    """The exhibitor proposes a meeting at its booth to a registered buyer, who is e-mailed the link to answer."""
    fair = db.get_or_404(Fair, fair_id)
    enterprise = _enterprise(fair)
    form = ProposeMeetingForm()
    form.slot.choices = _future_slots(fair)
    if form.validate_on_submit():
        day, _sep, start = form.slot.data.partition("|")
        secret = current_app.config["SECRET_KEY"]
        try:
            propose_meeting(db.session, fair, enterprise, {"buyer_id": form.buyer_id.data, "day": day,
                                                           "start_minute": start, "message": form.message.data},
                            actor=current_user, rules=_rules(), now=utcnow(),
                            meetings_url=lambda buyer: external_url("contracts.buyer_meetings",
                                                                    token=_buyer_token(buyer, secret)))
            db.session.commit()
            flash(_("Your proposal has been sent: the buyer is e-mailed and answers through the badge link."),
                  "success")
            return redirect(url_for("contracts.exhibitor_meetings", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _exhibitor_page(fair, enterprise, form, 422)


def _future_slots(fair: Fair) -> list[tuple[str, str]]:
    rules, now = _rules(), utcnow()
    return [(f"{day.isoformat()}|{start}", _slot_label(day, start, rules.length))
            for day in fair_days(fair.starts_on, fair.ends_on) for start in rules.starts()
            if rules.starts_at(day, start) > now]


def _exhibitor_page(fair: Fair, enterprise, propose_form: ProposeMeetingForm, status: int):
    meetings = meetings_of_enterprise(db.session, fair, enterprise.id)
    outcome_form = OutcomeForm()
    outcome_form.contract_id.choices = [("", "—")] + [
        (c.id, f"#{c.id} · {c.buyer_name or ''} · {money(c.amount, c.currency)}") for c in
        db.session.scalars(db.select(Contract).where(Contract.fair_id == fair.id, Contract.status != "cancelled",
                                                     Contract.seller_enterprise_id == enterprise.id))]
    propose_form.slot.choices = _future_slots(fair)
    filters = {name: request.args.get(name, "").strip() for name in ("bq", "bsector", "bcountry")}
    buyers = find_buyers(db.session, fair, search=filters["bq"], sector=filters["bsector"],
                         country=filters["bcountry"])
    return render_template("contracts/exhibitor_meetings.html", fair=fair, enterprise=enterprise, meetings=meetings,
                           accept_form=AcceptMeetingForm(), outcome_form=outcome_form, empty_form=EmptyForm(),
                           clock=clock, places=PLACE_LABELS, outcomes=OUTCOME_LABELS,
                           has_booth=bool(booth_codes(db.session, fair, enterprise.id)),
                           propose_form=propose_form, buyers=buyers, filters=filters, proposed=proposed_by_exhibitor,
                           choices=_choices({"sector": list(SECTORS), "country": buyer_countries(db.session, fair)}),
                           country_name=country_name, sectors=SECTORS), status


def _back_to_meetings(meeting_id: int) -> Response:
    """Back to the meetings page of the fair of one of the exhibitor's meetings (another's is 404)."""
    meeting = get_meeting_for(db.session, meeting_id, current_user)
    return redirect(url_for("contracts.exhibitor_meetings", fair_id=meeting.fair_id))


def _answer(meeting_id: int, act) -> Response:
    meeting = get_meeting_for(db.session, meeting_id, current_user)
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
        return _back_to_meetings(meeting_id)
    return _answer(meeting_id, lambda meeting: accept_meeting(
        db.session, meeting, place=form.place.data, rules=_rules(), actor=current_user, now=utcnow()))


@bp.post("/meetings/<int:meeting_id>/decline")
@role_required("exhibitor")
def meeting_decline(meeting_id: int):
    """The exhibitor declines a request."""
    if not EmptyForm().validate_on_submit():
        return _back_to_meetings(meeting_id)
    return _answer(meeting_id, lambda meeting: decline_meeting(db.session, meeting, actor=current_user, now=utcnow()))


@bp.post("/meetings/<int:meeting_id>/cancel")
@role_required("exhibitor")
def meeting_cancel(meeting_id: int):
    """The exhibitor cancels a meeting still to come."""
    if not EmptyForm().validate_on_submit():
        return _back_to_meetings(meeting_id)
    return _answer(meeting_id, lambda meeting: cancel_meeting(db.session, meeting, actor=current_user,
                                                              rules=_rules(), now=utcnow()))


@bp.post("/meetings/<int:meeting_id>/outcome")
@role_required("exhibitor")
def meeting_outcome(meeting_id: int):
    """The exhibitor records what came of a meeting."""
    # The service checks the outcome and that the contract is the seller's own at this fair.
    values = {key: request.form.get(key) for key in ("outcome", "contract_id", "note")}
    if not EmptyForm().validate_on_submit():
        return _back_to_meetings(meeting_id)
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
