"""Exchange rates of a fair and the trade contracts recorded at it (exact decimals, checked by the database)."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from contracts.vocabulary import (
    BUYER_HOLDING,
    CONTRACT_KINDS,
    CONTRACT_STATUSES,
    MEETING_OUTCOMES,
    MEETING_PLACES,
    MEETING_STATUSES,
)
from core.db import UTCDateTime, sql_list
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair
from visitors.models import Visitor


class FxRate(db.Model):
    """VND per unit of a currency, from a date on, for one fair."""

    __tablename__ = "fx_rate"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "currency", "valid_on", name="uq_fx_rate_fair_currency_day"),
        sa.CheckConstraint("rate_to_vnd > 0", name="rate_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    currency: so.Mapped[str] = so.mapped_column(sa.String(3))
    rate_to_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(18, 6))
    valid_on: so.Mapped[date] = so.mapped_column(sa.Date)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


class Contract(db.Model):
    """A trade contract, MoU or order signed at a fair; values kept in VND and USD as well."""

    __tablename__ = "contract"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("fx_rate_to_vnd > 0", name="rate_positive"),
        sa.CheckConstraint("value_vnd > 0", name="value_positive"),
        sa.CheckConstraint("value_usd >= 0", name="usd_not_negative"),
        sa.CheckConstraint(f"kind IN ({sql_list(CONTRACT_KINDS)})", name="kind_known"),
        sa.CheckConstraint(f"status IN ({sql_list(CONTRACT_STATUSES)})", name="status_known"),
        sa.CheckConstraint("buyer_enterprise_id IS NOT NULL OR buyer_name IS NOT NULL", name="buyer_named"),
        # An exhibitor's own contracts, in the list's default order.
        sa.Index("ix_contract_fair_seller_signed", "fair_id", "seller_enterprise_id", "signed_on", "id"),
        # The contracts list's default order (newest signed first), a page at a time; by value, by buyer, by type.
        sa.Index("ix_contract_fair_signed", "fair_id", "signed_on", "id"),
        sa.Index("ix_contract_fair_value", "fair_id", "value_vnd", "id"),
        sa.Index("ix_contract_fair_buyer", "fair_id", "buyer_name", "id"),
        sa.Index("ix_contract_fair_kind_signed", "fair_id", "kind", "signed_on", "id"),
        # The buyers' countries (the country filter's choices) and the filter.
        sa.Index("ix_contract_fair_country", "fair_id", "buyer_country"),
        # The results' totals and breakdowns (reports/summary.py), read from the index rather than the rows.
        sa.Index("ix_contract_fair_results", "fair_id", "status", "confidential", "kind", "category", "buyer_country",
                 "seller_enterprise_id", "value_vnd", "value_usd", "verified_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    seller_enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="RESTRICT"))
    buyer_enterprise_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("enterprise.id", ondelete="SET NULL"))
    buyer_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    buyer_country: so.Mapped[str] = so.mapped_column(sa.String(2))
    buyer_province: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    category: so.Mapped[str] = so.mapped_column(sa.String(40))
    description: so.Mapped[str | None] = so.mapped_column(sa.String(1000))
    amount: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(20, 2))
    currency: so.Mapped[str] = so.mapped_column(sa.String(3))
    fx_rate_to_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(18, 6))
    value_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(22, 0))
    value_usd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(20, 2))
    signed_on: so.Mapped[date] = so.mapped_column(sa.Date)
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="signed")
    confidential: so.Mapped[bool] = so.mapped_column(default=False)
    verified_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    verified_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    fair: so.Mapped[Fair] = so.relationship()
    seller: so.Mapped[Enterprise] = so.relationship(foreign_keys=[seller_enterprise_id])
    buyer: so.Mapped[Enterprise | None] = so.relationship(foreign_keys=[buyer_enterprise_id])
    created_by: so.Mapped[User | None] = so.relationship(foreign_keys=[created_by_id])


def _partial(where: str) -> dict:
    """A partial index's condition, written once for both databases."""
    return {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)}


class Meeting(db.Model):
    """A business-matching meeting a trade buyer asked an exhibitor for, in one slot of one fair day.

    Neither side can be in two meetings in one slot: partial unique indexes decide, so two
    acceptances racing for one slot cannot both win.
    """

    __tablename__ = "meeting"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_list(MEETING_STATUSES)})", name="status_known"),
        sa.CheckConstraint(f"place IN ({sql_list(MEETING_PLACES)})", name="place_known"),
        sa.CheckConstraint(f"outcome IS NULL OR outcome IN ({sql_list(MEETING_OUTCOMES)})", name="outcome_known"),
        sa.CheckConstraint("start_minute >= 0 AND start_minute < 1440", name="start_in_day"),
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
        sa.CheckConstraint("place = 'booth' OR table_no IS NOT NULL", name="table_named"),
        sa.Index("uq_meeting_buyer_slot", "buyer_visitor_id", "day", "start_minute", unique=True,
                 **_partial(f"status IN ({sql_list(BUYER_HOLDING)})")),
        sa.Index("uq_meeting_exhibitor_slot", "enterprise_id", "day", "start_minute", unique=True,
                 **_partial("status = 'accepted'")),
        sa.Index("uq_meeting_table_slot", "fair_id", "day", "start_minute", "table_no", unique=True,
                 **_partial("status = 'accepted' AND table_no IS NOT NULL")),
        sa.Index("ix_meeting_fair_status", "fair_id", "status"),
        # A buyer's meetings, in time order (the partial unique index holds only the waiting and accepted ones).
        sa.Index("ix_meeting_buyer_slot", "buyer_visitor_id", "day", "start_minute"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"))
    buyer_visitor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("visitor.id", ondelete="CASCADE"))
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="CASCADE"),
                                                     index=True)
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    start_minute: so.Mapped[int] = so.mapped_column()  # minutes after local midnight
    minutes: so.Mapped[int] = so.mapped_column()
    place: so.Mapped[str] = so.mapped_column(sa.String(10), default="booth")
    table_no: so.Mapped[int | None] = so.mapped_column()
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="requested")
    message: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    outcome: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    outcome_note: so.Mapped[str | None] = so.mapped_column(sa.String(1000))
    contract_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("contract.id", ondelete="SET NULL"))
    requested_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # The exhibitor's user who proposed the meeting; None when the buyer asked for it.
    proposed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    fair: so.Mapped[Fair] = so.relationship()
    buyer: so.Mapped[Visitor] = so.relationship()
    enterprise: so.Mapped[Enterprise] = so.relationship()
    contract: so.Mapped[Contract | None] = so.relationship()


class Lead(db.Model):
    """A visitor an exhibitor's staff scanned at the booth, with a rating and notes; seen by that exhibitor only."""

    __tablename__ = "lead"
    __table_args__ = (
        sa.UniqueConstraint("enterprise_id", "visitor_id", name="uq_lead_enterprise_visitor"),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        sa.CheckConstraint("scans > 0", name="scans_positive"),
        sa.Index("ix_lead_fair_enterprise", "fair_id", "enterprise_id"),
        # An exhibitor's leads list, most recently scanned first, a page at a time.
        sa.Index("ix_lead_fair_enterprise_scanned", "fair_id", "enterprise_id", "last_scanned_at", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"))
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="CASCADE"))
    visitor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("visitor.id", ondelete="CASCADE"))
    rating: so.Mapped[int | None] = so.mapped_column()
    notes: so.Mapped[str | None] = so.mapped_column(sa.String(2000))
    scans: so.Mapped[int] = so.mapped_column(default=1)
    scanned_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    first_scanned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    last_scanned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    visitor: so.Mapped[Visitor] = so.relationship()
