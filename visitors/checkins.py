"""Gate check-in: every scan is stored; the first entry of a day admits, and only once.

Verdicts: `admitted` (first entry of the day), `already_admitted` (with the time and gate of the
first), `revoked`, `wrong_fair` (a genuine badge of another fair), `invalid` (unreadable, forged
or tampered), `not_open` (a genuine badge scanned on a day the fair's gates are shut: before its
set-up days or its first day, after its last day, or a set-up day for anyone but exhibitor staff;
the answer's `not_open` says "before" or "after"). A scan carries the client's nonce: the same nonce
again replays the first answer and writes nothing. Two scanners admitting one badge at once: the
unique (visitor, day) key of `admission` decides, through a conditional insert, on SQLite and PostgreSQL alike.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from accounts.models import User
from core.auth import ApiCaller
from core.db import insert_if_absent, own_driver_connection, session_driver_connection
from core.errors import Conflict
from fairs.gates import gate_days
from fairs.services import visible_fair_id
from visitors.badge_codes import UnreadableCode, read_code, signature_valid
from visitors.checkin_sql import (
    VISITOR_FACTS,
    GateScan,
    NonceTaken,
    check_in_postgresql,
    check_in_sqlite,
)
from visitors.models import Badge, FairKey, Scan, Visitor


def _visitor_facts(visitor) -> dict | None:
    """What the scanner shows of a visitor (a row with those columns, or None)."""
    if visitor is None:
        return None
    return {name: getattr(visitor, name) for name in VISITOR_FACTS}


# Built once and run as Core statements on the session's connection (the rare paths of a check-in: a
# replayed nonce, a refused code); a genuine badge goes through `checkin_sql`.
_SCAN, _VISITOR_TABLE = Scan.__table__, Visitor.__table__
_REPLAY = sa.select(_SCAN).where(_SCAN.c.fair_id == sa.bindparam("fair"), _SCAN.c.nonce == sa.bindparam("nonce"))
_VISITOR = sa.select(*[_VISITOR_TABLE.c[name] for name in VISITOR_FACTS]).where(
    _VISITOR_TABLE.c.id == sa.bindparam("visitor"))
# A set-up day admits exhibitor staff only: the badge's visitor is looked up before the check-in (set-up days
# only, so the fair's own days pay nothing for it).
_BADGE_VISITOR = (sa.select(*[_VISITOR_TABLE.c[name] for name in VISITOR_FACTS])
                  .join_from(Badge.__table__, _VISITOR_TABLE, Badge.__table__.c.visitor_id == _VISITOR_TABLE.c.id)
                  .where(Badge.__table__.c.fair_id == sa.bindparam("fair"),
                         Badge.__table__.c.serial == sa.bindparam("serial")))
_NOTE_OFFLINE = (_SCAN.update().where(_SCAN.c.fair_id == sa.bindparam("fair"), _SCAN.c.nonce == sa.bindparam("key"))
                 .values(offline_result=sa.bindparam("offline")))
SETUP_TYPES = ("exhibitor_staff",)
_FAIR_KEY = sa.select(FairKey.__table__.c.public_key).where(FairKey.__table__.c.fair_id == sa.bindparam("fair"))
_PUBLIC_KEYS: dict[int, bytes] = {}  # fair id -> public key, as last read from the database


def _scan_day(when: datetime, timezone: str):
    """The fair's calendar day of a scan (the gate is in the fair's time zone)."""
    return when.astimezone(ZoneInfo(timezone)).date()


class NonceReused(Conflict):
    """A nonce already used by another scan (another code or gate): a scanner bug, never a replay."""

    kind = "nonce-reused"


def replayed_answer(session, fair_id: int, nonce: str, *, timezone: str, now: datetime, code: str | None = None,
                    gate: str | None = None) -> dict | None:
    """The answer the stored scan with this nonce gave, marked as replayed; None if no scan has it. A nonce that
    came with another code or gate is refused (NonceReused): replaying would answer for someone else's badge."""
    connection = session.connection()
    scan = connection.execute(_REPLAY, {"fair": fair_id, "nonce": nonce}).first()
    if scan is None:
        return None
    if (code is not None and scan.code != code[:200]) or (gate is not None and scan.gate != gate):
        raise NonceReused(_("This nonce was already used for another scan. Each scan needs a new nonce."),
                          field="nonce")
    visitor = None
    if scan.visitor_id and scan.result != "wrong_fair":
        visitor = connection.execute(_VISITOR, {"visitor": scan.visitor_id}).first()
    not_open = None
    if scan.result == "not_open":
        position = gate_days(session, fair_id, now=now).position(_scan_day(scan.scanned_at, timezone))
        not_open = "after" if position == "after" else "before"
    return {"result": scan.result, "visitor": _visitor_facts(visitor),
            "first_checkin_at": scan.first_admitted_at.isoformat() if scan.first_admitted_at else None,
            "first_gate": scan.first_gate, "not_open": not_open, "replayed": True}


def note_offline_verdict(session, fair_id: int, nonce: str, offline_result: str) -> None:
    """Keep, beside a scan sent after the network came back, what the scanner said offline (idempotent, so a
    replayed scan writes the same again). Only scans queued offline pay this statement."""
    session.connection().execute(_NOTE_OFFLINE, {"fair": fair_id, "key": nonce, "offline": offline_result})


