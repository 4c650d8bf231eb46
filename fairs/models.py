"""The Fair model and the gate staff assigned to each fair."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from core.db import UTCDateTime
from core.extensions import db
from fairs.lifecycle import STATUSES

_STATUS_LIST = ", ".join(f"'{status}'" for status in STATUSES)
MAX_SETUP_DAYS = 14


class Fair(db.Model):
    """A trade fair or exhibition, with its dates and lifecycle status."""

    __tablename__ = "fair"
    __table_args__ = (
        sa.CheckConstraint("starts_on <= ends_on", name="dates_ordered"),
        sa.CheckConstraint(
            "application_deadline IS NULL OR application_deadline <= starts_on",
            name="deadline_before_start",
        ),
        sa.CheckConstraint(f"status IN ({_STATUS_LIST})", name="status_known"),
        sa.CheckConstraint("max_booths_per_application >= 1", name="max_booths_positive"),
        sa.CheckConstraint(f"setup_days BETWEEN 0 AND {MAX_SETUP_DAYS}", name="setup_days_range"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    name_vi: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(200))
    venue: so.Mapped[str] = so.mapped_column(sa.String(300))
    province: so.Mapped[str] = so.mapped_column(sa.String(60), index=True)
    starts_on: so.Mapped[date] = so.mapped_column(sa.Date)
    ends_on: so.Mapped[date] = so.mapped_column(sa.Date)
    application_deadline: so.Mapped[date | None] = so.mapped_column(sa.Date)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft", index=True)
    max_booths_per_application: so.Mapped[int] = so.mapped_column(default=4, server_default="4")
    # Days before the first day on which the gates admit exhibitor staff badges only (building the booths).
    setup_days: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    def name(self, language: str) -> str:
        """The fair's name in `language`, falling back to Vietnamese."""
        return self.name_en if language == "en" and self.name_en else self.name_vi

    def __repr__(self) -> str:
        return f"<Fair {self.code} {self.status}>"


class FairStaff(db.Model):
    """A gate staff account assigned to a fair: it scans and registers visitors there, and nowhere else."""

    __tablename__ = "fair_staff"
    __table_args__ = (sa.UniqueConstraint("fair_id", "user_id", name="uq_fair_staff_fair_user"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    assigned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    assigned_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    fair: so.Mapped[Fair] = so.relationship()
    user: so.Mapped[User] = so.relationship(foreign_keys=[user_id])
