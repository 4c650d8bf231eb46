"""Layout models: halls, zones, booths and the booth neighbour graph (sizes in whole centimetres)."""


import sqlalchemy as sa
import sqlalchemy.orm as so

from booths.layout.vocabulary import BOOTH_TYPES, ZONE_KINDS
from core.db import sql_list
from core.extensions import db
from fairs.models import Fair


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
        sa.CheckConstraint(f"kind IN ({sql_list(ZONE_KINDS)})", name="kind_known"),
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
        sa.CheckConstraint(f"booth_type IN ({sql_list(BOOTH_TYPES)})", name="type_known"),
        sa.Index("ix_booth_hall_position", "hall_id", "x_cm", "y_cm"),
        sa.Index("ix_booth_fair_zone", "fair_id", "zone_id"),  # the results' booths by zone kind, from the index
        sa.Index("ix_booth_hall_blocked", "hall_id", "blocked"),  # the layout's counts per hall, from the index
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
