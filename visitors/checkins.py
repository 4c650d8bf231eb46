"""Gate check-in: every scan is stored; the first entry of a day admits, and only once.

Verdicts: `admitted` (first entry of the day), `already_admitted` (with the time and gate of the
first), `revoked`, `wrong_fair` (a genuine badge of another fair), `invalid` (unreadable, forged
or tampered). A scan carries the client's nonce: the same nonce again replays the first answer
and writes nothing. Two scanners admitting one badge at once: the unique (visitor, day) key of
`admission` decides, through a conditional insert, on SQLite and PostgreSQL alike.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from accounts.models import User
from core.auth import ApiCaller
from core.db import insert_if_absent
from fairs.services import visible_fair_id
from visitors.badge_codes import UnreadableCode, read_code, signature_valid
from visitors.models import Admission, Badge, FairKey, Scan, Visitor


class NonceTaken(Exception):
    """A scan with this nonce is already stored (a retried request, or a concurrent one): roll back, replay it."""


_VISITOR_FACTS = ("id", "full_name", "organisation", "visitor_type", "country", "province")


def _visitor_facts(visitor) -> dict | None:
    """What the scanner shows of a visitor (a row with those columns, or None)."""
    if visitor is None:
        return None
    return {name: getattr(visitor, name) for name in _VISITOR_FACTS}


# Built once, and run as Core statements on the session's connection: a check-in runs them on every
# scan, and the ORM's bookkeeping per statement (entities, identity map) was a third of its time.
_SCAN, _BADGE_TABLE, _VISITOR_TABLE, _ADMISSION = (Scan.__table__, Badge.__table__, Visitor.__table__,
                                                   Admission.__table__)
_VISITOR_COLUMNS = [_VISITOR_TABLE.c[name] for name in _VISITOR_FACTS]
_REPLAY = sa.select(_SCAN).where(_SCAN.c.fair_id == sa.bindparam("fair"), _SCAN.c.nonce == sa.bindparam("nonce"))
_VISITOR = sa.select(*_VISITOR_COLUMNS).where(_VISITOR_TABLE.c.id == sa.bindparam("visitor"))
# The badge, its visitor and the visitor's admission on the scan's day if one is already stored: a
# re-entry (most scans at a busy gate) is answered without trying to write an admission.
_BADGE = (sa.select(_BADGE_TABLE.c.revoked_at, *_VISITOR_COLUMNS,
                    _ADMISSION.c.admitted_at.label("first_admitted_at"), _ADMISSION.c.gate.label("first_gate"))
          .join_from(_BADGE_TABLE, _VISITOR_TABLE, _VISITOR_TABLE.c.id == _BADGE_TABLE.c.visitor_id)
          .outerjoin(_ADMISSION, sa.and_(_ADMISSION.c.visitor_id == _BADGE_TABLE.c.visitor_id,
                                         _ADMISSION.c.day == sa.bindparam("day")))
          .where(_BADGE_TABLE.c.fair_id == sa.bindparam("fair"), _BADGE_TABLE.c.serial == sa.bindparam("serial")))
_FIRST_ADMISSION = sa.select(_ADMISSION.c.admitted_at, _ADMISSION.c.gate).where(
    _ADMISSION.c.visitor_id == sa.bindparam("visitor"), _ADMISSION.c.day == sa.bindparam("day"))
_FAIR_KEY = sa.select(FairKey.__table__.c.public_key).where(FairKey.__table__.c.fair_id == sa.bindparam("fair"))
_PUBLIC_KEYS: dict[int, bytes] = {}  # fair id -> public key, as last read from the database


def replayed_answer(session, fair_id: int, nonce: str) -> dict | None:
    """The answer the stored scan with this nonce gave, marked as replayed; None if no scan has it."""
    connection = session.connection()
    scan = connection.execute(_REPLAY, {"fair": fair_id, "nonce": nonce}).first()
    if scan is None:
        return None
    visitor = None
    if scan.visitor_id and scan.result != "wrong_fair":
        visitor = connection.execute(_VISITOR, {"visitor": scan.visitor_id}).first()
    return {"result": scan.result, "visitor": _visitor_facts(visitor),
            "first_checkin_at": scan.first_admitted_at.isoformat() if scan.first_admitted_at else None,
            "first_gate": scan.first_gate, "replayed": True}


def _signed_by_fair(connection, badge_code) -> bool:
    """True if the fair named in the code signed it: the cached key first, the stored key if that fails
    (so a key the cache has not seen, or a fair id reused after a deletion, is always read afresh)."""
    cached = _PUBLIC_KEYS.get(badge_code.fair_id)
    if cached is not None and signature_valid(badge_code, cached):
        return True
    stored = connection.execute(_FAIR_KEY, {"fair": badge_code.fair_id}).scalar()
    if stored is None:
        _PUBLIC_KEYS.pop(badge_code.fair_id, None)
        return False
    _PUBLIC_KEYS[badge_code.fair_id] = stored
    return stored != cached and signature_valid(badge_code, stored)


def _verdict(connection, fair_id: int, code: str, day: date) -> tuple[str, sa.Row | None, int | None]:
    try:
        badge_code = read_code(code)
    except UnreadableCode:
        return "invalid", None, None
    if not _signed_by_fair(connection, badge_code):
        return "invalid", None, badge_code.serial
    if badge_code.fair_id != fair_id:
        return "wrong_fair", None, badge_code.serial
    found = connection.execute(_BADGE, {"fair": fair_id, "serial": badge_code.serial, "day": day}).first()
    if found is None:  # signed by this fair but never issued: treat as forged
        return "invalid", None, badge_code.serial
    return ("revoked" if found.revoked_at is not None else "admitted"), found, badge_code.serial


def scan_time(scanned_at: datetime | None, now: datetime) -> datetime:
    """When the scan happened: the scanner's clock for offline scans synced later, if it is plausible."""
    if scanned_at is None or not (now - timedelta(days=7) <= scanned_at <= now + timedelta(minutes=5)):
        return now
    return scanned_at


