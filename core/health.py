"""`/healthz`: a liveness probe (no database, no session), and the benchmarks' baseline; `/readyz`: readiness.

A load balancer sends traffic to a server only while `/readyz` says ready: the database answers (and Redis,
when `REDIS_URL` is set), each within a short timeout, so a server cut off from them is taken out of rotation
instead of answering 500s or hanging.
"""

import logging
import socket
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, json

from core.extensions import db

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)

REDIS_TIMEOUT_S = 1.0


@bp.get("/healthz")
def healthz():
    """Answer "ok" when the process serves requests."""
    return Response("ok", mimetype="text/plain", headers={"Cache-Control": "no-store"})


def _database_ready() -> str | None:
    """None when the database answers a query, else what went wrong (without secrets)."""
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        log.warning("Readiness: the database does not answer: %s", getattr(error, "orig", error))
        return "unreachable"
    return None


def redis_ping(url: str, timeout: float = REDIS_TIMEOUT_S) -> bool:
    """PING the Redis server of `url` (redis://[:password@]host[:port][/db]) over a plain socket; True on PONG.

    A raw RESP exchange, so readiness needs no client library and never waits longer than `timeout`.
    """
    parts = urlsplit(url)
    commands = []
    if parts.password:
        user = [unquote(parts.username)] if parts.username else []
        commands.append(["AUTH", *user, unquote(parts.password)])
    commands.append(["PING"])
    payload = b"".join(
        b"*%d\r\n" % len(command) + b"".join(b"$%d\r\n%s\r\n" % (len(word.encode()), word.encode()) for word in command)
        for command in commands)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(payload)
            answer = b""
            while answer.count(b"\r\n") < len(commands):
                chunk = sock.recv(256)
                if not chunk:
                    break
                answer += chunk
    except OSError as error:
        log.warning("Readiness: Redis does not answer: %s", error)
        return False
    return answer.rstrip().endswith(b"+PONG")


@bp.get("/readyz")
def readyz():
    """200 when the database (and Redis, if configured) answer; 503 with what is down otherwise."""
    checks = {"database": _database_ready() or "ok"}
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks["redis"] = "ok" if redis_ping(redis_url) else "unreachable"
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    headers = {"Cache-Control": "no-store"}
    if not ready:
        headers["Retry-After"] = "5"
    return Response(json.dumps(body), status=200 if ready else 503, mimetype="application/json", headers=headers)
