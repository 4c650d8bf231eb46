"""Public visitor pages: registration, the badge page and its PDF (reached by an unguessable link)."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.db import utcnow
from core.downloads import content_disposition
from core.errors import DomainError
from core.extensions import db
from core.forms import show_errors_on_form
from core.urls import external_url
from fairs.services import get_public_fair
from visitors import bp
from visitors.badges import badge_face, badges_pdf, qr_data_url
from visitors.forms import RegistrationForm
from visitors.services import (
    address_hash,
    badge_code,
    badge_from_token,
    badge_in_force,
    badge_token,
    register_visitor,
    registration_open,
    send_badge_mail,
)


def badge_link_token(visitor) -> str:
    """The link key of the visitor's badge in force, with the configured lifetime after the fair."""
    return badge_token(visitor, badge_in_force(db.session, visitor), current_app.config["SECRET_KEY"],
                       days_after_fair=current_app.config["BADGE_LINK_DAYS_AFTER_FAIR"])


def _mail_badge(visitor, *, again: bool) -> None:
    token = badge_link_token(visitor)
    send_badge_mail(db.session, visitor, badge_url=external_url("visitors.badge_page", token=token),
                    pdf_url=external_url("visitors.badge_pdf", token=token, size="a6"), again=again, now=utcnow())


@bp.route("/f/<code>/register", methods=["GET", "POST"])
def register(code: str):
    """Anyone: register for a fair and get a badge (the same e-mail twice gets the first badge, by e-mail)."""
    fair = get_public_fair(db.session, code)
    form = RegistrationForm()
    status = 200
    if registration_open(fair) and form.validate_on_submit():
        try:
            visitor, created = register_visitor(
                db.session, fair, form.values(), source="web", actor=None, now=utcnow(),
                address_key=address_hash(request.remote_addr or "", current_app.config["SECRET_KEY"]),
                per_hour=current_app.config["VISITOR_REGISTRATIONS_PER_HOUR"])
            _mail_badge(visitor, again=not created)
            db.session.commit()
            if created:
                return redirect(url_for("visitors.badge_page", token=badge_link_token(visitor)))
            # Never show someone else's badge to whoever types their e-mail: it goes to that address.
            flash(_("This e-mail is already registered for the fair: we have sent the badge to it again."), "info")
            return redirect(url_for("visitors.register", code=fair.code))
        except DomainError as error:
            db.session.rollback()
            if error.status == 429:
                raise
            show_errors_on_form(form, error)
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("visitors/register.html", fair=fair, form=form, open=registration_open(fair)), status


def _badge_context(token: str):
    """The visitor and the badge of the link (404 forged, 410 reissued or expired)."""
    return badge_from_token(db.session, token, current_app.config["SECRET_KEY"], today=utcnow().date())


@bp.get("/badges/<token>")
def badge_page(token: str):
    """The visitor's badge on screen (the QR scans from a phone) with PDF downloads."""
    visitor, badge = _badge_context(token)
    code = badge_code(db.session, badge, now=utcnow()) if badge else None
    db.session.commit()  # the fair's key may have just been made
    response = Response(render_template("visitors/badge.html", visitor=visitor, badge=badge, token=token,
                                        qr=qr_data_url(code) if code else None))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/badges/<token>.pdf")
def badge_pdf(token: str):
    """The visitor's badge as a PDF: A6 (default) or a CR80 card."""
    visitor, badge = _badge_context(token)
    size = request.args.get("size", "a6")
    if badge is None or size not in ("a6", "cr80"):
        return redirect(url_for("visitors.badge_page", token=token))
    code = badge_code(db.session, badge, now=utcnow())
    db.session.commit()
    pdf = badges_pdf(visitor.fair, [badge_face(visitor, code, badge.serial)], size=size)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(f"badge-{visitor.fair.code}-{size}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response
