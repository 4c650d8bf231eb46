"""With REDIS_URL, the mail a request queued goes to the workers as a `mail.send` task; if the queue cannot be
reached, the process's mail thread sends it instead, so nothing waits for cron."""

import pytest
import sqlalchemy as sa

from core.db import utcnow
from core.mail import OutboxMessage, deliver_in_background, queue_mail, wait_for_background_mail
from core.tasks import celery_app, init_celery


@pytest.fixture
def queued_app(app):
    """The test app with a Celery app on an address nobody listens on (nothing connects until a task is sent)."""
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    init_celery(app)
    yield app
    app.config["REDIS_URL"] = ""
    app.extensions.pop("celery", None)
    app.extensions.pop("mail_dispatcher", None)


def test_mail_goes_to_the_workers_when_there_is_a_queue(queued_app, session, monkeypatch):
    """The ids are handed to the `mail.send` task, and this process sends nothing itself."""
    message = queue_mail(session, "lan@example.vn", "Confirm", "body", now=utcnow())
    session.commit()
    handed = []
    monkeypatch.setattr(celery_app(queued_app).tasks["mail.send"], "delay", lambda ids: handed.append(ids))
    assert deliver_in_background(queued_app, [message.id]) is True
    wait_for_background_mail()
    session.expire_all()
    assert handed == [[message.id]]
    assert session.get(OutboxMessage, message.id).sent_at is None  # a worker will send it


def test_the_mail_task_sends_what_it_is_given_once(queued_app, session):
    """The worker's task delivers the ids through the claiming sender: run twice (a redelivery), it sends once."""
    message_id = queue_mail(session, "lan@example.vn", "Confirm", "body", now=utcnow()).id
    session.commit()
    task = celery_app(queued_app).tasks["mail.send"]
    assert task.run([message_id]) == 1
    assert task.run([message_id]) == 0
    assert session.scalar(sa.select(OutboxMessage.sent_at).where(OutboxMessage.id == message_id)) is not None


def test_an_unreachable_queue_falls_back_to_the_mail_thread(queued_app, session, monkeypatch):
    """Redis down: the request's mail is sent by this process's mail thread, not left for cron."""
    message = queue_mail(session, "lan@example.vn", "Confirm", "body", now=utcnow())
    session.commit()

    def unreachable(ids):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(celery_app(queued_app).tasks["mail.send"], "delay", unreachable)
    assert deliver_in_background(queued_app, [message.id]) is True
    wait_for_background_mail()
    session.expire_all()
    assert session.get(OutboxMessage, message.id).sent_at is not None
