"""Gate check-in: every scan is stored; the first entry of a day admits, and only once.

Verdicts: `admitted` (first entry of the day), `already_admitted` (with the time and gate of the
first), `revoked`, `wrong_fair` (a genuine badge of another fair), `invalid` (unreadable, forged
or tampered). A scan carries the client's nonce: the same nonce again replays the first answer
and writes nothing. Two scanners admitting one badge at once: the unique (visitor, day) key of
`admission` decides, through a conditional insert, on SQLite and PostgreSQL alike.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from accounts.models import User
from core.db import insert_if_absent
from fairs.models import Fair
from visitors.badge_codes import UnreadableCode, read_code, signature_valid
from visitors.models import Admission, Badge, FairKey, Scan, Visitor


class NonceTaken(Exception):
    """Another request stored a scan with this nonce meanwhile: roll back and replay it."""


def _visitor_facts(visitor: Visitor | None) -> dict | None:
    if visitor is None:
        return None
    return {"id": visitor.id, "full_name": visitor.full_name, "organisation": visitor.organisation,
            "visitor_type": visitor.visitor_type, "country": visitor.country, "province": visitor.province}


def answer_of(session, scan, *, replayed: bool) -> dict:
    """The verdict a scan gave, as the scanner shows it."""
    visitor = session.get(Visitor, scan.visitor_id) if scan.visitor_id and scan.result != "wrong_fair" else None
    return {"result": scan.result, "visitor": _visitor_facts(visitor),
            "first_checkin_at": scan.first_admitted_at.isoformat() if scan.first_admitted_at else None,
            "first_gate": scan.first_gate, "replayed": replayed}


# Built once: a check-in runs these on every scan.
_REPLAY = sa.select(Scan.__table__).where(Scan.fair_id == sa.bindparam("fair"), Scan.nonce == sa.bindparam("nonce"))
_BADGE = (sa.select(Badge.revoked_at, Visitor).join(Visitor, Visitor.id == Badge.visitor_id)
          .where(Badge.fair_id == sa.bindparam("fair"), Badge.serial == sa.bindparam("serial")))
_FIRST_ADMISSION = sa.select(Admission.admitted_at, Admission.gate).where(
    Admission.visitor_id == sa.bindparam("visitor"), Admission.day == sa.bindparam("day"))
_PUBLIC_KEYS: dict[int, bytes] = {}  # fair id -> public key, as last read from the database


def _signed_by_fair(session, badge_code) -> bool:
    """True if the fair named in the code signed it: the cached key first, the stored key if that fails
    (so a key the cache has not seen, or a fair id reused after a deletion, is always read afresh)."""
    cached = _PUBLIC_KEYS.get(badge_code.fair_id)
    if cached is not None and signature_valid(badge_code, cached):
        return True
    stored = session.scalar(sa.select(FairKey.public_key).where(FairKey.fair_id == badge_code.fair_id))
    if stored is None:
        _PUBLIC_KEYS.pop(badge_code.fair_id, None)
        return False
    _PUBLIC_KEYS[badge_code.fair_id] = stored
    return stored != cached and signature_valid(badge_code, stored)


def _verdict(session, fair: Fair, code: str) -> tuple[str, Visitor | None, int | None]:
    try:
        badge_code = read_code(code)
    except UnreadableCode:
        return "invalid", None, None
    if not _signed_by_fair(session, badge_code):
        return "invalid", None, badge_code.serial
    if badge_code.fair_id != fair.id:
        return "wrong_fair", None, badge_code.serial
    found = session.execute(_BADGE, {"fair": fair.id, "serial": badge_code.serial}).first()
    if found is None:  # signed by this fair but never issued: treat as forged
        return "invalid", None, badge_code.serial
    revoked_at, visitor = found
    return ("revoked" if revoked_at is not None else "admitted"), visitor, badge_code.serial


def scan_time(scanned_at: datetime | None, now: datetime) -> datetime:
    """When the scan happened: the scanner's clock for offline scans synced later, if it is plausible."""
    if scanned_at is None or not (now - timedelta(days=7) <= scanned_at <= now + timedelta(minutes=5)):
        return now
    return scanned_at


def record_scan(session, fair: Fair, *, code: str, gate: str, nonce: str, scanned_at: datetime | None,
                actor: User | None, now: datetime, timezone: str) -> dict:
    """Check one scan in and store it; the same nonce again returns the stored answer and writes nothing.

    Raises NonceTaken if a concurrent request stored this nonce first: the caller rolls back and retries.
    """
    previous = session.execute(_REPLAY, {"fair": fair.id, "nonce": nonce}).first()
    if previous is not None:
        return answer_of(session, previous, replayed=True)
    result, visitor, serial = _verdict(session, fair, code)
    when = scan_time(scanned_at, now)
    first_at = first_gate = None
    if result == "admitted":
        day = when.astimezone(ZoneInfo(timezone)).date()
        admitted = insert_if_absent(session, Admission, {"fair_id": fair.id, "visitor_id": visitor.id, "day": day,
                                                         "gate": gate, "admitted_at": when})
        if not admitted:
            result = "already_admitted"
            first_at, first_gate = session.execute(_FIRST_ADMISSION, {"visitor": visitor.id, "day": day}).one()
    stored = insert_if_absent(session, Scan, {
        "fair_id": fair.id, "nonce": nonce, "gate": gate, "code": (code or "")[:200], "result": result,
        "visitor_id": visitor.id if visitor else None, "serial": serial, "first_admitted_at": first_at,
        "first_gate": first_gate, "scanned_at": when, "received_at": now,
        "scanned_by_id": actor.id if actor else None})
    if not stored:
        raise NonceTaken(nonce)
    return {"result": result, "visitor": _visitor_facts(visitor if result != "wrong_fair" else None),
            "first_checkin_at": first_at.isoformat() if first_at else None, "first_gate": first_gate,
            "replayed": False}
