"""Enterprises (exhibitors and buyers) and the users who act for them."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from core.db import UTCDateTime, sql_list
from core.extensions import db
from enterprises.vocabulary import ENTERPRISE_KINDS, INVITATION_STATUSES, MEMBER_ROLES


class Enterprise(db.Model):
    """A company, cooperative, household business or rural industrial establishment."""

    __tablename__ = "enterprise"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_list(ENTERPRISE_KINDS)})", name="kind_known"),
        sa.CheckConstraint("country <> 'VN' OR province IS NOT NULL", name="vietnamese_has_province"),
        sa.CheckConstraint("employees IS NULL OR employees >= 0", name="employees_not_negative"),
        # The organizer's list is sorted by name by default: a page of it without sorting the whole table.
        sa.Index("ix_enterprise_legal_name", "legal_name", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    legal_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_en: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))
    tax_code: so.Mapped[str | None] = so.mapped_column(sa.String(14), unique=True)
    foreign_registration: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    country: so.Mapped[str] = so.mapped_column(sa.String(2), index=True)
    province: so.Mapped[str | None] = so.mapped_column(sa.String(60), index=True)
    address: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    sector: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    products: so.Mapped[str | None] = so.mapped_column(sa.Text)
    website: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    contact_person: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    employees: so.Mapped[int | None] = so.mapped_column()
    is_rural_industry: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    members: so.Mapped[list["EnterpriseMember"]] = so.relationship(back_populates="enterprise",
                                                                   cascade="all, delete-orphan")

    def name(self, language: str) -> str:
        """The enterprise's name in `language` (Vietnamese legal name by default)."""
        return self.name_en if language == "en" and self.name_en else self.legal_name


class EnterpriseMember(db.Model):
    """A user acting for an enterprise; a user belongs to at most one enterprise."""

    __tablename__ = "enterprise_member"
    __table_args__ = (sa.CheckConstraint(f"role IN ({sql_list(MEMBER_ROLES)})", name="role_known"),)

    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"),
                                               primary_key=True)
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(10), default="owner")
    joined_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    enterprise: so.Mapped[Enterprise] = so.relationship(back_populates="members")
    user: so.Mapped[User] = so.relationship()


class EnterpriseInvitation(db.Model):
    """An owner's invitation to act for the enterprise: nobody becomes a member until they accept it."""

    __tablename__ = "enterprise_invitation"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_list(INVITATION_STATUSES)})", name="status_known"),
        # One open invitation per enterprise and address: inviting again renews it.
        sa.Index("uq_enterprise_invitation_pending", "enterprise_id", "email", unique=True,
                 sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'")),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="CASCADE"), index=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    invited_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # SHA-256 of the random key in the e-mailed link.
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="pending")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    answered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    enterprise: so.Mapped[Enterprise] = so.relationship()
    invited_by: so.Mapped[User | None] = so.relationship()
