"""Allocation runs: the engine's proposal, a preview until committed or discarded."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from core.db import UTCDateTime
from core.extensions import db


class AllocationRun(db.Model):
    """One run of the allocation engine: a preview until committed (or discarded)."""

    __tablename__ = "allocation_run"
    __table_args__ = (sa.CheckConstraint("status IN ('preview', 'committed', 'discarded')", name="status_known"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    seed: so.Mapped[int] = so.mapped_column()
    status: so.Mapped[str] = so.mapped_column(sa.String(10))
    # {application id: [booth ids]} and {application id: reason}, as proposed by the engine.
    proposal: so.Mapped[dict] = so.mapped_column(sa.JSON)
    waitlist: so.Mapped[dict] = so.mapped_column(sa.JSON)
    metrics: so.Mapped[dict] = so.mapped_column(sa.JSON)
    # {application id: the engine's explanation facts}, worded in the reader's language when shown.
    explanations: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    # Replanning frees the unlocked automatic assignments; `released` is what they were ({booth id: application
    # id}), so a commit can tell whether anything moved since the preview.
    replan: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    released: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    committed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
