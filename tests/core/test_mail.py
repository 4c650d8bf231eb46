"""The outbox: queued in the request's transaction, delivered afterwards, bodies kept out of logs."""

import logging
from datetime import timedelta

import sqlalchemy as sa

from core.db import utcnow
from core.mail import OutboxMessage, queue_mail, send_due_mail, wait_for_background_mail


def test_delivery_without_smtp_logs_the_subject_but_not_the_body(session, app, caplog):
    """Confirmation links are secrets: without MAIL_LOG_BODY the body stays out of the log."""
    queue_mail(session, "a@example.vn", "Confirm", "secret-link-123", now=utcnow())
    with caplog.at_level(logging.INFO, logger="core.mail"):
        sent = send_due_mail(session, {"MAIL_SERVER": "", "MAIL_LOG_BODY": False}, now=utcnow())
    assert sent == 1
    assert "Confirm" in caplog.text and "secret-link-123" not in caplog.text
    assert session.scalar(sa.select(OutboxMessage)).sent_at is not None


def test_delivery_logs_the_body_only_when_asked(session, caplog):
    """MAIL_LOG_BODY=1 (development) writes the body to the log."""
    queue_mail(session, "a@example.vn", "Confirm", "secret-link-123", now=utcnow())
    with caplog.at_level(logging.INFO, logger="core.mail"):
        send_due_mail(session, {"MAIL_SERVER": "", "MAIL_LOG_BODY": True}, now=utcnow())
    assert "secret-link-123" in caplog.text


def test_failed_smtp_keeps_the_message_for_a_retry(session):
    """An unreachable SMTP server leaves the message unsent with its error, ready for `flask mail send`."""
    queue_mail(session, "a@example.vn", "Hello", "body", now=utcnow())
    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 1, "MAIL_USE_TLS": False, "MAIL_SENDER": "x@y.vn"}
    assert send_due_mail(session, config, now=utcnow()) == 0
    message = session.scalar(sa.select(OutboxMessage))
    assert message.sent_at is None and message.attempts == 1 and message.last_error


def test_only_the_requested_messages_are_delivered(session):
    """A request delivers the mail it queued, not everybody else's."""
    mine = queue_mail(session, "a@example.vn", "Mine", "body", now=utcnow())
    other = queue_mail(session, "b@example.vn", "Other", "body", now=utcnow())
    send_due_mail(session, {"MAIL_SERVER": ""}, now=utcnow(), ids=[mine.id])
    assert mine.sent_at is not None and other.sent_at is None


def test_mail_send_command_delivers_the_backlog(app, session):
    """`flask mail send` empties the outbox."""
    queue_mail(session, "a@example.vn", "One", "body", now=utcnow())
    queue_mail(session, "b@example.vn", "Two", "body", now=utcnow())
    session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Sent 2" in result.output
    assert session.scalar(sa.select(sa.func.count()).where(OutboxMessage.sent_at.is_(None))) == 0


def test_signup_mail_is_sent_after_the_response(client, session):
    """The sign-up page answers first; the confirmation is delivered when the response closes (not before:
    the page's answer must not wait for a slow SMTP server)."""
    response = client.post("/signup", data={"display_name": "Lan", "email": "lan@example.vn",
                                            "password": "long-enough-1", "confirm": "long-enough-1"})
    assert response.status_code == 200
    session.expire_all()
    message = session.scalar(sa.select(OutboxMessage))
    assert message.recipient == "lan@example.vn"
    assert message.sent_at is None and message.attempts == 0  # queued and committed, not yet delivered
    response.close()  # what the WSGI server does once the body is sent: the mail thread takes over
    wait_for_background_mail()
    session.expire_all()
    assert session.scalar(sa.select(OutboxMessage)).sent_at is not None


def test_links_are_cut_from_messages_older_than_a_day(session):
    """A day after queueing, a sent reset mail keeps its text but no longer its link; a fresh one keeps it."""
    now = utcnow()
    old = queue_mail(session, "a@example.vn", "Reset", "Open https://hoicho.example.vn/password/reset/abc.def now",
                     now=now - timedelta(days=1, minutes=1))
    fresh = queue_mail(session, "b@example.vn", "Confirm", "Open https://hoicho.example.vn/confirm/xyz", now=now)
    send_due_mail(session, {"MAIL_SERVER": ""}, now=now)
    assert old.body == "Open [link removed] now" and "/confirm/xyz" in fresh.body


def test_the_purge_command_cuts_old_links_without_any_delivery(app, session):
    """`flask mail purge` (cron) cuts the links of old messages even when nothing is being sent."""
    message = queue_mail(session, "a@example.vn", "Badge", "Your badge: http://localhost/b/tok123",
                         now=utcnow() - timedelta(days=2))
    message.sent_at = utcnow() - timedelta(days=2)
    session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "purge"])
    assert result.exit_code == 0
    session.expire_all()
    assert session.scalar(sa.select(OutboxMessage.body)) == "Your badge: [link removed]"
