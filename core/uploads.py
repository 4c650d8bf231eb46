"""Uploaded files: type decided by content (magic bytes), size-limited, kept in the database.

A `stored_file` row names the owner of a file; its bytes are a blob of `core.storage`, written in the
same transaction, so every app server reads them. Files are only ever served as downloads by views
that check who may see them. Files an older version wrote to disk are moved in by `import_disk_files`.
"""

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from core.db import UTCDateTime, utcnow
from core.errors import NotFound, ValidationFailed
from core.extensions import db
from core.storage import storage

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
    # Null only for a file an older version left on disk and `flask files import-disk` has not moved in yet.
    blob_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("stored_blob.id", ondelete="RESTRICT"),
                                                      index=True)


def storage_path(root: str, sha256: str) -> Path:
    """Where an older version kept a file's bytes on disk: <root>/ab/abcdef… (content-addressed)."""
    return Path(root) / sha256[:2] / sha256


def read_bytes(session, stored: StoredFile) -> bytes:
    """The bytes of a stored file; NotFound if they were never moved in from an old disk store."""
    data = storage().get(session, stored.blob_id) if stored.blob_id is not None else None
    if data is None:
        raise NotFound(_("No such file."))
    return data


def new_stored_file(session, *, data: bytes, media_type: str, now: datetime, **fields) -> StoredFile:
    """A `stored_file` row and its bytes, flushed together in the caller's transaction."""
    blob_id = storage().put(session, data, media_type=media_type, now=now)
    stored = StoredFile(media_type=media_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        blob_id=blob_id, created_at=now, **fields)
    session.add(stored)
    session.flush()
    return stored


def delete_stored_files(session, files: list[StoredFile]) -> None:
    """Delete files and their bytes."""
    blob_ids = [stored.blob_id for stored in files if stored.blob_id is not None]
    for stored in files:
        session.delete(stored)
    session.flush()
    for blob_id in blob_ids:
        storage().delete(session, blob_id)


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
               sniffed: SniffedFile, actor_id: int | None, now: datetime) -> StoredFile:
    """Keep a checked upload: bytes in the store, a row naming its owner; the name ends as its content says."""
    clean_name = "".join(ch for ch in (filename or "file").rsplit("/", 1)[-1] if ch.isprintable())[:150] or "file"
    if not clean_name.lower().endswith(sniffed.extension):
        clean_name += sniffed.extension
    return new_stored_file(session, data=data, media_type=sniffed.media_type, now=now, owner_type=owner_type,
                           owner_id=owner_id, purpose=purpose, filename=clean_name, uploaded_by_id=actor_id)


def files_of(session, owner_type: str, owner_id: int) -> list[StoredFile]:
    """An owner's files, oldest first."""
    return list(session.scalars(sa.select(StoredFile).where(
        StoredFile.owner_type == owner_type, StoredFile.owner_id == owner_id).order_by(StoredFile.id)))


def import_disk_files(session, root: str, *, now: datetime) -> tuple[int, int]:
    """Move the bytes of files still on disk under `root` into the storage: (moved, missing)."""
    moved = missing = 0
    for stored in session.scalars(sa.select(StoredFile).where(StoredFile.blob_id.is_(None)).order_by(StoredFile.id)):
        path = storage_path(root, stored.sha256)
        if not path.is_file():
            missing += 1
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != stored.sha256:
            missing += 1  # a damaged copy is not moved in: the row keeps pointing at nothing
            continue
        stored.blob_id = storage().put(session, data, media_type=stored.media_type, now=now)
        moved += 1
    session.flush()
    return moved, missing



def legacy_upload_folder(instance_path: str) -> str:
    """Where an older version kept uploads: UPLOAD_FOLDER if still set, else instance/uploads."""
    return os.environ.get("UPLOAD_FOLDER") or str(Path(instance_path) / "uploads")


@click.group("files")
def files_group():
    """Stored files."""


@files_group.command("import-disk")
@click.option("--folder", default=None, help="The old upload folder (default: UPLOAD_FOLDER or instance/uploads).")
@with_appcontext
def import_disk_command(folder: str | None):
    """Move the files an older version kept on disk into the database (safe to run again)."""
    root = folder or legacy_upload_folder(current_app.instance_path)
    moved, missing = import_disk_files(db.session, root, now=utcnow())
    db.session.commit()
    click.echo(f"Moved {moved} file(s) from {root} into the database; {missing} not found there.")
