"""Fault tests of the operational parts: a local SMTP sink, and mail senders run as separate processes."""

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class SmtpSink(socketserver.ThreadingTCPServer):
    """A tiny SMTP server on a free loopback port that records each message it accepts (by subject); it refuses
    recipients whose address starts with "nobody".

    `hold_at = n` makes it stop before accepting the n-th message: `held` is set, and once `release` is set
    the connection is dropped without an answer (the message was never accepted), as a crash would leave it.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float = 0.0):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.delay = delay
        self.accepted: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.hold_at: int | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return self.server_address[1]

    def subjects(self) -> list[str]:
        """Subjects of the accepted messages, in order."""
        with self.lock:
            return [subject for _recipient, subject in self.accepted]


class _SmtpHandler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink: SmtpSink = self.server
        self._reply("220 sink ready")
        recipient = ""
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 sink")
            elif verb == "MAIL":
                self._reply("250 ok")
            elif verb == "RCPT":
                recipient = command.split(":", 1)[1].strip(" <>")
                self._reply("550 no such mailbox" if recipient.startswith("nobody") else "250 ok")
            elif verb == "DATA":
                self._reply("354 go on")
                subject = ""
                while True:
                    data = self.rfile.readline()
                    if not data or data == b".\r\n":
                        break
                    if data.lower().startswith(b"subject:") and not subject:
                        subject = data.decode().split(":", 1)[1].strip()
                if sink.delay:
                    time.sleep(sink.delay)
                with sink.lock:
                    hold = sink.hold_at is not None and len(sink.accepted) + 1 >= sink.hold_at
                if hold:
                    sink.held.set()
                    sink.release.wait(30)
                    return  # dropped without an answer: not accepted
                with sink.lock:
                    sink.accepted.append((recipient, subject))
                self._reply("250 accepted")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:  # RSET, NOOP
                self._reply("250 ok")


@pytest.fixture
def smtp_sink():
    """`smtp_sink(delay=0.0)` → a running SmtpSink; all are shut down after the test."""
    sinks = []

    def start(delay: float = 0.0) -> SmtpSink:
        sink = SmtpSink(delay)
        sink.thread.start()
        sinks.append(sink)
        return sink

    yield start
    for sink in sinks:
        sink.release.set()
        sink.shutdown()
        sink.server_close()


def free_port() -> int:
    """A loopback port nobody listens on (at the moment)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mail_config(port: int, **over) -> dict:
    """The mail settings of a sender talking to the sink on `port`."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_SENDER": "fair@example.vn",
            "MAIL_TIMEOUT_SECONDS": 5, "MAIL_CLAIM_SECONDS": 120, "MAIL_RETRY_BASE_SECONDS": 60,
            "MAIL_RETRY_MAX_SECONDS": 3600, "MAIL_GIVE_UP_HOURS": 24} | over


def start_sender(app, port: int, tmp_path, **env) -> subprocess.Popen:
    """`flask mail send` in a process of its own, on the app's database, towards the sink on `port`."""
    environment = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "APP_ENV": "development",
                   "INSTANCE_PATH": str(tmp_path), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
                   "MAIL_USE_TLS": "0", "LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1"} | env
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "mail", "send"], cwd=ROOT,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
