"""Enterprise pages: the exhibitor's own profile, and the organizer's list."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import show_errors_on_form
from core.mail import send_after_response
from core.urls import external_url, safe_next
from enterprises import bp
from enterprises.forms import KIND_LABELS, EnterpriseForm, InviteForm
from enterprises.services import (
    create_enterprise,
    enterprise_of,
    invite_member,
    list_enterprises,
    list_members,
    update_enterprise,
)


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
    return _profile_page(form, enterprise, InviteForm()), status


def _profile_page(form, enterprise, invite_form):
    members = list_members(db.session, enterprise) if enterprise else []
    return render_template("enterprises/profile.html", form=form, enterprise=enterprise, members=members,
                           invite_form=invite_form)


@bp.post("/enterprise/invite")
@role_required("exhibitor")
def invite():
    """Exhibitor: invite a colleague, who receives a link to choose a password."""
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        return redirect(url_for("enterprises.profile"))
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invite_member(db.session, enterprise, form.email.data, actor=current_user, now=utcnow(),
                          secret=current_app.config["SECRET_KEY"],
                          password_url=lambda token: external_url("accounts.reset", token=token))
            db.session.commit()
            send_after_response(db.session)
            flash(_("The invitation has been sent."), "success")
            return redirect(url_for("enterprises.profile"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _profile_page(EnterpriseForm(obj=enterprise), enterprise, form), 422


@bp.get("/enterprises/")
@role_required("organizer", "officer")
def index():
    """Organizer or officer: every enterprise, with filters."""
    enterprises = list_enterprises(db.session, search=request.args.get("q", ""),
                                   province=request.args.get("province", ""),
                                   country=request.args.get("country", ""), sector=request.args.get("sector", ""),
                                   kind=request.args.get("kind", ""))
    return render_template("enterprises/index.html", enterprises=enterprises, kind_labels=KIND_LABELS)
