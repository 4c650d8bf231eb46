"""File storage every server can read: bytes kept in the database, behind a small interface.

Uploaded documents, logos and the files jobs make are `stored_blob` rows, written in the same
transaction as the record that points to them (a `stored_file`, a `job`), so a rolled-back request
leaves no orphan bytes and no record lacks its file. `FileStorage` is the interface; `DatabaseStorage`
the one backend. An object store could be added as another backend keeping the row (its key, size
and digest) and the bytes elsewhere; callers only ever hold a blob id.
"""

import hashlib
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
import sqlalchemy.orm as so

from core.db import UTCDateTime
from core.extensions import db


class StoredBlob(db.Model):
    """The bytes of one stored file, with what they are."""

    __tablename__ = "stored_blob"
    __table_args__ = (sa.CheckConstraint("size_bytes >= 0", name="size_known"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    media_type: so.Mapped[str] = so.mapped_column(sa.String(80))
    size_bytes: so.Mapped[int] = so.mapped_column()
    # Loaded only when asked for: listing files must not pull megabytes of PDF into memory.
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary, deferred=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


class FileStorage(Protocol):
    """Where file bytes live; every method works inside the caller's session (its transaction)."""

    def put(self, session, data: bytes, *, media_type: str, now: datetime) -> int:
        """Keep `data` and return its blob id (flushed, committed with the caller's transaction)."""

    def get(self, session, blob_id: int) -> bytes | None:
        """The bytes of a blob, or None if there is none."""

    def delete(self, session, blob_id: int) -> None:
        """Forget a blob (with the caller's transaction)."""


class DatabaseStorage:
    """Bytes in the `stored_blob` table: every app server and worker reads the same files."""

    def put(self, session, data: bytes, *, media_type: str, now: datetime) -> int:
        """Keep `data` in a new row and return its id."""
        blob = StoredBlob(sha256=hashlib.sha256(data).hexdigest(), media_type=media_type, size_bytes=len(data),
                          data=data, created_at=now)
        session.add(blob)
        session.flush()
        return blob.id

    def get(self, session, blob_id: int) -> bytes | None:
        """The row's bytes (one column read, nothing else loaded)."""
        return session.scalar(sa.select(StoredBlob.data).where(StoredBlob.id == blob_id))

    def delete(self, session, blob_id: int) -> None:
        """Delete the row."""
        session.execute(sa.delete(StoredBlob).where(StoredBlob.id == blob_id))


_STORAGE: FileStorage = DatabaseStorage()


def storage() -> FileStorage:
    """The file storage in use."""
    return _STORAGE
