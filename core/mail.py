"""Outgoing mail through an outbox table: SMTP when configured, the log otherwise.

A message is queued in the transaction of the work that makes it, so a rolled-back request sends nothing.
`send_due_mail` delivers what is due, one message at a time: each is claimed by exactly one sender (an UPDATE
of the row whose lease is free, with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two hosts' senders never take
the same message), sent, and committed as sent before the next, so a sender killed mid-batch re-sends at most
the one message it held. Failures are retried with exponential backoff until `MAIL_GIVE_UP_HOURS` after
queueing, then the message is marked failed and listed for the admins (`core/mail_admin.py`).

Who calls it: after a request that queued mail commits, a bounded thread of the web process delivers that
request's messages (the response never waits for SMTP), unless a dispatcher is registered (a task queue);
`flask mail send` (cron) and workers deliver everything due, retries included.
"""

import logging
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import after_this_request, current_app, has_request_context
from flask.cli import with_appcontext

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.mail_transport import MESSAGE_ERRORS, MailTransport, retry_delay

log = logging.getLogger(__name__)


class OutboxMessage(db.Model):
    """One e-mail waiting to be sent, sent, or given up on."""

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_due", "sent_at", "failed_at", "next_attempt_at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recipient: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(200))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    # Not before this time (None: at once); set from the backoff after each failure.
    next_attempt_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # The sender holding the message, until when; a sender that died loses it when the lease runs out.
    claimed_by: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    claimed_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Retries stop after this time (None: MAIL_GIVE_UP_HOURS after created_at); an admin's retry moves it.
    retry_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    failed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())


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


def _due(now: datetime):
    """Unsent, not given up, due, and not held by a live sender."""
    return sa.and_(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
        sa.or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def _claim_next(session, sender: str, now: datetime, lease: timedelta, ids: list[int] | None) -> int | None:
    """Take the oldest due message for `sender` and commit the claim; None when nothing is due.

    One statement: PostgreSQL skips rows another sender is claiming (SKIP LOCKED) and re-checks the lease on the
    row it locked; SQLite has one writer at a time, and the same WHERE on the UPDATE keeps a taken row taken.
    """
    candidate = sa.select(OutboxMessage.id).where(_due(now))
    if ids is not None:
        candidate = candidate.where(OutboxMessage.id.in_(ids))
    candidate = candidate.order_by(OutboxMessage.id).limit(1).with_for_update(skip_locked=True).scalar_subquery()
    claim = (sa.update(OutboxMessage)
             .where(OutboxMessage.id == candidate, _due(now))
             .values(claimed_by=sender, claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
             .returning(OutboxMessage.id)
             .execution_options(synchronize_session=False))
    message_id = session.execute(claim).scalar()
    session.commit()
    return message_id


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, config) -> None:
    """Note the error and when to try again, or give up once the retry window has passed."""
    message.last_error = str(error)[:500] or type(error).__name__
    message.claimed_until = None
    give_up = message.retry_until or message.created_at + timedelta(hours=config.get("MAIL_GIVE_UP_HOURS", 24))
    if now >= give_up:
        message.failed_at = now
        log.error("Mail %s to %s failed for good after %s attempts: %s", message.id, message.recipient,
                  message.attempts, error)
        return
    message.next_attempt_at = now + retry_delay(message.attempts, config.get("MAIL_RETRY_BASE_SECONDS", 60),
                                                config.get("MAIL_RETRY_MAX_SECONDS", 3600))
    log.warning("Mail %s to %s failed (attempt %s), next at %s: %s", message.id, message.recipient,
                message.attempts, message.next_attempt_at.isoformat(timespec="seconds"), error)


def send_due_mail(session, config, *, limit: int = 1000, ids: list[int] | None = None,
                  now: datetime | None = None, sender: str | None = None) -> int:
    """Deliver up to `limit` due messages (only `ids` if given) over one SMTP connection; returns how many went.

    Commits on `session` after each claim and each result, so call it with a session of its own (a worker's,
    the CLI's, the mail thread's). `now` fixes the clock (tests); otherwise each step reads the time.
    """
    sender = sender or uuid.uuid4().hex
    lease = timedelta(seconds=config.get("MAIL_CLAIM_SECONDS", 120))
    sent = 0
    with MailTransport(config) as transport:
        for _ in range(limit):
            message_id = _claim_next(session, sender, now or utcnow(), lease, ids)
            if message_id is None:
                break
            message = session.get(OutboxMessage, message_id, populate_existing=True)
            try:
                transport.send(message.recipient, message.subject, message.body)
            except OSError as error:  # smtplib's errors are OSErrors
                _record_failure(message, error, now or utcnow(), config)
                session.commit()
                if isinstance(error, MESSAGE_ERRORS):
                    continue  # this message was refused; the connection serves the next one
                break  # the server is down or broke off: the rest waits for the next round
            message.sent_at = now or utcnow()
            message.claimed_until = None
            session.commit()
            sent += 1
    purge_links(session, now=now or utcnow())
    session.commit()
    return sent


def purge_links(session, *, now: datetime, keep: timedelta = KEEP_LINKS, limit: int = 1000) -> int:
    """Cut the links out of the bodies of messages queued more than `keep` ago, sent or not."""
    old = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.created_at < now - keep,
                                                         OutboxMessage.body.contains("://"))
                          .order_by(OutboxMessage.id).limit(limit)).all()
    for message in old:
        message.body = _LINK.sub(LINK_REMOVED, message.body)
    return len(old)


