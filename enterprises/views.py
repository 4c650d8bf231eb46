"""Enterprise pages: the exhibitor's own profile, and the organizer's list."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import show_errors_on_form
from core.urls import safe_next
from enterprises import bp
from enterprises.forms import KIND_LABELS, EnterpriseForm
from enterprises.services import create_enterprise, enterprise_of, list_enterprises, update_enterprise


@bp.route("/enterprise", methods=["GET", "POST"])
@role_required("exhibitor")
def profile():
    """Exhibitor: create or edit the profile of the enterprise the account acts for."""
    enterprise = enterprise_of(db.session, current_user)
    form = EnterpriseForm(obj=enterprise)
    status = 200
    if form.validate_on_submit():
        try:
            if enterprise is None:
                create_enterprise(db.session, form.values(), actor=current_user, now=utcnow())
            else:
                update_enterprise(db.session, enterprise, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The enterprise profile has been saved."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("enterprises.profile")))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("enterprises/profile.html", form=form, enterprise=enterprise), status


@bp.get("/enterprises/")
@role_required("organizer", "officer")
def index():
    """Organizer or officer: every enterprise, with filters."""
    enterprises = list_enterprises(db.session, search=request.args.get("q", ""),
                                   province=request.args.get("province", ""),
                                   country=request.args.get("country", ""), sector=request.args.get("sector", ""),
                                   kind=request.args.get("kind", ""))
    return render_template("enterprises/index.html", enterprises=enterprises, kind_labels=KIND_LABELS)
