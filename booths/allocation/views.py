"""Organizer pages of the allocation: preview (in the background for large fairs), plan, commit; a booth's page with
its holder, and the moves made from it."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from booths import bp
from booths.allocation.forms import SwapForm
from booths.allocation.moves import block_locked, holder_of, set_block_locked, swap_blocks
from booths.allocation.runs import (
    commit_run,
    discard_run,
    get_run,
    list_runs,
    proposed_occupants,
    run_allocation,
    run_details,
)
from booths.allocation.text import metric_rows
from booths.applications.assignments import applications_needing_booths, assign_booths, booths_of, unassign_booth
from booths.applications.services import MANAGERS, get_application_for
from booths.layout.edits import update_booth
from booths.layout.forms import BlockForm, BoothForm
from booths.layout.models import Booth
from booths.layout.plans import EVERYONE, render_hall
from booths.layout.services import get_booth, get_hall, list_halls, list_zones
from booths.layout.vocabulary import COLOUR_MODES
from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language
from core.inputs import id_arg
from core.jobs import create_job, launch, watch_job
from fairs.models import Fair


def _fair(fair_id: int) -> Fair:
    return db.get_or_404(Fair, fair_id)


def _start_preview(fair: Fair, *, seed: int, replan: bool):
    """A preview now, or a background job (with a progress bar) when the fair is large."""
    booths = db.session.scalar(sa.select(sa.func.count()).select_from(Booth).where(Booth.fair_id == fair.id))
    if booths > current_app.config["ALLOCATION_BACKGROUND_BOOTHS"]:
        job = create_job(db.session, "allocation.preview", {"fair_id": fair.id, "seed": seed, "replan": replan},
                         actor=current_user, now=utcnow())
        db.session.commit()
        launch(job)
        return redirect(url_for("booths.allocation", fair_id=fair.id, job=job.id))
    run_allocation(db.session, fair, seed=seed, dry_run=True, replan=replan, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("A preview is ready: nothing is assigned until you commit it."), "info")
    return redirect(url_for("booths.allocation", fair_id=fair.id))


@bp.route("/fairs/<int:fair_id>/allocation", methods=["GET", "POST"])
@role_required(*MANAGERS)
def allocation(fair_id: int):
    """Organizer: run a preview, see it on the plan with its metrics, changes and waitlist; commit or discard."""
    fair = _fair(fair_id)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        action = request.form.get("action")
        try:
            if action == "preview":
                return _start_preview(fair, seed=request.form.get("seed", 0, type=int),
                                      replan=request.form.get("replan") == "1")
            if action in ("commit", "discard"):
                run = get_run(db.session, request.form.get("run_id", 0, type=int))
                if run.fair_id != fair.id:
                    abort(404)
                (commit_run if action == "commit" else discard_run)(db.session, run, actor=current_user, now=utcnow())
                db.session.commit()
                flash(_("The allocation has been committed.") if action == "commit"
                      else _("The preview has been discarded."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        return redirect(url_for("booths.allocation", fair_id=fair.id))
    job = None
    if request.args.get("job", type=id_arg):
        job = watch_job(db.session, request.args.get("job", type=id_arg), actor=current_user)
    runs = list_runs(db.session, fair)
    latest = runs[0] if runs else None
    details = run_details(db.session, latest, language=current_language()) if latest else None
    mode = request.args.get("colour") if request.args.get("colour") in COLOUR_MODES else "province"
    halls = list_halls(db.session, fair)
    hall = get_hall(db.session, fair, request.args.get("hall", type=id_arg)) if request.args.get("hall") else (
        halls[0] if halls else None)
    svg = None
    if latest and hall is not None:
        proposed = proposed_occupants(db.session, latest) if latest.status == "preview" else None
        svg = Markup(render_hall(db.session, fair, hall, mode=mode, language=current_language(), embed_style=False,
                                 proposed=proposed, reveal=EVERYONE))
    return render_template("booths/allocation.html", fair=fair, runs=runs, latest=latest, details=details,
                           form=form, job=job, halls=halls, hall=hall, svg=svg, mode=mode, modes=COLOUR_MODES,
                           metric_rows=metric_rows)


def _back_to_booth(fair: Fair, booth: Booth):
    return redirect(url_for("booths.booth", fair_id=fair.id, code=booth.code))


def _act(fair: Fair, booth: Booth, action, success: str):
    """Run one move if the form is valid, commit once, and go back to the booth."""
    if EmptyForm().validate_on_submit():
        try:
            action()
            db.session.commit()
            flash(success, "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return _back_to_booth(fair, booth)


@bp.post("/fairs/<int:fair_id>/booths/<code>/assign")
@role_required(*MANAGERS)
def booth_assign(fair_id: int, code: str):
    """Organizer, on the plan: give this free booth to an approved application."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    application = get_application_for(db.session, request.form.get("application_id", 0, type=int), current_user)
    if application.fair_id != fair.id:
        abort(404)
    return _act(fair, booth, lambda: assign_booths(db.session, application, [booth.code], actor=current_user,
                                                   now=utcnow()),
                _("Booth %(code)s has been assigned.", code=booth.code))


