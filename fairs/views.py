"""Fair pages: the home page, the public fair page and the organizer's fair management."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from fairs import bp
from fairs.forms import FairForm, GateStaffForm, SetupDaysForm, StatusForm
from fairs.gates import assign_gate_staff, gate_staff_of, remove_gate_staff, set_setup_days, staff_candidates
from fairs.labels import STATUS_LABELS
from fairs.lifecycle import PUBLIC_STATUSES
from fairs.models import Fair
from fairs.services import (
    change_fair_status,
    create_fair,
    get_public_fair,
    lifecycle_steps,
    list_fairs,
    list_upcoming_public_fairs,
    next_step,
    update_fair,
)
from fairs.work import fair_work

MANAGERS = ("organizer",)  # admins pass every role check


@bp.get("/")
def home():
    """Public home page: what the platform is, the fairs running now and the upcoming ones, with their state."""
    fairs = list_upcoming_public_fairs(db.session, today=utcnow().date())
    return render_template("fairs/home.html", running=[fair for fair in fairs if fair.status == "running"],
                           upcoming=[fair for fair in fairs if fair.status != "running"])


@bp.get("/f/<code>")
def public(code: str):
    """Public page of a fair that is open or later in its lifecycle; the plan and the exhibitors once published."""
    fair = get_public_fair(db.session, code)
    return render_template("fairs/public.html", fair=fair,
                           plan_published=fair.status in PUBLIC_STATUSES[PUBLIC_STATUSES.index("published"):])


@bp.get("/fairs/")
@role_required(*MANAGERS)
def index():
    """Organizer's home: the fairs under way, each with its next step and what waits (applications to review,
    an allocation preview to commit, grants to decide), then the closed ones."""
    fairs = list_fairs(db.session, include_unpublished=True)
    current = sorted((fair for fair in fairs if fair.status != "closed"), key=lambda fair: (fair.starts_on, fair.id))
    return render_template("fairs/index.html", fairs=fairs, current=current,
                           closed=[fair for fair in fairs if fair.status == "closed"],
                           work=fair_work(db.session, current),
                           next_steps={fair.id: next_step(fair, utcnow().date()) for fair in current})


@bp.route("/fairs/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    """Organizer: create a fair (it starts as a draft)."""
    form = FairForm()
    if form.validate_on_submit():
        try:
            fair = create_fair(db.session, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The fair %(code)s has been created.", code=fair.code), "success")
            return redirect(url_for("fairs.detail", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("fairs/form.html", form=form, fair=None)


@bp.get("/fairs/<int:fair_id>")
@role_required(*MANAGERS)
def detail(fair_id: int):
    """Organizer: a fair's details and the lifecycle steps it may take."""
    fair = db.get_or_404(Fair, fair_id)
    return render_template("fairs/detail.html", fair=fair, steps=lifecycle_steps(db.session, fair),
                           work=fair_work(db.session, [fair])[fair.id], next_step=next_step(fair, utcnow().date()),
                           status_form=StatusForm())


@bp.route("/fairs/<int:fair_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(fair_id: int):
    """Organizer: edit a fair's fields."""
    fair = db.get_or_404(Fair, fair_id)
    form = FairForm(obj=fair)
    if form.validate_on_submit():
        try:
            update_fair(db.session, fair, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The fair has been saved."), "success")
            return redirect(url_for("fairs.detail", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("fairs/form.html", form=form, fair=fair)


@bp.post("/fairs/<int:fair_id>/status")
@role_required(*MANAGERS)
def change_status(fair_id: int):
    """Organizer: move a fair one step along its lifecycle."""
    fair = db.get_or_404(Fair, fair_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            change_fair_status(db.session, fair, form.status.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The fair's status is now: %(status)s.", status=STATUS_LABELS[fair.status]), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for("fairs.detail", fair_id=fair.id))


def _staff_form(fair: Fair) -> GateStaffForm:
    """The assignment form, offering the staff accounts not yet assigned to the fair."""
    form = GateStaffForm()
    form.user_id.choices = [(0, _("Choose a gate staff account"))] + [
        (user.id, f"{user.display_name} ({user.email})") for user in staff_candidates(db.session, fair)]
    return form


def _gates_page(fair: Fair, *, staff_form: GateStaffForm | None = None, days_form: SetupDaysForm | None = None,
                status: int = 200):
    staff_form = staff_form or _staff_form(fair)
    days_form = days_form or SetupDaysForm(setup_days=fair.setup_days)
    return render_template("fairs/gates.html", fair=fair, staff=gate_staff_of(db.session, fair),
                           staff_form=staff_form, days_form=days_form, remove_form=EmptyForm()), status


@bp.get("/fairs/<int:fair_id>/gates")
@role_required(*MANAGERS)
def gates(fair_id: int):
    """Organizer: who works the fair's gates (gate staff accounts) and the set-up days before it opens."""
    return _gates_page(db.get_or_404(Fair, fair_id))


@bp.post("/fairs/<int:fair_id>/gates/staff")
@role_required(*MANAGERS)
def add_gate_staff(fair_id: int):
    """Organizer: assign a gate staff account to the fair, picked from the list or by e-mail."""
    fair = db.get_or_404(Fair, fair_id)
    form = _staff_form(fair)
    if form.validate_on_submit():
        try:
            assignment = assign_gate_staff(db.session, fair, user_id=form.user_id.data or None,
                                           email=form.email.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("%(name)s now works at this fair's gates.", name=assignment.user.display_name), "success")
            return redirect(url_for("fairs.gates", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _gates_page(fair, staff_form=form, status=422)


@bp.post("/fairs/<int:fair_id>/gates/staff/<int:user_id>/remove")
@role_required(*MANAGERS)
def remove_gate_staff_view(fair_id: int, user_id: int):
    """Organizer: take a staff account off the fair's gates."""
    fair = db.get_or_404(Fair, fair_id)
    if EmptyForm().validate_on_submit():
        try:
            user = remove_gate_staff(db.session, fair, user_id, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("%(name)s no longer works at this fair's gates.", name=user.display_name), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for("fairs.gates", fair_id=fair.id))


@bp.post("/fairs/<int:fair_id>/gates/setup-days")
@role_required(*MANAGERS)
def gate_setup_days(fair_id: int):
    """Organizer: open the gates a few days early for exhibitor staff (set-up days)."""
    fair = db.get_or_404(Fair, fair_id)
    form = SetupDaysForm()
    if form.validate_on_submit():
        try:
            set_setup_days(db.session, fair, form.setup_days.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The set-up days have been saved."), "success")
            return redirect(url_for("fairs.gates", fair_id=fair.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _gates_page(fair, days_form=form, status=422)
