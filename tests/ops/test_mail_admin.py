"""Failed mail is shown to admins, who can send it again; nobody else sees or touches it."""

from datetime import timedelta

import sqlalchemy as sa

from core.db import utcnow
from core.mail import OutboxMessage, queue_mail, wait_for_background_mail


def _failed(session) -> OutboxMessage:
    message = queue_mail(session, "lost@example.vn", "Your badge", "body", now=utcnow() - timedelta(days=2))
    message.attempts, message.last_error, message.failed_at = 30, "Connection refused", utcnow()
    session.commit()
    return message


def test_admins_see_failed_mail_and_send_it_again(client, session, login_as):
    """The page lists the message with its error; the button puts it back and the mail thread delivers it."""
    message = _failed(session)
    login_as("admin")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "lost@example.vn" in page and "Connection refused" in page
    response = client.post(f"/admin/mail/{message.id}/retry")
    assert response.status_code == 302
    wait_for_background_mail()  # no MAIL_SERVER in the tests: delivered to the log
    session.expire_all()
    message = session.scalar(sa.select(OutboxMessage))
    assert message.failed_at is None and message.sent_at is not None
    assert "Connection refused" not in client.get("/admin/mail").get_data(as_text=True)  # no longer listed


def test_only_admins_reach_failed_mail(client, session, login_as):
    """An organizer gets 403 on the page and on the button, and the message stays failed."""
    message = _failed(session)
    login_as("organizer")
    assert client.get("/admin/mail").status_code == 403
    assert client.post(f"/admin/mail/{message.id}/retry").status_code == 403
    session.expire_all()
    assert session.get(OutboxMessage, message.id).failed_at is not None