# --- delivery after a request, off the request's thread -------------------------------------------------------

_executor: ThreadPoolExecutor | None = None
_pending: list = []
_lock = threading.Lock()


def register_mail_dispatcher(app, dispatch) -> None:
    """Hand the mail a committed request of `app` queued to `dispatch(ids)` (a task queue) instead of the mail
    thread; None gives it back to the thread."""
    app.extensions["mail_dispatcher"] = dispatch


def _deliver_in_thread(app, ids: list[int]) -> None:
    with app.app_context():
        try:
            send_due_mail(db.session, app.config, ids=ids, limit=len(ids))
        except Exception:  # noqa: BLE001 - a failure leaves the messages due for `flask mail send`
            log.exception("Mail thread could not deliver %s", ids)
        finally:
            db.session.remove()


def deliver_in_background(app, ids: list[int]) -> bool:
    """Give `ids` to the process's one mail thread; False (left for cron or a worker) when its queue is full."""
    global _executor
    dispatch = app.extensions.get("mail_dispatcher")
    if dispatch is not None:
        try:
            dispatch(ids)
            return True
        except Exception:  # noqa: BLE001 - the queue is unreachable (Redis down): this process sends them itself
            log.warning("Mail queue unreachable: %s message(s) go to the mail thread", len(ids), exc_info=True)
    with _lock:
        _pending[:] = [future for future in _pending if not future.done()]
        if len(_pending) >= app.config.get("MAIL_BACKGROUND_QUEUE", 100):
            log.warning("Mail thread busy: %s message(s) left for `flask mail send`", len(ids))
            return False
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail")
        _pending.append(_executor.submit(_deliver_in_thread, app, ids))
    return True


def wait_for_background_mail(timeout: float = 30) -> None:
    """Wait until the mail thread has done what it was given (tests, and a clean shutdown)."""
    with _lock:
        futures = list(_pending)
    for future in futures:
        future.result(timeout=timeout)


def send_after_response(session) -> None:
    """After the request's commit: once its response has gone out, hand the mail it queued to the mail thread.

    The user never waits for SMTP, and a rolled-back request (which never gets here) sends nothing. Called by
    the `after_commit` hook, so views need not call it; calling it again finds nothing left to schedule.
    """
    ids = session.info.pop(QUEUED_KEY, [])
    if not ids or not has_request_context():
        if ids:
            session.info[QUEUED_KEY] = ids  # no response to wait for: `flask mail send` will deliver them
        return
    app = current_app._get_current_object()

    @after_this_request
    def _attach(response):
        response.call_on_close(lambda: deliver_in_background(app, ids))
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
@click.option("--limit", default=10_000, show_default=True, help="Most messages to send in this run.")
@with_appcontext
def send_command(limit: int):
    """Deliver every message that is due (run it from cron every minute: it also retries failures)."""
    sent = send_due_mail(db.session, current_app.config, limit=limit)
    click.echo(f"Sent {sent} message(s).")


@mail_group.command("purge")
@with_appcontext
def purge_command():
    """Cut the links out of messages older than a day (deliveries do it too; run it from cron)."""
    purged = purge_links(db.session, now=utcnow(), limit=1_000_000)
    db.session.commit()
    click.echo(f"Purged the links of {purged} message(s).")


def list_failed_mail(session, *, limit: int = 500) -> list[OutboxMessage]:
    """Messages given up on, newest first: what the admins' page lists."""
    query = (sa.select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None))
             .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc()).limit(limit))
    return list(session.scalars(query))


def retry_failed_mail(session, message_id: int, *, now: datetime, config) -> OutboxMessage | None:
    """Put a failed message back in the queue, due now, with a fresh retry window; None if it is not failed."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.failed_at is None or message.sent_at is not None:
        return None
    message.failed_at = None
    message.next_attempt_at = None
    message.claimed_until = None
    message.retry_until = now + timedelta(hours=config.get("MAIL_GIVE_UP_HOURS", 24))
    session.flush()
    return message
