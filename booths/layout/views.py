"""Layout pages: halls and zones, the grid generator, imports, the organizer's floor plan and its PDF,
blocking and prices."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from booths import bp
from booths.layout.edits import set_booth_blocked, set_prices
from booths.layout.forms import (
    BOOTH_TYPE_LABELS,
    ZONE_KIND_LABELS,
    BlockForm,
    GridForm,
    HallForm,
    ImportForm,
    PlanOptionsForm,
    PriceForm,
    ZoneForm,
)
from booths.layout.geometry import to_cm
from booths.layout.grid import GridSpec
from booths.layout.import_job import KIND as IMPORT_JOB
from booths.layout.import_job import start_booth_import
from booths.layout.plan_job import BOOTH_SECONDS, hall_plan_pdf, hall_size, start_plan_pdf
from booths.layout.plan_job import JOB_KIND as PLAN_JOB
from booths.layout.plan_search import SEARCH_LIMIT, PlanFind, find_on_plan
from booths.layout.plans import EVERYONE, draw_hall_with_legend, preview_grid, render_hall
from booths.layout.services import (
    create_grid,
    create_hall,
    create_zone,
    get_booth,
    get_hall,
    import_booths,
    layout_summary,
    list_halls,
    list_zones,
)
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError, NotFound, ValidationFailed
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language, number
from core.inputs import id_arg
from core.jobs import launch, watch_job
from core.jobs.deferred import DeferredExport, made_in_request, offer_background_export
from core.jobs.imports import import_upload, shown_import_job
from fairs.models import Fair

MANAGERS = ("organizer",)


def _fair(fair_id: int) -> Fair:
    return db.get_or_404(Fair, fair_id)


@bp.get("/fairs/<int:fair_id>/layout")
@role_required(*MANAGERS)
def layout(fair_id: int):
    """Organizer: the fair's halls and zones, and the tools to fill them with booths."""
    return _layout_page(_fair(fair_id), HallForm(prefix="hall"), ZoneForm(prefix="zone"))


def _layout_page(fair: Fair, hall_form: HallForm, zone_form: ZoneForm):
    return render_template("booths/layout.html", fair=fair, summary=layout_summary(db.session, fair),
                           zones=list_zones(db.session, fair), hall_form=hall_form, zone_form=zone_form,
                           kind_labels=ZONE_KIND_LABELS)


