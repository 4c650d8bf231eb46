"""Audit trail: who changed what, when, with the values before and after."""

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from core.db import UTCDateTime, insert_rows
from core.extensions import db


class AuditEvent(db.Model):
    """One recorded change."""

    __tablename__ = "audit_event"
    # An object's history (an application's page) reads its events in order without walking the whole trail.
    __table_args__ = (sa.Index("ix_audit_event_target", "target_type", "target_id", "created_at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(index=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(80), index=True)
    target_type: so.Mapped[str] = so.mapped_column(sa.String(80))
    target_id: so.Mapped[int | None] = so.mapped_column()
    before: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    after: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)


def record_audit(session, actor, action: str, target, *, now: datetime,
                 before: dict | None = None, after: dict | None = None) -> AuditEvent:
    """Add an audit event for `target` in the caller's transaction."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=getattr(target, "__tablename__", type(target).__name__),
        target_id=getattr(target, "id", None),
        before=before,
        after=after,
        created_at=now,
    )
    session.add(event)
    return event


def record_audits(session, actor, action: str, target_type: str, events: Iterable[tuple[int, dict | None, dict | None]],
                  *, now: datetime) -> None:
    """Add many events of one action at once, each (target id, before, after): an import's rows, a chunk a
    statement."""
    insert_rows(session, AuditEvent, ({"actor_id": getattr(actor, "id", None), "action": action,
                                       "target_type": target_type, "target_id": target_id, "before": before,
                                       "after": after, "created_at": now} for target_id, before, after in events))
