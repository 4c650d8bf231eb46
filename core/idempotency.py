"""Idempotency-Key on the API's creates: a retried request gets the first answer again, never a second object.

A client that lost a response (a timeout, a dropped connection) sends the same request with the same
`Idempotency-Key` header again: within 24 hours it gets the first response back (`Idempotent-Replayed: true`),
and nothing is created twice. The same key with another request (another body or path) is a 409. Keys belong to
the caller (two users may use the same key). The key is reserved, in its own commit, before the work starts, so
two requests racing with one key cannot both create: the unique key decides, and the later one is told the first
is still running (409). A request that fails frees its key, so a corrected retry may use it again.
"""

import hashlib
from datetime import datetime, timedelta
from functools import wraps

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Response, make_response, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.auth import api_caller
from core.db import UTCDateTime, utcnow
from core.errors import Conflict, ValidationFailed
from core.extensions import db
from core.inputs import unstorable_text

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# A reserved key whose request has not answered yet.
IN_PROGRESS = 0
HEADER_DOC = {"in": "header", "name": HEADER, "required": False, "schema": {
    "type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "example": "8e03978e-40d5-43e8-bc93-6894a57f9324"},
    "description": "Send a unique key (a UUID) to make a retry safe: the same key and request within 24 hours "
                   "replay the first response; the same key with another request is a 409."}


class IdempotencyKey(db.Model):
    """A caller's Idempotency-Key and the response its request got (kept 24 hours)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_idempotency_key_user_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    key: so.Mapped[str] = so.mapped_column(sa.String(MAX_KEY_LENGTH))
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(64))  # SHA-256 of method, path, query and body
    status: so.Mapped[int] = so.mapped_column(default=IN_PROGRESS)
    content_type: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    body: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)


class KeyReused(Conflict):
    """The same Idempotency-Key came with another request, or while its first request is still running."""

    kind = "idempotency-key-reused"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1")):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _requested_key() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or unstorable_text(key):
        raise ValidationFailed([{"field": HEADER, "message": _(
            "The Idempotency-Key header holds 1 to %(n)s characters.", n=MAX_KEY_LENGTH)}])
    return key


def _reserve(user_id: int, key: str, fingerprint: str, now: datetime) -> IdempotencyKey | Response:
    """Reserve the key for this request (committed), or the stored answer to replay."""
    session = db.session
    stored = session.scalar(sa.select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                             IdempotencyKey.key == key))
    if stored is not None and stored.created_at < now - KEEP_FOR:
        session.delete(stored)  # expired: the key is free again
        session.flush()
        stored = None
    if stored is None:
        reserved = IdempotencyKey(user_id=user_id, key=key, fingerprint=fingerprint, created_at=now)
        session.add(reserved)
        try:
            session.commit()
            return reserved
        except IntegrityError:  # a request with the same key reserved it a moment ago
            session.rollback()
            stored = session.scalar(sa.select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                                     IdempotencyKey.key == key))
            if stored is None:
                raise
    if stored.fingerprint != fingerprint:
        raise KeyReused(_("This Idempotency-Key was already used for another request. Use a new key."),
                        field=HEADER)
    if stored.status == IN_PROGRESS:
        raise KeyReused(_("A request with this Idempotency-Key is still being processed. Try again shortly."),
                        field=HEADER)
    return Response(stored.body, status=stored.status, content_type=stored.content_type,
                    headers={"Idempotent-Replayed": "true"})


def _release(reserved: IdempotencyKey) -> None:
    db.session.rollback()
    db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.id == reserved.id))
    db.session.commit()


def idempotent(view):
    """API decorator (under the auth check): honour an Idempotency-Key header on a create."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _requested_key()
        caller = api_caller()
        if key is None or caller is None:
            return view(*args, **kwargs)
        reserved = _reserve(caller.id, key, _fingerprint(), utcnow())
        if isinstance(reserved, Response):
            return reserved
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            _release(reserved)
            raise
        if not 200 <= response.status_code < 300:
            _release(reserved)
            return response
        db.session.execute(sa.update(IdempotencyKey).where(IdempotencyKey.id == reserved.id).values(
            status=response.status_code, content_type=response.content_type, body=response.get_data(as_text=True)))
        db.session.commit()
        return response

    wrapper.idempotent = True  # the OpenAPI document declares the header and its 409
    return wrapper
