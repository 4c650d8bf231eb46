"""Files attached to applications: a business licence (PDF) and product photos (images)."""

from datetime import datetime

from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication
from booths.applications.services import MANAGERS
from core.audit import record_audit
from core.errors import NotFound, ValidationFailed
from core.uploads import StoredFile, checked_upload, count_files, files_of, store_file
from enterprises.services import may_manage_enterprise

OWNER_TYPE = "booth_application"
PURPOSES = {"licence": ("application/pdf",), "photo": ("image/png", "image/jpeg", "image/webp")}
MAX_FILES_PER_APPLICATION = 12


def _may_handle(session, application: BoothApplication, user: User) -> bool:
    return user.role in MANAGERS or may_manage_enterprise(session, application.enterprise, user)


def attach_file(session, application: BoothApplication, *, purpose: str, filename: str, data: bytes, actor: User,
                now: datetime) -> StoredFile:
    """Store a licence or photo for an application after checking its size and real type."""
    if not _may_handle(session, application, actor):
        raise NotFound(_("No such application."))
    if purpose not in PURPOSES:
        raise ValidationFailed([{"field": "purpose", "message": _("Choose a business licence or a product photo.")}])
    if purpose == "licence":
        sniffed = checked_upload(data, PURPOSES[purpose], _("A business licence must be a PDF file."))
    else:
        sniffed = checked_upload(data, PURPOSES[purpose], _("A product photo must be a PNG, JPEG or WebP image."))
    if count_files(session, OWNER_TYPE, application.id) >= MAX_FILES_PER_APPLICATION:
        raise ValidationFailed([{"field": "file", "message": _(
            "At most %(n)d files per application.", n=MAX_FILES_PER_APPLICATION)}])
    stored = store_file(session, owner_type=OWNER_TYPE, owner_id=application.id, purpose=purpose, filename=filename,
                        data=data, sniffed=sniffed, actor_id=actor.id, now=now)
    record_audit(session, actor, "application.attach", application, now=now,
                 after={"file": stored.id, "purpose": purpose, "bytes": len(data)})
    return stored


def list_files(session, application: BoothApplication) -> list[StoredFile]:
    """The application's files, oldest first."""
    return files_of(session, OWNER_TYPE, application.id)


def get_file_for(session, application: BoothApplication, file_id: int, user: User) -> StoredFile:
    """One of the application's files, for its enterprise's people and organizers only."""
    stored = session.get(StoredFile, file_id)
    if (stored is None or stored.owner_type != OWNER_TYPE or stored.owner_id != application.id
            or not _may_handle(session, application, user)):
        raise NotFound(_("No such file."))
    return stored
