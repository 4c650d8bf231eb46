"""Scanned contracts attached to a contract record: PDF only, checked by content, audited."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from contracts.models import Contract
from contracts.vocabulary import MANAGERS
from core.audit import record_audit
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.uploads import StoredFile, checked_upload, count_files, store_file
from enterprises.access import officer_may_read
from enterprises.services import may_manage_enterprise

OWNER_TYPE = "contract"
MAX_FILES_PER_CONTRACT = 5


def _may_handle(session, contract: Contract, user: User) -> bool:
    return user.role in MANAGERS or may_manage_enterprise(session, contract.seller, user)


def attach_contract_file(session, contract: Contract, *, filename: str, data: bytes, actor: User,
                         now: datetime) -> StoredFile:
    """Attach the scanned contract (a PDF of at most 10 MB) to its record."""
    if not _may_handle(session, contract, actor):
        raise NotFound(_("No such contract."))
    if actor.role not in MANAGERS and contract.verified_at is not None:
        raise PermissionDenied(_("This contract is verified: ask the organizer to change it."))
    sniffed = checked_upload(data, ("application/pdf",), _("A scanned contract must be a PDF file."))
    if count_files(session, OWNER_TYPE, contract.id) >= MAX_FILES_PER_CONTRACT:
        raise ValidationFailed([{"field": "file", "message": _(
            "At most %(n)d files per contract.", n=MAX_FILES_PER_CONTRACT)}])
    stored = store_file(session, owner_type=OWNER_TYPE, owner_id=contract.id, purpose="scan", filename=filename,
                        data=data, sniffed=sniffed, actor_id=actor.id, now=now)
    record_audit(session, actor, "contract.attach", contract, now=now,
                 after={"file": stored.id, "bytes": len(data)})
    return stored


def contract_files(session, contracts: list[Contract]) -> dict[int, list[StoredFile]]:
    """The files of each contract, by contract id."""
    by_contract: dict[int, list[StoredFile]] = {contract.id: [] for contract in contracts}
    for stored in session.scalars(sa.select(StoredFile).where(
            StoredFile.owner_type == OWNER_TYPE, StoredFile.owner_id.in_(list(by_contract))).order_by(StoredFile.id)):
        by_contract[stored.owner_id].append(stored)
    return by_contract


def get_contract_file(session, contract: Contract, file_id: int, user: User) -> StoredFile:
    """A file of a contract the user may see (organizers, officers of the seller's province, the seller's people),
    or NotFound."""
    stored = session.get(StoredFile, file_id)
    allowed = (user.role == "officer" and officer_may_read(session, user, contract.seller)) or _may_handle(
        session, contract, user)
    if stored is None or stored.owner_type != OWNER_TYPE or stored.owner_id != contract.id or not allowed:
        raise NotFound(_("No such file."))
    return stored