@bp.post("/fairs/<int:fair_id>/booths/<code>/free")
@role_required(*MANAGERS)
def booth_free(fair_id: int, code: str):
    """Organizer, on the plan: take this booth back from its exhibitor."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    return _act(fair, booth, lambda: unassign_booth(db.session, booth, actor=current_user, now=utcnow()),
                _("Booth %(code)s is free again.", code=booth.code))


@bp.post("/fairs/<int:fair_id>/booths/<code>/lock")
@role_required(*MANAGERS)
def booth_lock(fair_id: int, code: str):
    """Organizer, on the plan: lock (or unlock) the block of this booth's exhibitor."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    holder = holder_of(db.session, booth)
    if holder is None:
        abort(404)
    locked = request.form.get("locked") == "1"
    return _act(fair, booth, lambda: set_block_locked(db.session, holder, locked, actor=current_user, now=utcnow()),
                _("The block is locked: a re-plan leaves it where it is.") if locked else _("The block is unlocked."))


@bp.post("/fairs/<int:fair_id>/booths/<code>/swap")
@role_required(*MANAGERS)
def booth_swap(fair_id: int, code: str):
    """Organizer, on the plan: swap this exhibitor's block with the block holding another booth."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    form = SwapForm()
    holder = holder_of(db.session, booth)
    if holder is None or not form.validate_on_submit():
        flash(_("Choose a booth of another exhibitor."), "error")
        return _back_to_booth(fair, booth)
    wanted = form.other.data.strip().upper()
    other_booth = db.session.scalar(sa.select(Booth).where(Booth.fair_id == fair.id, Booth.code == wanted))
    other = holder_of(db.session, other_booth) if other_booth else None
    if other is None:
        flash(_("Booth %(code)s is not assigned.", code=wanted), "error")
        return _back_to_booth(fair, booth)
    return _act(fair, booth, lambda: swap_blocks(db.session, holder, other, actor=current_user, now=utcnow()),
                _("The two blocks have been swapped."))


@bp.route("/fairs/<int:fair_id>/booths/<code>", methods=["GET", "POST"])
@role_required(*MANAGERS)
def booth(fair_id: int, code: str):
    """Organizer: move, resize, retype or reprice one booth."""
    fair = _fair(fair_id)
    booth = get_booth(db.session, fair, code)
    form = BoothForm(data={"x_m": booth.x_cm / 100, "y_m": booth.y_cm / 100, "width_m": booth.width_cm / 100,
                           "depth_m": booth.depth_cm / 100, "booth_type": booth.booth_type,
                           "zone_id": booth.zone_id, "price_vnd": booth.price_vnd})
    form.zone_id.choices = [(zone.id, zone.name(current_language())) for zone in list_zones(db.session, fair)]
    status = 200
    if form.validate_on_submit():
        try:
            update_booth(db.session, booth, {name: getattr(form, name).data for name in (
                "x_m", "y_m", "width_m", "depth_m", "booth_type", "zone_id", "price_vnd")},
                actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("Booth %(code)s has been saved.", code=booth.code), "success")
            return redirect(url_for("booths.plan", fair_id=fair.id, hall_id=booth.hall_id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = 422
    elif request.method == "POST":
        status = 422
    holder = holder_of(db.session, booth)
    return render_template("booths/booth.html", fair=fair, booth=booth, form=form, block_form=BlockForm(),
                           unblock_form=EmptyForm(), holder=holder, move_form=EmptyForm(), swap_form=SwapForm(),
                           block_codes=booths_of(db.session, holder) if holder else [],
                           locked=block_locked(db.session, holder) if holder else False,
                           candidates=[] if holder else applications_needing_booths(db.session, fair.id)), status
