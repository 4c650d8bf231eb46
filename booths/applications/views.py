"""Application pages: the exhibitor's portal and apply form, the organizer's review queue, decisions and documents
(the public plan and directory are in public_views.py; the queue's exports and the delegation import in
import_export_views.py)."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from booths import bp
from booths.applications.assignments import (
    assign_booths,
    booth_codes_by_application,
    booths_of,
    unassign_booth,
)
from booths.applications.attachments import attach_file, get_file_for, list_files
from booths.applications.fees import fee_estimate, support_grant_of, support_offer
from booths.applications.forms import ApplicationForm, AssignForm, AttachmentForm, DecisionForm, PaymentForm
from booths.applications.publication import booths_announced
from booths.applications.queue import (
    QUEUE_ARGS,
    QUEUE_FILTERS,
    application_history,
    matching_applications,
    queue_choices,
    queue_neighbours,
    queue_query,
    review_page,
    zone_preference_labels,
)
from booths.applications.services import (
    applications_of,
    applications_open,
    approve_many,
    decide_application,
    fairs_open_to,
    get_application_for,
    grant_application_support,
    list_applications,
    record_payment,
    submit_application,
    withdraw_application,
)
from booths.applications.workflow import APPLICATION_STATUSES
from booths.applications.zone_access import booths_in_zones, zones_for_applicant
from booths.layout.plans import occupants_shown, render_hall
from booths.layout.services import get_booth, list_halls, list_zones
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import Conflict, DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language, money
from core.inputs import id_arg
from core.jobs import watch_job
from core.pagination import list_args, page_number, page_of_position
from core.reference.countries import country_name
from core.reference.provinces import all_provinces
from core.reference.sectors import SECTORS
from core.uploads import MAX_UPLOAD_BYTES, read_bytes
from enterprises.forms import KIND_LABELS
from enterprises.services import enterprise_of
from fairs.models import Fair
from fairs.services import get_public_fair


@bp.get("/portal")
@role_required("exhibitor")
def portal():
    """Exhibitor: the enterprise, its applications and the fairs open for applications."""
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        flash(_("First tell us about your enterprise."), "info")
        return redirect(url_for("enterprises.profile", next=url_for("booths.portal")))
    applications = applications_of(db.session, enterprise)
    live = [a for a in applications if a.status in ("submitted", "approved", "waitlisted")]
    return render_template("booths/portal.html", enterprise=enterprise, applications=applications,
                           fees={a.id: fee_estimate(db.session, a) for a in live},
                           grants={a.id: support_grant_of(db.session, a) for a in live if a.support_requested},
                           booth_codes=booth_codes_by_application(db.session, [a.id for a in applications
                                                                               if booths_announced(a.fair)]),
                           open_fairs=fairs_open_to(db.session, enterprise, today=utcnow().date()),
                           withdraw_form=EmptyForm())


@bp.route("/f/<code>/apply", methods=["GET", "POST"])
@role_required("exhibitor")
def apply(code: str):
    """Exhibitor: apply for booths at an open fair."""
    fair = get_public_fair(db.session, code)
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        flash(_("First tell us about your enterprise."), "info")
        return redirect(url_for("enterprises.profile", next=url_for("booths.apply", code=fair.code)))
    language = current_language()
    open_zones, closed = zones_for_applicant(db.session, fair, enterprise, language=language)
    form = ApplicationForm()
    form.set_zones([(zone.id, zone.name(language)) for zone in open_zones],
                   {code: closed[zone_id] for code, zone_id
                    in booths_in_zones(db.session, fair, closed, form.typed_booth_codes()).items()})
    status = 200
    if form.validate_on_submit():
        try:
            submit_application(db.session, fair, enterprise, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("Your application has been submitted. We will e-mail you the decision."), "success")
            return redirect(url_for("booths.portal"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = 422
    elif request.method == "POST":
        status = 422
    halls = list_halls(db.session, fair)
    hall = _pick_hall(fair, halls)
    is_open = applications_open(fair, utcnow().date())
    zone_names = {zone.id: zone.name(language) for zone in list_zones(db.session, fair)}
    return render_template("booths/apply.html", fair=fair, enterprise=enterprise, form=form, halls=halls, hall=hall,
                           plan=_pick_plan(fair, enterprise, hall) if hall and is_open else None,
                           closed_zones=[(zone_names[zone_id], reason) for zone_id, reason in closed.items()],
                           closed_data={str(zone_id): reason for zone_id, reason in closed.items()},
                           is_open=is_open), status


def _pick_hall(fair: Fair, halls: list):
    """The hall the apply page draws: the one asked for (`hall`), else the first; one at a time, as a fair may have
    tens of thousands of booths."""
    wanted = request.args.get("hall", type=id_arg)
    return next((hall for hall in halls if hall.id == wanted), halls[0] if halls else None)


def _pick_plan(fair: Fair, enterprise, hall) -> Markup:
    # Before publication the applicant sees free, taken and its own booths, never who holds the others.
    reveal = occupants_shown(fair, manager=False, own=[enterprise.id])
    return Markup(render_hall(db.session, fair, hall, mode="status", language=current_language(), embed_style=False,
                              reveal=reveal))


@bp.get("/f/<code>/apply/plan")
@role_required("exhibitor")
def apply_plan(code: str):
    """Exhibitor: one hall's drawing for the apply page, fetched when another hall is picked (the form stays as
    typed)."""
    fair = get_public_fair(db.session, code)
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        return redirect(url_for("booths.apply", code=fair.code))
    hall = _pick_hall(fair, list_halls(db.session, fair))
    if hall is None or not applications_open(fair, utcnow().date()):
        abort(404)  # the apply page draws its plan only while the fair takes applications
    return render_template("booths/_pick_plan.html", hall=hall, plan=_pick_plan(fair, enterprise, hall))


@bp.post("/applications/<int:application_id>/withdraw")
@role_required("exhibitor", "organizer")
def withdraw(application_id: int):
    """Withdraw an application (the exhibitor's own, before allocation)."""
    application = get_application_for(db.session, application_id, current_user)
    if EmptyForm().validate_on_submit():
        try:
            withdraw_application(db.session, application, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The application has been withdrawn."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    if current_user.role == "exhibitor":
        return redirect(url_for("booths.portal"))
    return redirect(_application_url(application))


@bp.route("/fairs/<int:fair_id>/applications", methods=["GET", "POST"])
@role_required("organizer")
def review_queue(fair_id: int):
    """Organizer: the fair's applications, searched, filtered, sorted and paged, and bulk approval (of the
    ticked ones or of all that match; the support asked for is granted only when the organizer says so)."""
    fair = db.get_or_404(Fair, fair_id)
    asked = queue_query(request.args)
    args = list_args(request.args, QUEUE_ARGS)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("scope") == "all":
            chosen = matching_applications(db.session, fair, asked)
        else:
            ids = {int(value) for value in request.form.getlist("application") if value.isdigit()}
            chosen = list_applications(db.session, fair, ids=ids)
        approved = approve_many(db.session, chosen, actor=current_user, now=utcnow(),
                                grant_support=request.form.get("grant_support") == "y")
        db.session.commit()
        flash(_("%(n)d applications approved.", n=approved), "success")
        return redirect(url_for("booths.review_queue", fair_id=fair.id, **args))
    page = review_page(db.session, fair, asked, page=page_number(request.args.get("page")))
    job = watch_job(db.session, request.args.get("job", type=id_arg), actor=current_user) \
        if request.args.get("job") else None
    return render_template("booths/review_queue.html", fair=fair, page=page, asked=asked, args=args, job=job,
                           filters=asked.filters, statuses=APPLICATION_STATUSES, kind_labels=KIND_LABELS,
                           form=form, choices=queue_choices(db.session, fair, language=current_language()),
                           provinces={p.name_vi: p for p in all_provinces()}, sectors=SECTORS,
                           country_name=country_name)


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@role_required("organizer", "exhibitor")
def application(application_id: int):
    """One application: the exhibitor sees it; the organizer also decides (approving with or without the
    support grant it asked for), with the way back to the filtered queue and to the previous and next."""
    application = get_application_for(db.session, application_id, current_user)
    form = DecisionForm()
    status = 200
    args = list_args(request.args, QUEUE_FILTERS + ("sort",))
    organizer = current_user.role != "exhibitor"
    form.support_choice_needed = organizer and support_offer(db.session, application) is not None
    if organizer and form.validate_on_submit():
        # The next one is found before deciding: a decision may take this one out of the filtered list.
        next_id = queue_neighbours(db.session, application.fair, queue_query(args), application.id).next_id \
            if request.form.get("then") == "next" else None
        try:
            decide_application(db.session, application, form.status.data, reason=form.reason.data,
                               actor=current_user, now=utcnow(), grant_support=form.grant_support.data == "yes")
            db.session.commit()
            flash(_("The decision has been recorded and e-mailed to the exhibitor."), "success")
            if next_id is not None:
                return redirect(url_for("booths.application", application_id=next_id, **args))
            return redirect(url_for("booths.review_queue", fair_id=application.fair_id, **args))
        except DomainError as error:
            db.session.rollback()
            if isinstance(error, Conflict):  # the status moved on, so the decision form is no longer shown
                flash(error.message, "error")
            else:
                show_errors_on_form(form, error)
            status = 422
    elif organizer and request.method == "POST":
        status = 422
    return _application_page(application, form, AttachmentForm(prefix="file"), args), status


@bp.post("/applications/<int:application_id>/support")
@role_required("organizer")
def grant_support(application_id: int):
    """Organizer: grant the booth-fee support an application approved without it had asked for."""
    application = get_application_for(db.session, application_id, current_user)
    if EmptyForm().validate_on_submit():
        try:
            grant = grant_application_support(db.session, application, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("A booth-fee grant of %(amount)s from %(programme)s has been recorded.",
                    amount=money(grant.amount_vnd), programme=grant.programme.name), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(_application_url(application))


def _application_url(application) -> str:
    """The application's page, keeping the queue's filters and order it was reached with."""
    return url_for("booths.application", application_id=application.id,
                   **list_args(request.args, QUEUE_FILTERS + ("sort",)))


def _queue_position(application, args: dict) -> dict | None:
    """Where the application sits in the organizer's filtered queue: back link, previous and next."""
    if current_user.role == "exhibitor":
        return None
    neighbours = queue_neighbours(db.session, application.fair, queue_query(args), application.id)
    back = dict(args)
    if neighbours.position is not None and neighbours.position >= 50:
        back["page"] = str(page_of_position(neighbours.position))
    return {"neighbours": neighbours, "back": back}


def _application_page(application, decision_form, attachment_form, args=None):
    args = args or {}
    organizer = current_user.role != "exhibitor"
    return render_template("booths/application.html", application=application, form=decision_form,
                           attachment_form=attachment_form, files=list_files(db.session, application),
                           history=applications_of(db.session, application.enterprise),
                           fee=fee_estimate(db.session, application),
                           booths=booths_of(db.session, application)
                           if organizer or booths_announced(application.fair) else [],
                           assign_form=AssignForm(prefix="assign"), unassign_form=EmptyForm(),
                           payment_form=PaymentForm(payment_status=application.payment_status),
                           kind_labels=KIND_LABELS, args=args, position=_queue_position(application, args),
                           offer=support_offer(db.session, application) if organizer else None,
                           grant=support_grant_of(db.session, application),
                           zones=zone_preference_labels(db.session, application, language=current_language()),
                           audit=application_history(db.session, application) if organizer else [],
                           support_form=EmptyForm())


@bp.post("/applications/<int:application_id>/booths")
@role_required("organizer")
def assign(application_id: int):
    """Organizer: give an approved application its booths by hand (the hard rules still hold)."""
    application = get_application_for(db.session, application_id, current_user)
    form = AssignForm(prefix="assign")
    if form.validate_on_submit():
        try:
            assign_booths(db.session, application, form.codes.data.replace(",", " ").split(), actor=current_user,
                          now=utcnow())
            db.session.commit()
            flash(_("The booths have been assigned."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(_application_url(application))


@bp.post("/applications/<int:application_id>/booths/<code>/unassign")
@role_required("organizer")
def unassign(application_id: int, code: str):
    """Organizer: take one booth back from the application."""
    application = get_application_for(db.session, application_id, current_user)
    booth = get_booth(db.session, application.fair, code)
    if EmptyForm().validate_on_submit():
        try:
            unassign_booth(db.session, booth, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("Booth %(code)s is free again.", code=booth.code), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(_application_url(application))


@bp.post("/applications/<int:application_id>/payment")
@role_required("organizer")
def payment(application_id: int):
    """Organizer: record whether the fee is unpaid, partly paid or paid."""
    application = get_application_for(db.session, application_id, current_user)
    form = PaymentForm()
    if form.validate_on_submit():
        record_payment(db.session, application, form.payment_status.data, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("The payment status has been recorded."), "success")
    return redirect(_application_url(application))


@bp.post("/applications/<int:application_id>/files")
@role_required("organizer", "exhibitor")
def upload_file(application_id: int):
    """Attach a business licence or a product photo (content-checked, at most 10 MB)."""
    application = get_application_for(db.session, application_id, current_user)
    form = AttachmentForm(prefix="file")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            attach_file(db.session, application, purpose=form.purpose.data, filename=upload.filename or "",
                        data=upload.read(MAX_UPLOAD_BYTES + 1), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The file has been attached."), "success")
            return redirect(_application_url(application))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _application_page(application, DecisionForm(), form, list_args(request.args, QUEUE_FILTERS + ("sort",))), 422


@bp.get("/applications/<int:application_id>/files/<int:file_id>")
@role_required("organizer", "exhibitor")
def download_file(application_id: int, file_id: int):
    """Download an attached file: never shown inline, never as HTML."""
    application = get_application_for(db.session, application_id, current_user)
    stored = get_file_for(db.session, application, file_id, current_user)
    data = read_bytes(db.session, stored)
    return Response(data, mimetype=stored.media_type, headers={
        "Content-Disposition": content_disposition(stored.filename),
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    })
