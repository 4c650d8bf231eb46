"""Enterprise pages: the exhibitor's own profile, and the organizer's list."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language
from core.pagination import list_args, page_number, parse_sort
from core.reference.countries import country_name
from core.reference.provinces import all_provinces
from core.reference.sectors import SECTORS
from core.uploads import read_bytes
from core.urls import external_url, safe_next
from enterprises import bp
from enterprises.forms import KIND_LABELS, EnterpriseForm, InvitationAnswerForm, InviteForm, JoinForm, LogoForm
from enterprises.invitations import (
    accept_invitation,
    accept_invitation_with_new_account,
    decline_invitation,
    invitations_for,
    invite_member,
    invitee_has_account,
    is_owner,
    open_invitation,
    pending_invitations,
    withdraw_invitation,
)
from enterprises.services import (
    ENTERPRISE_FILTERS,
    ENTERPRISE_SORTS,
    MAX_LOGO_BYTES,
    create_enterprise,
    enterprise_choices,
    enterprise_of,
    enterprise_page,
    get_enterprise_for,
    list_members,
    logo_of,
    set_logo,
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
    return _profile_page(form, enterprise, InviteForm(formdata=None, prefix="invite")), status


def _profile_page(form, enterprise, invite_form, logo_form=None):
    members = list_members(db.session, enterprise) if enterprise else []
    logo = logo_of(db.session, enterprise) if enterprise else None
    owner = enterprise is not None and is_owner(db.session, enterprise, current_user)
    invitations = pending_invitations(db.session, enterprise, now=utcnow()) if owner else []
    received = [] if enterprise else invitations_for(db.session, current_user, now=utcnow())
    return render_template("enterprises/profile.html", form=form, enterprise=enterprise, members=members,
                           invite_form=invite_form, logo_form=logo_form or LogoForm(), logo=logo, owner=owner,
                           invitations=invitations, received=received, withdraw_form=EmptyForm())


@bp.post("/enterprise/logo")
@role_required("exhibitor")
def upload_logo():
    """Exhibitor: replace the enterprise's logo (the image is checked by its content)."""
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        return redirect(url_for("enterprises.profile"))
    form = LogoForm()
    if form.validate_on_submit():
        try:
            set_logo(db.session, enterprise, form.logo.data.read(MAX_LOGO_BYTES + 1), actor=current_user,
                     now=utcnow())
            db.session.commit()
            flash(_("The logo has been saved."), "success")
            return redirect(url_for("enterprises.profile"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _profile_page(_saved_profile(enterprise), enterprise, InviteForm(formdata=None, prefix="invite"), form), 422


@bp.get("/enterprises/<int:enterprise_id>/logo")
@login_required
def logo(enterprise_id: int):
    """An enterprise's logo, for those who may see the enterprise (an image, never HTML)."""
    enterprise = get_enterprise_for(db.session, enterprise_id, current_user)
    stored = logo_of(db.session, enterprise)
    if stored is None:
        abort(404)
    return Response(read_bytes(db.session, stored), mimetype=stored.media_type,
                    headers={"Content-Security-Policy": "default-src 'none'; sandbox",
                             "Cache-Control": "private, max-age=300"})


@bp.post("/enterprise/invite")
@role_required("exhibitor")
def invite():
    """The owner invites someone: a pending invitation, answered by the person from the e-mailed link."""
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        return redirect(url_for("enterprises.profile"))
    form = InviteForm(prefix="invite")
    if form.validate_on_submit():
        try:
            invite_member(db.session, enterprise, form.email.data, actor=current_user, now=utcnow(),
                          invitation_url=lambda key: external_url("enterprises.invitation", key=key))
            db.session.commit()
            flash(_("The invitation has been sent. The person joins once they accept it."), "success")
            return redirect(url_for("enterprises.profile"))
        except DomainError as error:
            db.session.rollback()
            if error.status == 403:
                abort(403)
            show_errors_on_form(form, error)
    return _profile_page(_saved_profile(enterprise), enterprise, form), 422


@bp.post("/enterprise/invitations/<int:invitation_id>/withdraw")
@role_required("exhibitor")
def withdraw_invite(invitation_id: int):
    """The owner withdraws a pending invitation."""
    enterprise = enterprise_of(db.session, current_user)
    if enterprise is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            withdraw_invitation(db.session, enterprise, invitation_id, actor=current_user, now=utcnow())
        except DomainError as error:
            abort(error.status)
        db.session.commit()
        flash(_("The invitation has been withdrawn."), "info")
    return redirect(url_for("enterprises.profile"))


@bp.route("/invitations/<key>", methods=["GET", "POST"])
def invitation(key: str):
    """The e-mailed link: accept (logged in, or choosing a password for a new account) or decline."""
    try:
        found = open_invitation(db.session, key, now=utcnow())
    except DomainError as error:
        return render_template("enterprises/invitation.html", invitation=None, error=error.message), 404
    has_account = invitee_has_account(db.session, found)
    answer_form, join_form = InvitationAnswerForm(), JoinForm(prefix="join")
    status = 200
    try:
        if answer_form.validate_on_submit() and answer_form.answer.data == "decline":
            decline_invitation(db.session, found, now=utcnow())
            db.session.commit()
            flash(_("You have declined the invitation."), "info")
            return redirect(url_for("fairs.home"))
        if answer_form.validate_on_submit() and current_user.is_authenticated:
            accept_invitation(db.session, found, user=current_user, now=utcnow())
            db.session.commit()
            flash(_("You now act for %(enterprise)s.", enterprise=found.enterprise.legal_name), "success")
            return redirect(url_for("enterprises.profile"))
        if not has_account and join_form.validate_on_submit():
            accept_invitation_with_new_account(db.session, found, display_name=join_form.display_name.data,
                                               password=join_form.password.data, now=utcnow())
            db.session.commit()
            flash(_("Your account is ready and acts for %(enterprise)s. Please log in.",
                    enterprise=found.enterprise.legal_name), "success")
            return redirect(url_for("accounts.login"))
    except DomainError as error:
        db.session.rollback()
        show_errors_on_form(join_form, error)
        if not join_form.errors:
            flash(error.message, "error")
        status = error.status if error.status in (403, 409) else 422
    return render_template("enterprises/invitation.html", invitation=found, has_account=has_account,
                           answer_form=answer_form, join_form=join_form, error=None), status, \
        {"Referrer-Policy": "no-referrer"}


def _saved_profile(enterprise) -> EnterpriseForm:
    """The profile form filled from the saved enterprise, whatever another form on the page posted."""
    return EnterpriseForm(formdata=None, obj=enterprise)


@bp.get("/enterprises/")
@role_required("organizer", "officer")
def index():
    """Organizer or officer: every enterprise, searched, filtered, sorted and paged."""
    filters = {name: (request.args.get(name) or "").strip() for name in ENTERPRISE_FILTERS}
    sort = parse_sort(request.args.get("sort"), ENTERPRISE_SORTS, "name")
    page = enterprise_page(db.session, filters, sort, page=page_number(request.args.get("page")),
                           viewer=current_user)
    return render_template("enterprises/index.html", page=page, filters=filters, sort=sort,
                           args=list_args(request.args, ENTERPRISE_FILTERS + ("sort", "page")),
                           choices=enterprise_choices(db.session, language=current_language()),
                           provinces={p.name_vi: p for p in all_provinces()}, sectors=SECTORS,
                           kind_labels=KIND_LABELS, country_name=country_name)