def record_scan(session, fair_id: int, *, code: str, gate: str, nonce: str, scanned_at: datetime | None,
                actor: User | ApiCaller | None, now: datetime, timezone: str) -> dict:
    """Check one scan in and store it, with its verdict; NotFound if there is no fair `fair_id`.

    Raises NonceTaken if a scan with this nonce is already stored, by an earlier request (a scanner
    retrying) or a concurrent one: the caller rolls back, which undoes this attempt's writes, and
    answers `replayed_answer`. Optimistic, because replays are rare: a fresh scan pays no lookup.
    """
    connection = session.connection()
    when = scan_time(scanned_at, now)
    day = when.astimezone(ZoneInfo(timezone)).date()
    result, visitor, serial = _verdict(connection, fair_id, code, day)
    if visitor is None:  # a badge of this fair proves the fair exists; without one, ask
        visible_fair_id(session, fair_id, include_unpublished=True)
    first_at = first_gate = None
    if result == "admitted":
        if visitor.first_admitted_at is not None:  # admitted earlier that day: nothing to decide
            result, first_at, first_gate = "already_admitted", visitor.first_admitted_at, visitor.first_gate
        elif not insert_if_absent(session, Admission, {"fair_id": fair_id, "visitor_id": visitor.id, "day": day,
                                                       "gate": gate, "admitted_at": when}):
            # Another scan admitted the visitor since we looked: the unique key decided, read its answer.
            result = "already_admitted"
            first_at, first_gate = connection.execute(_FIRST_ADMISSION, {"visitor": visitor.id, "day": day}).one()
    stored = insert_if_absent(session, Scan, {
        "fair_id": fair_id, "nonce": nonce, "gate": gate, "code": (code or "")[:200], "result": result,
        "visitor_id": visitor.id if visitor else None, "serial": serial, "first_admitted_at": first_at,
        "first_gate": first_gate, "scanned_at": when, "received_at": now,
        "scanned_by_id": actor.id if actor else None})
    if not stored:
        raise NonceTaken(nonce)
    return {"result": result, "visitor": _visitor_facts(visitor if result != "wrong_fair" else None),
            "first_checkin_at": first_at.isoformat() if first_at else None, "first_gate": first_gate,
            "replayed": False}
