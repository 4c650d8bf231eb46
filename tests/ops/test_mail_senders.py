"""Mail is neither lost nor doubled: concurrent senders, a sender killed mid-batch, a long SMTP outage.

Senders run as separate processes (`flask mail send`, what two hosts' cron would start) on the test database:
SQLite, or PostgreSQL when TEST_DATABASE_URL names one (CI runs both).
"""

import collections
import os
import signal
import time
from datetime import timedelta

import sqlalchemy as sa

from core.db import utcnow
from core.mail import OutboxMessage, queue_mail, send_due_mail
from tests.ops.conftest import free_port, mail_config, start_sender


def _queue(session, count: int, *, now=None) -> None:
    now = now or utcnow()
    for number in range(count):
        queue_mail(session, f"buyer{number}@example.vn", f"msg {number}", "Your badge", now=now)
    session.commit()


def _finish(process, timeout: float = 120) -> str:
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def test_two_senders_deliver_300_messages_exactly_once(app, session, smtp_sink, tmp_path):
    """Two `flask mail send` at once (two hosts' cron): each of 300 messages reaches the server once."""
    _queue(session, 300)
    sink = smtp_sink(delay=0.005)  # a little slow, so the two senders overlap
    senders = [start_sender(app, sink.port, tmp_path) for _ in range(2)]
    outputs = [_finish(sender) for sender in senders]
    counts = collections.Counter(sink.subjects())
    assert sorted(counts) == sorted(f"msg {number}" for number in range(300))
    assert max(counts.values()) == 1, [subject for subject, seen in counts.items() if seen > 1][:5]
    sent = [int(output.strip().splitlines()[-1].split()[1]) for output in outputs]
    assert sum(sent) == 300
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).where(OutboxMessage.sent_at.is_(None))) == 0


def test_a_sender_killed_mid_batch_resends_nothing_already_delivered(app, session, smtp_sink, tmp_path):
    """Killed with SIGKILL at the 51st message: the next sender delivers the other 100, and the 50 not again."""
    _queue(session, 150)
    sink = smtp_sink()
    sink.hold_at = 51
    first = start_sender(app, sink.port, tmp_path, MAIL_CLAIM_SECONDS="2")
    assert sink.held.wait(60), "the first sender never reached the 51st message"
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=30)
    sink.hold_at = None
    sink.release.set()
    assert len(sink.subjects()) == 50
    time.sleep(2.5)  # the 51st message's lease runs out: it was claimed, never accepted
    _finish(start_sender(app, sink.port, tmp_path, MAIL_CLAIM_SECONDS="2"))
    counts = collections.Counter(sink.subjects())
    assert len(counts) == 150 and max(counts.values()) == 1


def test_smtp_down_longer_than_five_attempts_then_back_delivers_everything(app, session, smtp_sink):
    """Ten rounds of cron over ten hours with the server down, then it returns: every message goes out once."""
    start = utcnow()
    _queue(session, 20, now=start)
    down = mail_config(free_port())
    for hour in range(1, 11):
        assert send_due_mail(session, down, now=start + timedelta(hours=hour)) == 0
    session.expire_all()
    first = session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id))
    assert first.attempts > 5 and first.failed_at is None and first.last_error
    sink = smtp_sink()
    assert send_due_mail(session, mail_config(sink.port), now=start + timedelta(hours=12)) == 20
    assert sorted(sink.subjects()) == sorted(f"msg {number}" for number in range(20))
    assert send_due_mail(session, mail_config(sink.port), now=start + timedelta(hours=13)) == 0


def test_retries_back_off_and_stop_after_a_day_as_failed(session):
    """The wait doubles after each failure; a message still failing 24 hours after queueing is marked failed."""
    start = utcnow()
    _queue(session, 1, now=start)
    down = mail_config(free_port())
    send_due_mail(session, down, now=start)
    message = session.scalar(sa.select(OutboxMessage))
    assert message.next_attempt_at == start + timedelta(minutes=1)
    assert send_due_mail(session, down, now=start + timedelta(seconds=30)) == 0  # not due yet: not tried
    assert message.attempts == 1
    send_due_mail(session, down, now=start + timedelta(minutes=1))
    assert message.next_attempt_at == start + timedelta(minutes=3)  # waited 1, now 2
    send_due_mail(session, down, now=start + timedelta(hours=24))
    assert message.failed_at is not None and message.sent_at is None
    assert send_due_mail(session, down, now=start + timedelta(hours=30)) == 0
    assert message.attempts == 3


def test_a_refused_recipient_does_not_stop_the_batch(session, smtp_sink):
    """A message the server refuses is retried later; the same connection goes on with the next ones."""
    now = utcnow()
    queue_mail(session, "nobody@example.vn", "refused", "body", now=now)
    _queue(session, 3, now=now)
    sink = smtp_sink()
    assert send_due_mail(session, mail_config(sink.port), now=now) == 3
    assert sorted(sink.subjects()) == ["msg 0", "msg 1", "msg 2"]
    refused = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "nobody@example.vn"))
    assert refused.sent_at is None and refused.failed_at is None and "no such mailbox" in refused.last_error
