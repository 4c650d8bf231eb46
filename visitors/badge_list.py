"""The fair's badge list as gate scanners keep it on the phone, whole or as the changes since a cursor.

One compact document: the fair's public key and gate days, then one row a badge
`[serial, name, organisation index, type index, revoked 0/1]`, organisations and types given once each.
A badge's `changed_at` moves when it is issued, revoked, or its visitor's name, organisation or type is
corrected (the ORM's `onupdate`, and `touch_badges_of_changed_visitors` before a flush). A refresh asks
`since=<cursor>`: the cursor is the server's time when the list was read, and the changes are read from a
little before it (`OVERLAP`), so a change committed by a transaction that began before the cursor is still
seen. `total` lets the phone notice anything else it missed (its count differs: it asks for the whole list).
The ETag is the fair's badge and revoked counts, latest change, key and gate days: an unchanged list answers 304
(a revocation committed late, with an older `changed_at`, still moves the revoked count).
"""

import base64
import gc
import hashlib
import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from core.db import utcnow
from core.errors import ValidationFailed
from fairs.gates import gate_days_of
from fairs.models import Fair
from visitors.models import Badge, FairKey, Visitor
from visitors.services import fair_key
from visitors.vocabulary import VISITOR_TYPES

FORMAT = 1
_WHOLE_LISTS_KEPT = 4  # fairs whose whole list this process keeps (about 10 MB each at 200,000 visitors)
_whole_lists: dict[int, tuple[str, bytes]] = {}
OVERLAP = timedelta(minutes=5)
SHOWN_FIELDS = ("full_name", "organisation", "visitor_type")


def badge_list_etag(session, fair: Fair, key: FairKey) -> str:
    """The version of the fair's list: its badge count, revoked count and latest change, key and gate days. The
    same for the whole list and for changes only, so a phone whose copy is current gets 304 either way."""
    count, revoked, latest = session.execute(
        sa.select(sa.func.count(), sa.func.count(Badge.revoked_at), sa.func.max(Badge.changed_at))
        .where(Badge.fair_id == fair.id)).one()
    days = gate_days_of(fair)
    material = "|".join(str(part) for part in (
        FORMAT, fair.id, count, revoked, latest.isoformat() if latest else "",
        base64.b64encode(key.public_key).decode(), days.opens_on, days.starts_on, days.ends_on))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


# The whole list is 200,000 rows at a big fair: read on the driver's connection (SQLAlchemy's rows cost more than
# the query), the revocation as 0/1 so that no timestamp is converted.
_WHOLE_LIST = ("SELECT badge.serial, CASE WHEN badge.revoked_at IS NULL THEN 0 ELSE 1 END, visitor.full_name, "
               "visitor.organisation, visitor.visitor_type FROM badge JOIN visitor ON visitor.id = badge.visitor_id "
               "WHERE badge.fair_id = {}")


def _badge_rows(session, fair_id: int, since: datetime | None):
    if since is not None:
        return session.execute(
            sa.select(Badge.serial, sa.case((Badge.revoked_at.is_(None), 0), else_=1), Visitor.full_name,
                      Visitor.organisation, Visitor.visitor_type)
            .join(Visitor, Visitor.id == Badge.visitor_id)
            .where(Badge.fair_id == fair_id, Badge.changed_at > since - OVERLAP)).all()
    connection = session.connection()
    place = "?" if connection.dialect.name == "sqlite" else "%s"
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(_WHOLE_LIST.format(place), (fair_id,))
        return cursor.fetchall()
    finally:
        cursor.close()


def badge_list(session, fair: Fair, key: FairKey, *, since: datetime | None, now: datetime | None = None) -> dict:
    """The fair's badges for a scanner (all of them, or those changed since `since`), with what judging a scan
    offline needs: the public key and the gate days."""
    now = now or utcnow()
    organisations: dict[str, int] = {}
    types = {name: index for index, name in enumerate(VISITOR_TYPES)}
    rows = []
    for serial, revoked, name, organisation, visitor_type in _badge_rows(session, fair.id, since):
        org = organisations.setdefault(organisation, len(organisations)) if organisation else -1
        rows.append([serial, name, org, types.get(visitor_type, 0), revoked])
    total = session.scalar(sa.select(sa.func.count()).select_from(Badge).where(Badge.fair_id == fair.id))
    days = gate_days_of(fair)
    return {"format": FORMAT, "fair_id": fair.id, "fair_code": fair.code,
            "public_key": base64.b64encode(key.public_key).decode(),
            "gate_days": {"opens_on": days.opens_on.isoformat(), "starts_on": days.starts_on.isoformat(),
                          "ends_on": days.ends_on.isoformat()},
            "cursor": now.isoformat(), "full": since is None, "total": total,
            "types": list(VISITOR_TYPES), "organisations": list(organisations), "badges": rows}


def touch_badges_of_changed_visitors(session, flush_context, instances) -> None:
    """Before a flush: a visitor whose name, organisation or type changed moves its badges' `changed_at`,
    so the scanners' next refresh carries the correction."""
    changed = [visitor.id for visitor in session.dirty if isinstance(visitor, Visitor) and visitor.id is not None
               and any(sa.inspect(visitor).attrs[field].history.has_changes() for field in SHOWN_FIELDS)]
    if changed:
        table = Badge.__table__  # a Core statement: the ORM is mid-flush
        session.connection().execute(table.update().where(table.c.visitor_id.in_(changed))
                                     .values(changed_at=utcnow()))


def read_cursor(text: str | None) -> datetime | None:
    """The `since` cursor of a refresh (the `cursor` of an earlier answer); ValidationFailed if it is not one."""
    if not text:
        return None
    try:
        cursor = datetime.fromisoformat(text)
    except ValueError:
        cursor = None
    if cursor is None or cursor.tzinfo is None or not 2000 <= cursor.year <= 2100:
        raise ValidationFailed([{"field": "since", "message": _("Give the cursor of an earlier badge list.")}])
    return cursor


def forget_badge_lists() -> None:
    """Drop the whole lists this process keeps (benchmarks time a build with it)."""
    _whole_lists.clear()


def conditional_badge_list(session, fair: Fair, *, since: datetime | None, if_none_match,
                           now: datetime) -> tuple[str, bytes | None]:
    """(ETag, the list as compact UTF-8 JSON), or (ETag, None) when `if_none_match` (werkzeug's ETags) already
    holds it: 304. The whole list is kept per fair while its ETag holds: fifty scanners opening at once at a
    fair of 200,000 visitors cost one build."""
    key = fair_key(session, fair, now=now)
    etag = badge_list_etag(session, fair, key)
    if if_none_match is not None and if_none_match.contains(etag):
        return etag, None
    if since is None:
        cached = _whole_lists.get(fair.id)
        if cached is not None and cached[0] == etag:
            return etag, cached[1]
    collecting = gc.isenabled()
    gc.disable()  # 400,000 short-lived tuples and lists would run the collector over and over: a third of a build
    try:
        body = json.dumps(badge_list(session, fair, key, since=since, now=now), ensure_ascii=False,
                          separators=(",", ":")).encode()
    finally:
        if collecting:
            gc.enable()
    if since is None:
        if len(_whole_lists) >= _WHOLE_LISTS_KEPT:
            _whole_lists.clear()
        _whole_lists[fair.id] = (etag, body)
    return etag, body
