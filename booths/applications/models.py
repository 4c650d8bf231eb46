"""Booth applications and the booths they hold (one holder per booth, kept by a unique key)."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from booths.applications.workflow import APPLICATION_STATUSES, PAYMENT_STATUSES
from booths.layout.models import Booth
from booths.layout.vocabulary import BOOTH_TYPES
from core.db import UTCDateTime, sql_list
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair


class BoothApplication(db.Model):
    """An enterprise's application for booths at a fair (one per enterprise and fair)."""

    __tablename__ = "booth_application"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "enterprise_id", name="uq_booth_application_fair_enterprise"),
        sa.CheckConstraint("booths_requested >= 1", name="booths_positive"),
        sa.CheckConstraint("staff_count >= 0", name="staff_not_negative"),
        sa.CheckConstraint(f"status IN ({sql_list(APPLICATION_STATUSES)})", name="status_known"),
        sa.CheckConstraint(f"payment_status IN ({sql_list(PAYMENT_STATUSES)})", name="payment_known"),
        sa.CheckConstraint(f"booth_type IS NULL OR booth_type IN ({sql_list(BOOTH_TYPES)})", name="type_known"),
        # The review queue's default order (first come, first served), a page at a time.
        sa.Index("ix_booth_application_fair_submitted", "fair_id", "submitted_at", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id"), index=True)
    booths_requested: so.Mapped[int] = so.mapped_column()
    booth_type: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    zone_preferences: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    preferred_booths: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    neighbour_enterprise_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    avoid_enterprise_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    products: so.Mapped[str | None] = so.mapped_column(sa.Text)
    staff_count: so.Mapped[int] = so.mapped_column(default=0)
    support_requested: so.Mapped[bool] = so.mapped_column(default=False)
    support_programme: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    decision_reason: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    payment_status: so.Mapped[str] = so.mapped_column(sa.String(10), default="unpaid")
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    fair: so.Mapped[Fair] = so.relationship()
    enterprise: so.Mapped[Enterprise] = so.relationship()
    created_by: so.Mapped[User | None] = so.relationship()


class BoothAssignment(db.Model):
    """One booth given to one application; the unique booth id makes double booking impossible."""

    __tablename__ = "booth_assignment"
    __table_args__ = (
        sa.UniqueConstraint("booth_id", name="uq_booth_assignment_booth"),
        sa.CheckConstraint("source IN ('manual', 'auto')", name="source_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    booth_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"))
    application_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("booth_application.id", ondelete="CASCADE"),
                                                      index=True)
    source: so.Mapped[str] = so.mapped_column(sa.String(10), default="manual")
    locked: so.Mapped[bool] = so.mapped_column(default=False)
    assigned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    assigned_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    run_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("allocation_run.id", ondelete="SET NULL"))

    booth: so.Mapped[Booth] = so.relationship()
    application: so.Mapped[BoothApplication] = so.relationship()
