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
from support.vocabulary import GRANT_CONTENTS, GRANT_SOURCES, GRANT_STATUSES, PROGRAMME_LEVELS, PROJECT_STATUSES


class Agency(db.Model):
    """An issuing agency: the heading, document-number abbreviation, seat and signer of the reports it sends."""

    __tablename__ = "agency"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    governing_body: so.Mapped[str] = so.mapped_column(sa.String(200))  # "SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI"
    name: so.Mapped[str] = so.mapped_column(sa.String(200))  # "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN …"
    abbreviation: so.Mapped[str] = so.mapped_column(sa.String(30))  # the tail of "Số: …/BC-TTKC"
    seat: so.Mapped[str] = so.mapped_column(sa.String(100))  # the place written before the date
    signer_authority: so.Mapped[str | None] = so.mapped_column(sa.String(100))  # "KT. GIÁM ĐỐC"
    signer_title: so.Mapped[str] = so.mapped_column(sa.String(100))  # "PHÓ GIÁM ĐỐC"
    signer_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    recipients: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


class AgencyMember(db.Model):
    """The agency an organizer, officer or admin works for (one each; the default of their reports)."""

    __tablename__ = "agency_member"

    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"),
                                               primary_key=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agency.id", ondelete="CASCADE"), index=True)

    agency: so.Mapped[Agency] = so.relationship()


programme_agency = sa.Table(
    "programme_agency", db.metadata,
    sa.Column("programme_id", sa.ForeignKey("support_programme.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agency_id", sa.ForeignKey("agency.id", ondelete="CASCADE"), nullable=False, index=True),
)


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

    # Through its own table, so adding the link needed no copy of support_programme (which grants reference) on SQLite.
    managing_agency: so.Mapped[Agency | None] = so.relationship(secondary="programme_agency", uselist=False)

    def title(self) -> str:
        """The name with its year, as lists show it."""
        return f"{self.name} ({self.year})"


class SupportProject(db.Model):
    """A project (đề án) of a programme: approved by a decision, carried out by a unit, funded by the state budget
    and the beneficiaries' counterpart funds; grants to enterprises belong to one."""

    __tablename__ = "support_project"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "code", name="uq_support_project_code"),
        sa.CheckConstraint(f"content IN ({sql_list(GRANT_CONTENTS)})", name="content_known"),
        sa.CheckConstraint(f"status IN ({sql_list(PROJECT_STATUSES)})", name="status_known"),
        sa.CheckConstraint("state_budget_vnd >= 0 AND counterpart_vnd >= 0", name="funds_not_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("support_programme.id", ondelete="RESTRICT"),
                                                    index=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(40))
    name: so.Mapped[str] = so.mapped_column(sa.String(300))
    content: so.Mapped[str] = so.mapped_column(sa.String(20))
    decision_ref: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    decision_date: so.Mapped[date | None] = so.mapped_column(sa.Date)
    implementing_unit: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    state_budget_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(18, 0), default=0)
    counterpart_vnd: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(18, 0), default=0)
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="approved")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    programme: so.Mapped[SupportProgramme] = so.relationship()


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
        # A page of a programme's grants, newest first or by amount, and of the API's list, read from an index.
        sa.Index("ix_support_grant_programme_created", "programme_id", "created_at", "id"),
        sa.Index("ix_support_grant_programme_amount", "programme_id", "amount_vnd", "id"),
        sa.Index("ix_support_grant_created", "created_at", "id"),
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
    project_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("support_project.id", ondelete="RESTRICT"),
                                                         index=True)
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


class SupportOutcome(db.Model):
    """What a project achieved for one beneficiary, as the decree's indicators count it, recorded on a day."""

    __tablename__ = "support_outcome"
    __table_args__ = (
        sa.CheckConstraint("trainees >= 0 AND employed_after >= 0 AND jobs_created >= 0 AND new_designs >= 0 "
                           "AND typical_products >= 0 AND machines >= 0", name="counts_not_negative"),
        sa.CheckConstraint("employed_after <= trainees", name="employed_within_trainees"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("support_project.id", ondelete="CASCADE"),
                                                  index=True)
    enterprise_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True)
    recorded_on: so.Mapped[date] = so.mapped_column(sa.Date)
    trainees: so.Mapped[int] = so.mapped_column(default=0)
    employed_after: so.Mapped[int] = so.mapped_column(default=0)
    jobs_created: so.Mapped[int] = so.mapped_column(default=0)
    new_designs: so.Mapped[int] = so.mapped_column(default=0)
    typical_products: so.Mapped[int] = so.mapped_column(default=0)
    typical_product_level: so.Mapped[str | None] = so.mapped_column(sa.String(20))  # district, province, region…
    machines: so.Mapped[int] = so.mapped_column(default=0)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    project: so.Mapped[SupportProject] = so.relationship()
    enterprise: so.Mapped[Enterprise] = so.relationship()


class ReportText(db.Model):
    """What an officer writes into an agency's report of a period: its number and the assessment (section III)."""

    __tablename__ = "support_report_text"
    __table_args__ = (sa.UniqueConstraint("agency_id", "period", name="uq_support_report_text_period"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agency.id", ondelete="CASCADE"))
    period: so.Mapped[str] = so.mapped_column(sa.String(40))  # "2027", "fair:12" or "all"
    number: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    assessment: so.Mapped[str | None] = so.mapped_column(sa.Text)
    updated_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


class OfficerScope(db.Model):
    """The one province an officer's reports are limited to; an officer without a row sees every province."""

    __tablename__ = "officer_scope"

    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"),
                                               primary_key=True)
    province: so.Mapped[str] = so.mapped_column(sa.String(60))

    user: so.Mapped[User] = so.relationship()
