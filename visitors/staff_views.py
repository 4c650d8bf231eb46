"""Exhibitor staff pages: register the people who staff the booth, correct them, withdraw them, print badges."""

from dataclasses import replace

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from booths.applications.services import get_application_for
from core.auth import role_required
from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from visitors import bp
from visitors.badges import badge_face, badges_pdf
from visitors.forms import StaffForm
from visitors.services import badge_code, badge_in_force
from visitors.staff import (
    register_staff,
    staff_booth_codes,
    staff_member,
    staff_of,
    staff_quota,
    update_staff,
    withdraw_staff,
)


@bp.route("/applications/<int:application_id>/staff", methods=["GET", "POST"])
@role_required("organizer", "exhibitor")
def application_staff(application_id: int):
    """Exhibitor: register the people who staff the booth, within the quota; correct, withdraw, print badges."""
    application = get_application_for(db.session, application_id, current_user)
    per_9m2 = current_app.config["STAFF_PER_9M2"]
    form = StaffForm()
    status = 200
    if form.validate_on_submit():
        try:
            register_staff(db.session, application, form.values(), actor=current_user, now=utcnow(),
                           per_9m2=per_9m2)
            db.session.commit()
            flash(_("%(name)s is registered.", name=form.full_name.data), "success")
            return redirect(url_for("visitors.application_staff", application_id=application.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = error.status if error.status != 404 else 422
    elif request.method == "POST":
        status = 422
    return render_template("visitors/staff.html", application=application, form=form,
                           staff=staff_of(db.session, application), booths=staff_booth_codes(db.session, application),
                           withdraw_form=EmptyForm(),
                           quota=staff_quota(db.session, application, per_9m2=per_9m2), per_9m2=per_9m2), status


@bp.route("/applications/<int:application_id>/staff/<int:visitor_id>/edit", methods=["GET", "POST"])
@role_required("organizer", "exhibitor")
def staff_edit(application_id: int, visitor_id: int):
    """Exhibitor: correct one staff member's details (the badge keeps its code)."""
    application = get_application_for(db.session, application_id, current_user)
    person = staff_member(db.session, application, visitor_id, actor=current_user)
    form = StaffForm(obj=person)
    status = 200
    if form.validate_on_submit():
        try:
            update_staff(db.session, application, person, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("%(name)s is updated; print the badge again if the name changed.", name=person.full_name),
                  "success")
            return redirect(url_for("visitors.application_staff", application_id=application.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
            status = error.status if error.status != 404 else 422
    elif request.method == "POST":
        status = 422
    return render_template("visitors/staff_edit.html", application=application, person=person, form=form,
                           booths=staff_booth_codes(db.session, application)), status


@bp.post("/applications/<int:application_id>/staff/<int:visitor_id>/withdraw")
@role_required("organizer", "exhibitor")
def staff_withdraw(application_id: int, visitor_id: int):
    """Exhibitor: take a person off the booth; their badge stops working at every gate."""
    application = get_application_for(db.session, application_id, current_user)
    person = staff_member(db.session, application, visitor_id, actor=current_user)
    if EmptyForm().validate_on_submit():
        withdraw_staff(db.session, application, person, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("%(name)s is withdrawn; the badge no longer opens the gates.", name=person.full_name), "success")
    return redirect(url_for("visitors.application_staff", application_id=application.id))


@bp.get("/applications/<int:application_id>/staff/<int:visitor_id>/badge.pdf")
@role_required("organizer", "exhibitor")
def staff_badge(application_id: int, visitor_id: int):
    """Exhibitor: one staff member's badge as a PDF (A6), with the booth codes where a visitor's origin goes."""
    application = get_application_for(db.session, application_id, current_user)
    person = staff_member(db.session, application, visitor_id, actor=current_user)
    badge = badge_in_force(db.session, person)
    code = badge_code(db.session, badge, now=utcnow())
    db.session.commit()
    booths = ", ".join(staff_booth_codes(db.session, application))
    face = badge_face(person, code, badge.serial)
    if booths:
        face = replace(face, origin=f"Gian hàng / Booth {booths}")
    pdf = badges_pdf(person.fair, [face], size="a6")
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": content_disposition(f"badge-{person.id}.pdf")})
