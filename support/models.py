"""Support programmes, the grants they pay, and the province an officer's reports are limited to."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from core.db import UTCDateTime, sql_list
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair
from support.vocabulary import GRANT_CONTENTS, GRANT_SOURCES, GRANT_STATUSES, PROGRAMME_LEVELS


class SupportProgramme(db.Model):
    """A khuyến công programme of one year: its legal decision, budget and what it may pay for."""

    __tablename__ = "support_programme"
    __table_args__ = (
        sa.CheckConstraint(f"level IN ({sql_list(PROGRAMME_LEVELS)})", name="level_known"),
        sa.CheckConstraint("budget_vnd > 0", name="budget_positive"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
        sa.CheckConstraint("booth_fee_percent IS NULL OR (booth_fee_percent > 0 AND booth_fee_percent <= 100)",
                           name="booth_fee_percent_range"),
        sa.CheckConstraint("booth_fee_max_booths IS NULL OR booth_fee_max_booths >= 1",
                           name="booth_fee_max_booths_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(300))
    level: so.Mapped[str] = so.mapped_column(sa.String(12))
    agency: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    province: so.Mapped[str | None] = so.mapped_column(sa.String(60), index=True)  # a provincial fund's unit
    year: so.Mapped[int] = so.mapped_column(index=True)
    decision_ref: so.Mapped[str] = so.mapped_column(sa.String(200))
    decision_date: so.Mapped[date] = so.mapped_column(sa.Date)
    budget_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(18, 0))
    allowed_contents: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    # The booth-fee rule applied when an organizer approves an application that asked for support.
    booth_fee_percent: so.Mapped[int | None] = so.mapped_column()
    booth_fee_max_booths: so.Mapped[int | None] = so.mapped_column()
    booth_fee_rural_only: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    def title(self) -> str:
        """The name with its year, as lists show it."""
        return f"{self.name} ({self.year})"


_APPLICATION_FEE_IN_FORCE = "content = 'booth_fee' AND source = 'application' AND status <> 'cancelled'"


class SupportGrant(db.Model):
    """Money a programme gives one enterprise for one content, optionally for one fair."""

    __tablename__ = "support_grant"
    __table_args__ = (
        sa.CheckConstraint(f"content IN ({sql_list(GRANT_CONTENTS)})", name="content_known"),
        sa.CheckConstraint(f"status IN ({sql_list(GRANT_STATUSES)})", name="status_known"),
        sa.CheckConstraint(f"source IN ({sql_list(GRANT_SOURCES)})", name="source_known"),
        sa.CheckConstraint("amount_vnd > 0", name="amount_positive"),
        sa.CheckConstraint("booths IS NULL OR booths >= 1", name="booths_positive"),
        sa.Index("ix_support_grant_fair_enterprise", "fair_id", "enterprise_id"),
        # One booth-fee grant in force from an application per enterprise and fair, however many approvals race
        # (a cancelled one is history: a new approval may make another).
        sa.Index("uq_support_grant_application_fee", "enterprise_id", "fair_id", unique=True,
                 sqlite_where=sa.text(_APPLICATION_FEE_IN_FORCE), postgresql_where=sa.text(_APPLICATION_FEE_IN_FORCE)),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("support_programme.id", ondelete="RESTRICT"),
                                                    index=True)
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True)
    fair_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="RESTRICT"))
    content: so.Mapped[str] = so.mapped_column(sa.String(20))
    amount_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(18, 0))
    status: so.Mapped[str] = so.mapped_column(sa.String(10))
    booths: so.Mapped[int | None] = so.mapped_column()  # booths a booth-fee grant pays for
    source: so.Mapped[str] = so.mapped_column(sa.String(12), default="manual")
    over_budget: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    programme: so.Mapped[SupportProgramme] = so.relationship()
    enterprise: so.Mapped[Enterprise] = so.relationship()
    fair: so.Mapped[Fair | None] = so.relationship()


class OfficerScope(db.Model):
    """The one province an officer's reports are limited to; an officer without a row sees every province."""

    __tablename__ = "officer_scope"

    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"),
                                               primary_key=True)
    province: so.Mapped[str] = so.mapped_column(sa.String(60))

    user: so.Mapped[User] = so.relationship()
