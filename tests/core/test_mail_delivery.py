"""Every e-mail a page promises is delivered in the default setup (no SMTP): once the response has gone out,
the log shows its subject and recipient, and the outbox marks it sent."""

import logging

import sqlalchemy as sa

from core.mail import OutboxMessage, wait_for_background_mail
from tests.visitors.conftest import visitor_values


def _sent(session) -> list[OutboxMessage]:
    wait_for_background_mail()  # the mail thread delivers after the response
    session.expire_all()
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_not(None))))


def test_the_badge_a_visitor_registers_for_is_mailed_after_the_response(client, session, make_fair, caplog):
    """The public registration page says the badge is e-mailed: without SMTP it is logged with its subject."""
    fair = make_fair(status="running")
    session.commit()
    values = visitor_values(email="buyer@example.vn")
    data = {key: value for key, value in values.items() if key != "consent"} | {"consent": "y"}
    with caplog.at_level(logging.INFO, logger="core.mail"):
        response = client.post(f"/f/{fair.code}/register", data=data)
        assert response.status_code == 302
        assert _sent(session) == [] and "buyer@example.vn" not in caplog.text  # nothing left before the answer
        response.close()  # what the WSGI server does once the body is sent: the mail thread takes over
        wait_for_background_mail()
    [message] = _sent(session)
    assert message.recipient == "buyer@example.vn"
    assert "buyer@example.vn" in caplog.text and message.subject in caplog.text
    assert message.body not in caplog.text  # bodies hold badge links: only with MAIL_LOG_BODY


def test_a_decision_is_mailed_to_the_exhibitor_after_the_response(client, session, make_fair, make_enterprise,
                                                                    make_application, make_user, login_as, caplog):
    """The decision page says "recorded and e-mailed": the message really leaves the outbox."""
    owner = make_user(role="exhibitor", email="owner@gom.vn")
    application = make_application(fair=make_fair(status="open"), enterprise=make_enterprise(owner=owner))
    session.commit()
    login_as("organizer")
    with caplog.at_level(logging.INFO, logger="core.mail"):
        response = client.post(f"/applications/{application.id}", data={"status": "approved", "reason": ""})
        assert response.status_code == 302
        assert _sent(session) == [] and "owner@gom.vn" not in caplog.text  # nothing left before the answer
        response.close()
        wait_for_background_mail()
    assert [message.recipient for message in _sent(session)] == ["owner@gom.vn"]
    assert "owner@gom.vn" in caplog.text


def test_mail_log_body_shows_the_body_of_a_delivered_message(app, client, session, make_fair, caplog,
                                                             monkeypatch):
    """MAIL_LOG_BODY (development) puts the badge link itself in the log."""
    monkeypatch.setitem(app.config, "MAIL_LOG_BODY", True)
    fair = make_fair(status="running")
    session.commit()
    data = {key: value for key, value in visitor_values().items() if key != "consent"} | {"consent": "y"}
    with caplog.at_level(logging.INFO, logger="core.mail"):
        client.post(f"/f/{fair.code}/register", data=data).close()
        wait_for_background_mail()
    [message] = _sent(session)
    assert message.body in caplog.text
