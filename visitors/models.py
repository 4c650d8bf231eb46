"""Visitors, their badges, each fair's signing key, every scan, and one admission per visitor per day."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from accounts.models import User
from booths.applications.models import BoothApplication
from core.db import UTCDateTime, sql_list, utcnow
from core.extensions import db
from core.text import search_text
from fairs.models import Fair
from visitors.vocabulary import SCAN_RESULTS, VISITOR_SOURCES, VISITOR_TYPES


class FairKey(db.Model):
    """A fair's Ed25519 key pair: the public key verifies badges offline, the seed is stored encrypted."""

    __tablename__ = "fair_key"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), unique=True)
    public_key: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary(32))
    sealed_seed: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary(128))  # SecretBox(seed) under the data key
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


def _search_default(context) -> str:
    """The inserted row's folded name, organisation and e-mail (SQLAlchemy calls it once a row, executemany too)."""
    values = context.get_current_parameters()
    return search_text(values.get("full_name"), values.get("organisation"), values.get("email"))


class Visitor(db.Model):
    """A person registered for a fair: a buyer, a visitor, the press, a VIP, or an exhibitor's staff."""

    __tablename__ = "visitor"
    __table_args__ = (
        # Registering the same e-mail twice for one fair finds the first registration: the database decides.
        sa.UniqueConstraint("fair_id", "email", name="uq_visitor_fair_email"),
        sa.CheckConstraint(f"visitor_type IN ({sql_list(VISITOR_TYPES)})", name="type_known"),
        sa.CheckConstraint(f"source IN ({sql_list(VISITOR_SOURCES)})", name="source_known"),
        # The list's default order, newest first, ties by id: a page, its previous and next read from the index.
        sa.Index("ix_visitor_fair_created", "fair_id", "created_at", "id"),
        sa.Index("ix_visitor_fair_id_id", "fair_id", "id"),  # the attendance tally's watermark
        # The trade buyers an exhibitor may propose a meeting to, by name, and the countries they come from.
        sa.Index("ix_visitor_fair_name", "fair_id", "full_name", "id"),
        sa.Index("ix_visitor_fair_type_country", "fair_id", "visitor_type", "country"),
        # The list's search reads the folded texts from this index, never the rows (200,000 at Canton scale).
        sa.Index("ix_visitor_fair_search", "fair_id", "search_text"),
        # An application's staff. Partial: most visitors are no one's staff, and SQLite's statistics of a full
        # index (one value shared by 200,000 NULLs) made its planner scan the table instead.
        sa.Index("ix_visitor_application_id", "application_id", sqlite_where=sa.text("application_id IS NOT NULL"),
                 postgresql_where=sa.text("application_id IS NOT NULL")),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    organisation: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    job_title: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))  # lower-case; None for some staff and walk-ins
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    country: so.Mapped[str] = so.mapped_column(sa.String(2))
    province: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    visitor_type: so.Mapped[str] = so.mapped_column(sa.String(20))
    sectors: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    source: so.Mapped[str] = so.mapped_column(sa.String(10))
    application_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("booth_application.id", ondelete="CASCADE"))  # exhibitor staff (indexed above)
    consent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    address_hash: so.Mapped[str | None] = so.mapped_column(sa.String(32), index=True)  # keyed hash, for throttling
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Name, organisation and e-mail folded (core.text.search_text), one a line: what the list's search matches in
    # SQL. Filled on every insert, bulk ones included (the default reads the row's own values), and on update.
    search_text: so.Mapped[str | None] = so.mapped_column(sa.String(600), default=_search_default)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    fair: so.Mapped[Fair] = so.relationship()
    application: so.Mapped[BoothApplication | None] = so.relationship()
    created_by: so.Mapped[User | None] = so.relationship()


@sa.event.listens_for(Visitor, "before_update")
def _search_text_in_step(_mapper, _connection, visitor: Visitor) -> None:
    """A corrected name, organisation or e-mail is found by the new one."""
    visitor.search_text = search_text(visitor.full_name, visitor.organisation, visitor.email)


class Badge(db.Model):
    """A badge of a visitor: its serial is in the signed QR code. A reissue revokes the old serial."""

    __tablename__ = "badge"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "serial", name="uq_badge_fair_serial"),
        sa.CheckConstraint("serial > 0", name="serial_positive"),
        # The scanners' badge list asks for the badges changed since its last refresh.
        sa.Index("ix_badge_fair_changed", "fair_id", "changed_at"),
        # The scanner page's revoked serials: a handful among a fair's 200,000 badges.
        sa.Index("ix_badge_fair_revoked", "fair_id", sqlite_where=sa.text("revoked_at IS NOT NULL"),
                 postgresql_where=sa.text("revoked_at IS NOT NULL")),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"))
    visitor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("visitor.id", ondelete="CASCADE"), index=True)
    serial: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Issued, revoked, or its visitor's name, organisation or type corrected (visitors/badge_list.py).
    changed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    visitor: so.Mapped[Visitor] = so.relationship()


class Admission(db.Model):
    """The first entry of a visitor on a day; the unique key admits a badge exactly once per day."""

    __tablename__ = "admission"
    __table_args__ = (
        sa.UniqueConstraint("visitor_id", "day", name="uq_admission_visitor_day"),
        # The attendance tally reads a fair's admissions after its watermark (visitors/attendance_tally.py).
        sa.Index("ix_admission_fair_id_id", "fair_id", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    visitor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("visitor.id", ondelete="CASCADE"))
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    gate: so.Mapped[str] = so.mapped_column(sa.String(40))
    admitted_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())


class Scan(db.Model):
    """Every scan at a gate, failed ones too; the client's nonce makes a retried scan a replay, not a new one."""

    __tablename__ = "scan"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "nonce", name="uq_scan_fair_nonce"),
        sa.CheckConstraint(f"result IN ({sql_list(SCAN_RESULTS)})", name="result_known"),
        sa.Index("ix_scan_fair_scanned", "fair_id", "scanned_at"),
        sa.Index("ix_scan_fair_id_id", "fair_id", "id"),  # the attendance tally's watermark
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"))
    nonce: so.Mapped[str] = so.mapped_column(sa.String(64))
    gate: so.Mapped[str] = so.mapped_column(sa.String(40))
    code: so.Mapped[str] = so.mapped_column(sa.String(200))  # what was read, cut short
    result: so.Mapped[str] = so.mapped_column(sa.String(20))
    visitor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("visitor.id", ondelete="SET NULL"),
                                                         index=True)
    serial: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    first_admitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    first_gate: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    scanned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())   # on the scanner (offline scans sync later)
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    scanned_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # What the scanner said offline, for a scan queued and sent later; differs from `result` when the phone
    # could not know (another gate admitted the badge first, a revocation it had not heard of).
    offline_result: so.Mapped[str | None] = so.mapped_column(sa.String(20))


class AttendanceTally(db.Model):
    """A fair's attendance counted up to a watermark of visitor, admission and scan ids; the dashboard adds
    what came after (visitors/attendance_tally.py). Those three tables only grow, so the sum is exact."""

    __tablename__ = "attendance_tally"

    fair_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("fair.id", ondelete="CASCADE"), primary_key=True)
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64))  # the local days and hours are this zone's
    visitor_id: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    admission_id: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    scan_id: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    counts: so.Mapped[dict] = so.mapped_column(sa.JSON)
    built_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