@bp.post("/fairs/<int:fair_id>/halls")
@role_required(*MANAGERS)
def new_hall(fair_id: int):
    """Organizer: add a hall."""
    fair = _fair(fair_id)
    form = HallForm(prefix="hall")
    if form.validate_on_submit():
        try:
            create_hall(db.session, fair, name=form.name.data, width_m=form.width_m.data,
                        depth_m=form.depth_m.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The hall has been added."), "success")
            return redirect(url_for("booths.layout", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _layout_page(fair, form, ZoneForm(prefix="zone")), 422


@bp.post("/fairs/<int:fair_id>/zones")
@role_required(*MANAGERS)
def new_zone(fair_id: int):
    """Organizer: add a zone."""
    fair = _fair(fair_id)
    form = ZoneForm(prefix="zone")
    if form.validate_on_submit():
        try:
            create_zone(db.session, fair, {name: getattr(form, name).data for name in (
                "name_vi", "name_en", "kind", "colour", "province", "country")}, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The zone has been added."), "success")
            return redirect(url_for("booths.layout", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _layout_page(fair, HallForm(prefix="hall"), form), 422


def _grid_spec(form: GridForm) -> GridSpec:
    return GridSpec(prefix=form.prefix.data.strip().upper(), rows=form.rows.data, columns=form.columns.data,
                    booth_width=to_cm(form.booth_width_m.data), booth_depth=to_cm(form.booth_depth_m.data),
                    aisle_every=form.aisle_every.data, aisle_width=to_cm(form.aisle_width_m.data),
                    origin_x=to_cm(form.origin_x_m.data), origin_y=to_cm(form.origin_y_m.data),
                    rows_per_block=form.rows_per_block.data, first_number=form.first_number.data)


@bp.route("/fairs/<int:fair_id>/booths/grid", methods=["GET", "POST"])
@role_required(*MANAGERS)
def grid(fair_id: int):
    """Organizer: draw a grid of booths, preview it on the plan, then create it."""
    fair = _fair(fair_id)
    halls, zones = list_halls(db.session, fair), list_zones(db.session, fair)
    form = GridForm()
    form.hall_id.choices = [(hall.id, hall.name) for hall in halls]
    form.zone_id.choices = [(zone.id, zone.name(current_language())) for zone in zones]
    preview_svg, problems, status = None, [], 200
    if not halls or not zones:
        flash(_("Add a hall and a zone first."), "warning")
        return redirect(url_for("booths.layout", fair_id=fair.id))
    if form.validate_on_submit():
        hall = get_hall(db.session, fair, form.hall_id.data)
        zone = next((z for z in zones if z.id == form.zone_id.data), zones[0])
        spec = _grid_spec(form)
        if request.form.get("action") == "create":
            try:
                created = create_grid(db.session, fair, spec, hall, zone, booth_type=form.booth_type.data,
                                      price_vnd=form.price_vnd.data, actor=current_user, now=utcnow())
                db.session.commit()
                flash(_("%(n)d booths have been created.", n=created), "success")
                return redirect(url_for("booths.plan", fair_id=fair.id, hall_id=hall.id))
            except ValidationFailed as error:
                db.session.rollback()
                problems, status = error.errors, 422
        preview, preview_problems = preview_grid(db.session, fair, spec, hall, zone)
        problems = problems or preview_problems
        preview_svg = Markup(render_hall(db.session, fair, hall, mode="status", language=current_language(),
                                         embed_style=False, extra=preview, reveal=EVERYONE))
        db.session.rollback()
    elif request.method == "POST":
        status = 422
    return render_template("booths/grid.html", fair=fair, form=form, preview_svg=preview_svg,
                           problems=problems), status


@bp.route("/fairs/<int:fair_id>/booths/import", methods=["GET", "POST"])
@role_required(*MANAGERS)
def import_file(fair_id: int):
    """Organizer: import booths from CSV or XLSX, all or nothing."""
    fair = _fair(fair_id)
    form = ImportForm()
    # A large table is imported by a job: the page then follows its progress (?job=).
    outcome = import_upload(
        form, lambda rows: import_booths(db.session, fair, rows, actor=current_user, now=utcnow()),
        lambda data, name: start_booth_import(db.session, fair, data, filename=name, actor=current_user,
                                              now=utcnow()))
    if outcome.job is not None:
        return redirect(url_for("booths.import_file", fair_id=fair.id, job=outcome.job.id))
    if outcome.created is not None:
        flash(_("%(n)d booths have been imported.", n=outcome.created), "success")
        return redirect(url_for("booths.layout", fair_id=fair.id))
    job = shown_import_job(request.args.get("job", type=id_arg), IMPORT_JOB, actor=current_user)
    return render_template("booths/import.html", fair=fair, form=form, problems=outcome.problems,
                           job=job), outcome.status


def plan_page_context(fair: Fair, hall_id: int | None, *, reveal: frozenset[int] | None,
                      found: PlanFind | None = None):
    """The floor plan page's context for one hall (the search's, else the one named, else the first), or None
    without halls; `reveal` says whose names the plan shows (see `occupants_shown`); `found` lights
    up its booths."""
    halls = list_halls(db.session, fair)
    if not halls:
        return None
    hall_id = found.hall_id if found is not None and found.hall_id else hall_id
    hall = get_hall(db.session, fair, hall_id) if hall_id else halls[0]
    options = PlanOptionsForm(request.args)
    mode = options.colour.data if options.colour.data in dict(options.colour.choices) else "status"
    highlight = found.codes if found is not None else []
    svg, legend = draw_hall_with_legend(db.session, fair, hall, mode=mode, language=current_language(),
                                        reveal=reveal, highlight=highlight)
    zones = {zone.id: zone.name(current_language()) for zone in list_zones(db.session, fair)}
    return {"fair": fair, "hall": hall, "halls": halls, "svg": Markup(svg), "legend": legend, "options": options,
            "mode": mode, "found": found, "hall_names": {other.id: other.name for other in halls},
            "plan_data": {"zones": zones, "types": {k: str(v) for k, v in BOOTH_TYPE_LABELS.items()},
                          "language": current_language(), "highlight": list(highlight)[:SEARCH_LIMIT * 10]}}


@bp.get("/fairs/<int:fair_id>/plan", defaults={"hall_id": None})
@bp.get("/fairs/<int:fair_id>/halls/<int:hall_id>/plan")
@role_required(*MANAGERS)
def plan(fair_id: int, hall_id: int | None):
    """Organizer: a hall's floor plan, to scale, with zoom, pan and booth details; `q` (a booth code or an
    exhibitor's name) shows the hall that holds it, lit up."""
    fair = _fair(fair_id)
    found = find_on_plan(db.session, fair, request.args.get("q", ""), reveal=EVERYONE)
    context = plan_page_context(fair, request.args.get("hall", type=id_arg) or hall_id, reveal=EVERYONE, found=found)
    if context is None:
        flash(_("Add a hall first."), "warning")
        return redirect(url_for("booths.layout", fair_id=fair.id))
    return render_template("booths/plan.html", manage=True, **context)


@bp.get("/fairs/<int:fair_id>/halls/<int:hall_id>/plan.pdf")
@role_required(*MANAGERS)
def plan_pdf(fair_id: int, hall_id: int):
    """Organizer: the hall's plan as a printable A3 landscape PDF; a hall too large to lay out at once is offered
    as a background job."""
    fair = _fair(fair_id)
    hall = get_hall(db.session, fair, hall_id)
    mode = request.args.get("colour", "status")
    booths = hall_size(db.session, hall)
    if not made_in_request(booths, BOOTH_SECONDS):
        export = DeferredExport(title=_("Plan of %(hall)s (PDF)", hall=hall.name),
                                action=url_for("booths.start_plan_document", fair_id=fair.id, hall_id=hall.id),
                                back_url=url_for("booths.plan", fair_id=fair.id, hall_id=hall.id, colour=mode),
                                size=ngettext("%(count)s booth", "%(count)s booths", booths, count=number(booths)),
                                fields={"colour": mode})
        return offer_background_export(export, rows=booths, row_seconds=BOOTH_SECONDS)
    pdf, filename = hall_plan_pdf(db.session, fair, hall, mode=mode, language=current_language())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": content_disposition(filename, inline=True)})


@bp.post("/fairs/<int:fair_id>/halls/<int:hall_id>/plan/documents")
@role_required(*MANAGERS)
def start_plan_document(fair_id: int, hall_id: int):
    """Organizer: make the hall's plan PDF in the background, then follow it on its own page."""
    fair = _fair(fair_id)
    hall = get_hall(db.session, fair, hall_id)
    mode = request.form.get("colour", "status")
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("booths.plan", fair_id=fair.id, hall_id=hall.id, colour=mode))
    job = start_plan_pdf(db.session, fair, hall, mode, language=current_language(), actor=current_user,
                         now=utcnow())
    db.session.commit()
    launch(job)
    return redirect(url_for("booths.plan_document", fair_id=fair.id, job_id=job.id))


@bp.get("/fairs/<int:fair_id>/plan/documents/<int:job_id>")
@role_required(*MANAGERS)
def plan_document(fair_id: int, job_id: int):
    """Organizer: how far a hall's plan PDF has got; its download once it is made."""
    fair = _fair(fair_id)
    job = watch_job(db.session, job_id, actor=current_user)
    if job.kind != PLAN_JOB or job.params.get("fair_id") != fair.id:
        raise NotFound(_("No such job."))
    hall = get_hall(db.session, fair, job.params["hall_id"])
    return render_template("booths/plan_document.html", fair=fair, hall=hall, job=job)


@bp.post("/fairs/<int:fair_id>/booths/<code>/block")
@role_required(*MANAGERS)
def block(fair_id: int, code: str):
    """Organizer: block a booth with a reason."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    form = BlockForm()
    if form.validate_on_submit():
        set_booth_blocked(db.session, booth, blocked=True, reason=form.reason.data, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("Booth %(code)s is blocked.", code=booth.code), "success")
    else:
        flash(_("Say why the booth is blocked."), "error")
    return redirect(url_for("booths.booth", fair_id=fair.id, code=booth.code))


@bp.post("/fairs/<int:fair_id>/booths/<code>/unblock")
@role_required(*MANAGERS)
def unblock(fair_id: int, code: str):
    """Organizer: make a blocked booth available again."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    if EmptyForm().validate_on_submit():
        set_booth_blocked(db.session, booth, blocked=False, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("Booth %(code)s is available again.", code=booth.code), "success")
    return redirect(url_for("booths.booth", fair_id=fair.id, code=booth.code))


@bp.route("/fairs/<int:fair_id>/booths/prices", methods=["GET", "POST"])
@role_required(*MANAGERS)
def prices(fair_id: int):
    """Organizer: set the price of a selection of booths or of a zone."""
    fair = _fair(fair_id)
    zones = list_zones(db.session, fair)
    form = PriceForm()
    form.zone_id.choices = [(0, "—")] + [(zone.id, zone.name(current_language())) for zone in zones]
    status = 200
    if form.validate_on_submit():
        zone = next((z for z in zones if z.id == form.zone_id.data), None)
        codes = (form.codes.data or "").replace(",", " ").split()
        try:
            changed = set_prices(db.session, fair, price_vnd=form.price_vnd.data, codes=codes, zone=zone,
                                 actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("%(n)d booths now cost the new price.", n=changed), "success")
            return redirect(url_for("booths.layout", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("booths/prices.html", fair=fair, form=form), status