def _signed_by_fair(session, badge_code) -> bool:
    """True if the fair named in the code signed it: the cached key first, the stored key if that fails
    (so a key the cache has not seen, or a fair id reused after a deletion, is always read afresh)."""
    cached = _PUBLIC_KEYS.get(badge_code.fair_id)
    if cached is not None and signature_valid(badge_code, cached):
        return True
    stored = session.connection().execute(_FAIR_KEY, {"fair": badge_code.fair_id}).scalar()
    if stored is None:
        _PUBLIC_KEYS.pop(badge_code.fair_id, None)
        return False
    _PUBLIC_KEYS[badge_code.fair_id] = stored
    return stored != cached and signature_valid(badge_code, stored)


def scan_time(scanned_at: datetime | None, now: datetime) -> datetime:
    """When the scan happened: the scanner's clock for offline scans synced later, if it is plausible."""
    if scanned_at is None or not (now - timedelta(days=7) <= scanned_at <= now + timedelta(minutes=5)):
        return now
    return scanned_at


def _in_transaction(session) -> bool:
    """True if the session (plain or scoped) has begun a transaction; a scoped one is not made to ask."""
    if isinstance(session, so.scoped_session):
        return session.registry.has() and session().in_transaction()
    return session.in_transaction()


def _check_in(session, engine, scan: GateScan):
    """Record a scan of a genuine badge with the statements written for the database.

    Unless the session is already in a transaction (it looked a key up, or a test holds data in it), the
    scan takes a pooled connection of its own and is its own transaction: one statement on PostgreSQL, one
    round trip where the session would add BEGIN and COMMIT; the session is left untouched, so no scan holds
    two connections. Otherwise the session's transaction is joined and its owner commits.
    """
    record = check_in_postgresql if engine.dialect.name == "postgresql" else check_in_sqlite
    joined = _in_transaction(session)
    with session_driver_connection(session) if joined else own_driver_connection(engine) as connection:
        return record(connection, engine.dialect, scan)


def _store_refused(session, fair_id: int, result: str, serial: int | None, values: dict, *, visitor=None,
                   not_open: str | None = None) -> dict:
    """Store a scan refused before reaching the admissions (unreadable, forged, another fair's, gates shut);
    its answer."""
    visible_fair_id(session, fair_id, include_unpublished=True)
    if not insert_if_absent(session, Scan, {**values, "fair_id": fair_id, "result": result, "serial": serial,
                                            "visitor_id": visitor.id if visitor is not None else None,
                                            "first_admitted_at": None, "first_gate": None}):
        raise NonceTaken(values["nonce"])
    return {"result": result, "visitor": _visitor_facts(visitor), "first_checkin_at": None, "first_gate": None,
            "not_open": not_open, "replayed": False}


def _gates_shut(session, fair_id: int, serial: int, day, now: datetime):
    """Why the fair's gates are shut to this badge on `day`: (None, None) if they are open to it, else
    ("before" or "after", the badge's visitor if looked up). Cached dates; a query on set-up days only."""
    position = gate_days(session, fair_id, now=now).position(day)
    if position == "open":
        return None, None
    if position != "setup":
        return position, None
    visitor = session.connection().execute(_BADGE_VISITOR, {"fair": fair_id, "serial": serial}).first()
    if visitor is None or visitor.visitor_type in SETUP_TYPES:
        return None, None  # exhibitor staff go in; a badge never issued is judged "invalid" by the check-in
    return "before", visitor


def record_scan(session, fair_id: int, *, code: str, gate: str, nonce: str, scanned_at: datetime | None,
                actor: User | ApiCaller | None, now: datetime, timezone: str, engine) -> dict:
    """Check one scan in and store it, with its verdict; NotFound if there is no fair `fair_id`.

    `engine` is the session's database: a genuine badge's scan takes a connection of its own from it.

    Raises NonceTaken if a scan with this nonce is already stored, by an earlier request (a scanner
    retrying) or a concurrent one: the caller rolls back, which undoes this attempt's writes, and
    answers `replayed_answer`. Optimistic, because replays are rare: a fresh scan pays no lookup.
    Raises ReferenceGone if the fair's row vanished under a cached key: the caller rolls back and asks.
    Driver errors come as SQLAlchemy's (a locked SQLite database, a lost connection: the caller retries).
    """
    when = scan_time(scanned_at, now)
    values = {"nonce": nonce, "gate": gate, "code": (code or "")[:200], "scanned_at": when, "received_at": now,
              "scanned_by_id": actor.id if actor else None}
    try:
        badge_code = read_code(code)
    except UnreadableCode:
        return _store_refused(session, fair_id, "invalid", None, values)
    if not _signed_by_fair(session, badge_code):
        return _store_refused(session, fair_id, "invalid", badge_code.serial, values)
    if badge_code.fair_id != fair_id:
        return _store_refused(session, fair_id, "wrong_fair", badge_code.serial, values)
    day = _scan_day(when, timezone)
    shut, visitor = _gates_shut(session, fair_id, badge_code.serial, day, now)
    if shut:
        return _store_refused(session, fair_id, "not_open", badge_code.serial, values, visitor=visitor,
                              not_open=shut)
    outcome = _check_in(session, engine, GateScan(fair_id=fair_id, serial=badge_code.serial, day=day, **values))
    first_at = outcome.first_admitted_at
    return {"result": outcome.result, "visitor": outcome.visitor,
            "first_checkin_at": first_at.isoformat() if first_at else None, "first_gate": outcome.first_gate,
            "not_open": None, "replayed": False}
