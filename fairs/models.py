"""The Fair model."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from core.db import UTCDateTime
from core.extensions import db
from fairs.lifecycle import STATUSES

_STATUS_LIST = ", ".join(f"'{status}'" for status in STATUSES)


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
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    def name(self, language: str) -> str:
        """The fair's name in `language`, falling back to Vietnamese."""
        return self.name_en if language == "en" and self.name_en else self.name_vi

    def __repr__(self) -> str:
        return f"<Fair {self.code} {self.status}>"
