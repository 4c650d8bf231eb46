"""Exchange rates of a fair and the trade contracts recorded at it (exact decimals, checked by the database)."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from contracts.vocabulary import CONTRACT_KINDS, CONTRACT_STATUSES
from core.db import UTCDateTime
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


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
        sa.CheckConstraint(f"kind IN ({_in(CONTRACT_KINDS)})", name="kind_known"),
        sa.CheckConstraint(f"status IN ({_in(CONTRACT_STATUSES)})", name="status_known"),
        sa.CheckConstraint("buyer_enterprise_id IS NOT NULL OR buyer_name IS NOT NULL", name="buyer_named"),
        sa.Index("ix_contract_fair_seller", "fair_id", "seller_enterprise_id"),
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
