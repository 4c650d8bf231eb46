"""Uploaded files: type decided by content (magic bytes), size-limited, stored outside static/.

Files are kept under the instance folder by their SHA-256 and only ever served as downloads
by views that check who may see them.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from core.db import UTCDateTime
from core.errors import ValidationFailed
from core.extensions import db

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Media types we accept, recognised by their first bytes; the file name is never trusted.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@dataclass(frozen=True)
class SniffedFile:
    """What the content says a file is."""

    media_type: str
    extension: str


def sniff(data: bytes) -> SniffedFile | None:
    """The media type of `data` from its content (PDF, PNG, JPEG, WebP), or None."""
    for signature, media_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return SniffedFile(media_type, extension)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return SniffedFile("image/webp", ".webp")
    return None


class StoredFile(db.Model):
    """An uploaded file attached to something (an application, an enterprise's logo)."""

    __tablename__ = "stored_file"
    __table_args__ = (
        sa.Index("ix_stored_file_owner", "owner_type", "owner_id"),
        sa.CheckConstraint("size_bytes > 0", name="not_empty"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    owner_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    owner_id: so.Mapped[int] = so.mapped_column()
    purpose: so.Mapped[str] = so.mapped_column(sa.String(40))
    filename: so.Mapped[str] = so.mapped_column(sa.String(200))
    media_type: so.Mapped[str] = so.mapped_column(sa.String(80))
    size_bytes: so.Mapped[int] = so.mapped_column()
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


def storage_path(root: str, sha256: str) -> Path:
    """Where a file's bytes live: <root>/ab/abcdef… (content-addressed)."""
    return Path(root) / sha256[:2] / sha256


def save_bytes(root: str, data: bytes) -> str:
    """Write `data` to the store (once per content) and return its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    path = storage_path(root, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    return digest


def read_bytes(root: str, stored: StoredFile) -> bytes:
    """The bytes of a stored file."""
    return storage_path(root, stored.sha256).read_bytes()


def checked_upload(data: bytes, allowed: tuple[str, ...], wrong_type_message: str) -> SniffedFile:
    """What an upload is, by content; ValidationFailed on `file` if empty, too large or not of an allowed type."""
    if not data:
        raise ValidationFailed([{"field": "file", "message": _("The file is empty.")}])
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed([{"field": "file", "message": _("Files may be at most 10 MB.")}])
    sniffed = sniff(data)
    if sniffed is None or sniffed.media_type not in allowed:
        raise ValidationFailed([{"field": "file", "message": wrong_type_message}])
    return sniffed


def count_files(session, owner_type: str, owner_id: int) -> int:
    """How many files are attached to one owner."""
    return session.scalar(sa.select(sa.func.count()).select_from(StoredFile).where(
        StoredFile.owner_type == owner_type, StoredFile.owner_id == owner_id))


def store_file(session, *, owner_type: str, owner_id: int, purpose: str, filename: str, data: bytes,
               sniffed: SniffedFile, actor_id: int | None, now: datetime, root: str) -> StoredFile:
    """Keep a checked upload: bytes in the store, a row naming its owner; the name ends as its content says."""
    clean_name = "".join(ch for ch in (filename or "file").rsplit("/", 1)[-1] if ch.isprintable())[:150] or "file"
    if not clean_name.lower().endswith(sniffed.extension):
        clean_name += sniffed.extension
    stored = StoredFile(owner_type=owner_type, owner_id=owner_id, purpose=purpose, filename=clean_name,
                        media_type=sniffed.media_type, size_bytes=len(data), sha256=save_bytes(root, data),
                        uploaded_by_id=actor_id, created_at=now)
    session.add(stored)
    session.flush()
    return stored


def files_of(session, owner_type: str, owner_id: int) -> list[StoredFile]:
    """An owner's files, oldest first."""
    return list(session.scalars(sa.select(StoredFile).where(
        StoredFile.owner_type == owner_type, StoredFile.owner_id == owner_id).order_by(StoredFile.id)))
