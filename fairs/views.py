"""Fair pages: the home page, the public fair page and the organizer's fair management."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import show_errors_on_form
from fairs import bp
from fairs.forms import FairForm, StatusForm
from fairs.labels import STATUS_LABELS
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
    """Public home page: what the platform is and the fairs open now."""
    fairs = list_upcoming_public_fairs(db.session, today=utcnow().date())
    return render_template("fairs/home.html", fairs=fairs)


@bp.get("/f/<code>")
def public(code: str):
    """Public page of a fair that is open or later in its lifecycle."""
    fair = get_public_fair(db.session, code)
    return render_template("fairs/public.html", fair=fair)


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
