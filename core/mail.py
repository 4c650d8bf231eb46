"""Outgoing mail through an outbox table: SMTP when configured, the log otherwise.

Every request that commits queued mail delivers it once its response has gone out, whichever page
or API call queued it (badges, decisions, publication, resends, invitations, sign-up links): an
`after_commit` hook on every session. Work outside a request (the CLI, background jobs) leaves its
mail to `flask mail send`, which also retries what failed.
"""

import logging
import re
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import after_this_request, current_app, has_request_context
from flask.cli import with_appcontext

from core.db import UTCDateTime, utcnow
from core.extensions import db

log = logging.getLogger(__name__)


class OutboxMessage(db.Model):
    """One e-mail waiting to be sent, or sent."""

    __tablename__ = "outbox_message"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recipient: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(200))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.String(500))


QUEUED_KEY = "queued_mail_ids"
# Bodies keep their links (password resets, confirmations, invitations, badges) this long, for retries and
# for the person who asks "did you send it?"; then the links are cut out and only the text stays.
KEEP_LINKS = timedelta(days=1)
_LINK = re.compile(r"https?://\S+")
LINK_REMOVED = "[link removed]"


def queue_mail(session, recipient: str, subject: str, body: str, *, now: datetime) -> OutboxMessage:
    """Put a message in the outbox, inside the caller's transaction."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, created_at=now)
    session.add(message)
    session.flush()
    session.info.setdefault(QUEUED_KEY, []).append(message.id)
    return message


def deliver_pending(session, config, *, now: datetime, limit: int = 50, ids: list[int] | None = None) -> int:
    """Send unsent messages (only `ids` if given) by SMTP if MAIL_SERVER is set, else log them."""
    query = sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < 5)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    pending = session.scalars(query.order_by(OutboxMessage.id).limit(limit)).all()
    sent = 0
    for message in pending:
        message.attempts += 1
        try:
            _send(message, config)
        except (OSError, smtplib.SMTPException) as error:
            message.last_error = str(error)[:500]
            log.warning("Mail %s to %s failed: %s", message.id, message.recipient, error)
            continue
        message.sent_at = now
        sent += 1
    purge_links(session, now=now)
    return sent


def purge_links(session, *, now: datetime, keep: timedelta = KEEP_LINKS, limit: int = 1000) -> int:
    """Cut the links out of the bodies of messages queued more than `keep` ago, sent or not."""
    old = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.created_at < now - keep,
                                                         OutboxMessage.body.contains("://"))
                          .order_by(OutboxMessage.id).limit(limit)).all()
    for message in old:
        message.body = _LINK.sub(LINK_REMOVED, message.body)
    return len(old)


def _send(message: OutboxMessage, config) -> None:
    if not config.get("MAIL_SERVER"):
        # No SMTP configured (development): write the message to the log. Bodies can
        # hold confirmation links, so they are logged only when explicitly asked for.
        if config.get("MAIL_LOG_BODY"):
            log.info("Mail to %s: %s\n%s", message.recipient, message.subject, message.body)
        else:
            log.info("Mail to %s: %s (body in the outbox table)", message.recipient, message.subject)
        return
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def send_after_response(session) -> None:
    """After the request's commit: deliver the mail it queued once the response has gone out.

    The user never waits for SMTP, and a rolled-back request (which never gets here) sends nothing.
    Messages that fail stay in the outbox for `flask mail send`. Called by the `after_commit` hook, so
    views need not call it; calling it again finds nothing left to schedule.
    """
    ids = session.info.pop(QUEUED_KEY, [])
    if not ids or not has_request_context():
        if ids:
            session.info[QUEUED_KEY] = ids  # no response to wait for: `flask mail send` will deliver them
        return
    app = current_app._get_current_object()

    @after_this_request
    def _attach(response):
        def deliver():
            with app.app_context():
                deliver_pending(db.session, app.config, now=utcnow(), ids=ids)
                db.session.commit()

        response.call_on_close(deliver)
        return response


def _deliver_after_commit(session) -> None:
    """A committed transaction's queued mail goes out after the response (in a request)."""
    if has_request_context() and session.info.get(QUEUED_KEY):
        send_after_response(session)


if not sa.event.contains(so.Session, "after_commit", _deliver_after_commit):
    sa.event.listen(so.Session, "after_commit", _deliver_after_commit)


@click.group("mail")
def mail_group():
    """The e-mail outbox."""


@mail_group.command("send")
@with_appcontext
def send_command():
    """Deliver every unsent message of the outbox (run it from cron to retry failures)."""
    sent = deliver_pending(db.session, current_app.config, now=utcnow(), limit=10_000)
    db.session.commit()
    click.echo(f"Sent {sent} message(s).")


@mail_group.command("purge")
@with_appcontext
def purge_command():
    """Cut the links out of messages older than a day (deliveries do it too; run it from cron)."""
    purged = purge_links(db.session, now=utcnow(), limit=1_000_000)
    db.session.commit()
    click.echo(f"Purged the links of {purged} message(s).")
