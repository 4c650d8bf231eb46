"""The admins' page of mail given up on (after MAIL_GIVE_UP_HOURS of retries), with a retry button."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.auth import role_required
from core.db import utcnow
from core.extensions import db
from core.mail import deliver_in_background, list_failed_mail, retry_failed_mail

bp = Blueprint("mail", __name__)


@bp.get("/admin/mail")
@role_required("admin")
def failed():
    """Admin: mail that could not be delivered."""
    return render_template("mail/failed.html", messages=list_failed_mail(db.session))


@bp.post("/admin/mail/<int:message_id>/retry")
@role_required("admin")
def retry(message_id: int):
    """Admin: send a failed message again (now, then with the usual retries)."""
    message = retry_failed_mail(db.session, message_id, now=utcnow(), config=current_app.config)
    if message is None:
        abort(404)
    db.session.commit()
    deliver_in_background(current_app._get_current_object(), [message.id])
    flash(_("The message to %(recipient)s will be sent again.", recipient=message.recipient), "success")
    return redirect(url_for("mail.failed"))
