"""Files attached to applications: a business licence (PDF) and product photos (images)."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from booths.applications import MANAGERS
from booths.models import BoothApplication
from core.audit import record_audit
from core.errors import NotFound, ValidationFailed
from core.uploads import MAX_UPLOAD_BYTES, StoredFile, save_bytes, sniff
from enterprises.services import may_manage_enterprise

OWNER_TYPE = "booth_application"
PURPOSES = {"licence": ("application/pdf",), "photo": ("image/png", "image/jpeg", "image/webp")}
MAX_FILES_PER_APPLICATION = 12


def _may_handle(session, application: BoothApplication, user: User) -> bool:
    return user.role in MANAGERS or may_manage_enterprise(session, application.enterprise, user)


def attach_file(session, application: BoothApplication, *, purpose: str, filename: str, data: bytes, actor: User,
                now: datetime, root: str) -> StoredFile:
    """Store a licence or photo for an application after checking its size and real type."""
    if not _may_handle(session, application, actor):
        raise NotFound(_("No such application."))
    if purpose not in PURPOSES:
        raise ValidationFailed([{"field": "purpose", "message": _("Choose a business licence or a product photo.")}])
    if not data:
        raise ValidationFailed([{"field": "file", "message": _("The file is empty.")}])
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed([{"field": "file", "message": _("Files may be at most 10 MB.")}])
    sniffed = sniff(data)
    if sniffed is None or sniffed.media_type not in PURPOSES[purpose]:
        message = (_("A business licence must be a PDF file.") if purpose == "licence"
                   else _("A product photo must be a PNG, JPEG or WebP image."))
        raise ValidationFailed([{"field": "file", "message": message}])
    count = session.scalar(sa.select(sa.func.count()).select_from(StoredFile).where(
        StoredFile.owner_type == OWNER_TYPE, StoredFile.owner_id == application.id))
    if count >= MAX_FILES_PER_APPLICATION:
        raise ValidationFailed([{"field": "file", "message": _(
            "At most %(n)d files per application.", n=MAX_FILES_PER_APPLICATION)}])
    clean_name = "".join(ch for ch in (filename or "file").rsplit("/", 1)[-1] if ch.isprintable())[:150] or "file"
    if not clean_name.lower().endswith(sniffed.extension):
        clean_name += sniffed.extension  # the name says what the content is
    stored = StoredFile(owner_type=OWNER_TYPE, owner_id=application.id, purpose=purpose, filename=clean_name,
                        media_type=sniffed.media_type, size_bytes=len(data), sha256=save_bytes(root, data),
                        uploaded_by_id=actor.id, created_at=now)
    session.add(stored)
    session.flush()
    record_audit(session, actor, "application.attach", application, now=now,
                 after={"file": stored.id, "purpose": purpose, "bytes": len(data)})
    return stored


def list_files(session, application: BoothApplication) -> list[StoredFile]:
    """The application's files, oldest first."""
    return list(session.scalars(sa.select(StoredFile).where(
        StoredFile.owner_type == OWNER_TYPE, StoredFile.owner_id == application.id).order_by(StoredFile.id)))


def get_file_for(session, application: BoothApplication, file_id: int, user: User) -> StoredFile:
    """One of the application's files, for its enterprise's people and organizers only."""
    stored = session.get(StoredFile, file_id)
    if (stored is None or stored.owner_type != OWNER_TYPE or stored.owner_id != application.id
            or not _may_handle(session, application, user)):
        raise NotFound(_("No such file."))
    return stored
