"""Layout models: halls, zones, booths and the booth neighbour graph (sizes in whole centimetres)."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from booths.application_workflow import APPLICATION_STATUSES, PAYMENT_STATUSES
from booths.vocabulary import BOOTH_TYPES, ZONE_KINDS
from core.db import UTCDateTime
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Hall(db.Model):
    """An exhibition hall of a fair, a rectangle of width × depth."""

    __tablename__ = "hall"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "name", name="uq_hall_fair_name"),
        sa.CheckConstraint("width_cm > 0 AND depth_cm > 0", name="size_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    width_cm: so.Mapped[int] = so.mapped_column()
    depth_cm: so.Mapped[int] = so.mapped_column()

    fair: so.Mapped[Fair] = so.relationship()


class Zone(db.Model):
    """A zone of a fair by purpose: international, domestic, technical, or a pavilion."""

    __tablename__ = "zone"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({_in(ZONE_KINDS)})", name="kind_known"),
        sa.CheckConstraint("kind <> 'pavilion' OR province IS NOT NULL OR country IS NOT NULL",
                           name="pavilion_has_origin"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    name_vi: so.Mapped[str] = so.mapped_column(sa.String(120))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(120))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    colour: so.Mapped[str] = so.mapped_column(sa.String(7))
    province: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    country: so.Mapped[str | None] = so.mapped_column(sa.String(2))

    def name(self, language: str) -> str:
        """The zone's name in `language`."""
        return self.name_en if language == "en" and self.name_en else self.name_vi


class Booth(db.Model):
    """A booth: a rectangle in a hall, in a zone, with a type and a price."""

    __tablename__ = "booth"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "code", name="uq_booth_fair_code"),
        sa.CheckConstraint("width_cm > 0 AND depth_cm > 0", name="size_positive"),
        sa.CheckConstraint("x_cm >= 0 AND y_cm >= 0", name="position_in_hall"),
        sa.CheckConstraint("price_vnd >= 0", name="price_not_negative"),
        sa.CheckConstraint(f"booth_type IN ({_in(BOOTH_TYPES)})", name="type_known"),
        sa.Index("ix_booth_hall_position", "hall_id", "x_cm", "y_cm"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    hall_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("hall.id", ondelete="CASCADE"))
    zone_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("zone.id"), index=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(20))
    x_cm: so.Mapped[int] = so.mapped_column()
    y_cm: so.Mapped[int] = so.mapped_column()
    width_cm: so.Mapped[int] = so.mapped_column()
    depth_cm: so.Mapped[int] = so.mapped_column()
    booth_type: so.Mapped[str] = so.mapped_column(sa.String(20), default="standard")
    price_vnd: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    blocked: so.Mapped[bool] = so.mapped_column(default=False)
    blocked_reason: so.Mapped[str | None] = so.mapped_column(sa.String(200))

    hall: so.Mapped[Hall] = so.relationship()
    zone: so.Mapped[Zone] = so.relationship()

    @property
    def area_m2(self) -> float:
        """Floor area in square metres."""
        return self.width_cm * self.depth_cm / 10000


class BoothAdjacency(db.Model):
    """Two booths that share an edge (stored once, lower id first); rebuilt when a hall's layout changes."""

    __tablename__ = "booth_adjacency"
    __table_args__ = (sa.CheckConstraint("booth_id < neighbour_id", name="ordered_pair"),)

    booth_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"), primary_key=True)
    neighbour_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"),
                                                    primary_key=True, index=True)
    hall_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("hall.id", ondelete="CASCADE"), index=True)


class BoothApplication(db.Model):
    """An enterprise's application for booths at a fair (one per enterprise and fair)."""

    __tablename__ = "booth_application"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "enterprise_id", name="uq_booth_application_fair_enterprise"),
        sa.CheckConstraint("booths_requested >= 1", name="booths_positive"),
        sa.CheckConstraint("staff_count >= 0", name="staff_not_negative"),
        sa.CheckConstraint(f"status IN ({_in(APPLICATION_STATUSES)})", name="status_known"),
        sa.CheckConstraint(f"payment_status IN ({_in(PAYMENT_STATUSES)})", name="payment_known"),
        sa.CheckConstraint(f"booth_type IS NULL OR booth_type IN ({_in(BOOTH_TYPES)})", name="type_known"),
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
