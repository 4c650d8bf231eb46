"""One SMTP connection for a batch of messages, or the log when no SMTP server is configured; retry delays.

No database and no models here: `core/mail.py` claims the messages and records what happened.
"""

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

log = logging.getLogger("core.mail")

# Refusals of one message (its recipient, its sender, its content): the connection goes on to the next one.
# Every other error (smtplib's are OSErrors too) means the server is the problem, and the batch stops there.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def retry_delay(attempts: int, base_seconds: int, max_seconds: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: base, twice that, four times …, never above max."""
    return timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), max_seconds))


class MailTransport:
    """Sends messages through one SMTP connection, opened on the first message and closed at the end."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "MailTransport":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Say goodbye to the server (or just drop a connection that broke)."""
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()
        self.smtp = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config.get("MAIL_TIMEOUT_SECONDS", 10))
        try:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, recipient: str, subject: str, body: str) -> None:
        """Deliver one message; raises OSError or SMTPException when it was not accepted."""
        config = self.config
        if not config.get("MAIL_SERVER"):
            # No SMTP configured (development): write the message to the log. Bodies can
            # hold confirmation links, so they are logged only when explicitly asked for.
            if config.get("MAIL_LOG_BODY"):
                log.info("Mail to %s: %s\n%s", recipient, subject, body)
            else:
                log.info("Mail to %s: %s (body in the outbox table)", recipient, subject)
            return
        email = EmailMessage()
        email["From"] = config["MAIL_SENDER"]
        email["To"] = recipient
        email["Subject"] = subject
        email.set_content(body)
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.send_message(email)
        except MESSAGE_ERRORS:
            raise
        except OSError:
            self.smtp.close()
            self.smtp = None
            raise
