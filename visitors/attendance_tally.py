"""A fair's attendance counts, kept as a tally up to a watermark of ids plus what came after it.

Visitors, admissions and scans are only ever added (a visitor's type, country and province are fixed at
registration; rows go only with their fair), so the counts of the rows up to a watermark never change: the
tally (`AttendanceTally`) keeps them, and a dashboard adds the counts of the rows after the watermark, which
the (fair, id) indexes find without reading the rest. When more than `FOLD_AT` rows have come after it, the
request folds them into the tally and moves the watermark.

The counts (`Counts`) are small whatever the fair's size:
  scans:    (gate, local day, local hour) → [entries, refused scans, offline double entries]
  days:     admission day → admissions
  groups:   (visitor type, country, province) → [registered, admitted at least once]
"""

import logging
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.db import utcnow
from visitors.models import Admission, AttendanceTally, Scan, Visitor

log = logging.getLogger(__name__)

ENTRY_RESULTS = ("admitted", "already_admitted")
FOLD_AT = 5000  # rows after the watermark past which a request moves it
FOLD_STEP = 200_000  # ids of each table a fold reads before it stores the tally
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class Counts:
    """The three tallies, added up key by key."""

    def __init__(self):
        self.scans: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.days: dict[str, int] = defaultdict(int)
        self.groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, other: "Counts") -> "Counts":
        """Add `other`'s counts to these; returns self."""
        for mine, theirs in ((self.scans, other.scans), (self.groups, other.groups)):
            for key, values in theirs.items():
                mine[key] = [a + b for a, b in zip(mine[key], values, strict=True)]
        for key, value in other.days.items():
            self.days[key] += value
        return self

    def to_json(self) -> dict:
        """The counts as JSON (lists of rows)."""
        return {"scans": [[*key, *values] for key, values in self.scans.items()],
                "days": [[key, value] for key, value in self.days.items()],
                "groups": [[*key, *values] for key, values in self.groups.items()]}

    @classmethod
    def from_json(cls, data: dict) -> "Counts":
        """Counts read back from `to_json`."""
        counts = cls()
        for gate, day, hour, *values in data["scans"]:
            counts.scans[(gate, day, hour)] = values
        for day, value in data["days"]:
            counts.days[day] = value
        for kind, country, province, *values in data["groups"]:
            counts.groups[(kind, country, province)] = values
        return counts


def _local(session, column, timezone: str, part: str):
    """The local day (part="day") or hour (part="hour") of a UTC timestamp column, in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        local = sa.func.timezone(timezone, column)
        return sa.cast(local, sa.Date) if part == "day" else sa.cast(sa.extract("hour", local), sa.Integer)
    offset = datetime.now(ZoneInfo(timezone)).utcoffset()
    modifier = f"{int(offset.total_seconds() // 60):+d} minutes"
    if part == "day":
        return sa.func.date(column, modifier)
    return sa.cast(sa.func.strftime("%H", column, modifier), sa.Integer)


def _after(column, low: int, high: int | None):
    return sa.and_(column > low, column <= high) if high is not None else column > low


def counts_between(session, fair_id: int, timezone: str, low: tuple, high: tuple | None) -> Counts:
    """The counts of the fair's rows with ids after `low` and up to `high` (visitor, admission, scan ids);
    `high` None: up to the newest."""
    counts, count = Counts(), sa.func.count()
    (visitor_low, admission_low, scan_low), (visitor_high, admission_high, scan_high) = low, high or (None,) * 3
    day, hour = _local(session, Scan.scanned_at, timezone, "day"), _local(session, Scan.scanned_at, timezone, "hour")
    entry = sa.case((Scan.result.in_(ENTRY_RESULTS), 1), else_=0)
    # A badge the phone admitted offline while another gate (or this one) had admitted it first: both let
    # the visitor in, and only the sync told (the scan keeps what the phone said, `offline_result`).
    double = sa.case((sa.and_(Scan.offline_result == "admitted", Scan.result == "already_admitted"), 1), else_=0)
    for gate, scan_day, scan_hour, entries, doubles, total in session.execute(
            sa.select(Scan.gate, day, hour, sa.func.sum(entry), sa.func.sum(double), count)
            .where(Scan.fair_id == fair_id, _after(Scan.id, scan_low, scan_high)).group_by(Scan.gate, day, hour)):
        counts.scans[(gate, str(scan_day), int(scan_hour))] = [int(entries), int(total - entries), int(doubles)]
    for admission_day, n in session.execute(
            sa.select(Admission.day, count).where(
                Admission.fair_id == fair_id, _after(Admission.id, admission_low, admission_high))
            .group_by(Admission.day)):
        counts.days[str(admission_day)] = n
    group = (Visitor.visitor_type, Visitor.country, Visitor.province)
    for kind, country, province, n in session.execute(
            sa.select(*group, count).where(Visitor.fair_id == fair_id, _after(Visitor.id, visitor_low, visitor_high))
            .group_by(*group)):
        counts.groups[(kind, country, province)][0] = n
    # Admitted for the first time: an admission after the watermark whose visitor had none up to it. Driven by the
    # admissions' id range (a DISTINCT subquery let SQLite walk the whole unique index to dedupe).
    earlier = sa.orm.aliased(Admission)
    for kind, country, province, n in session.execute(
            sa.select(*group, sa.func.count(sa.distinct(Admission.visitor_id)))
            .select_from(Admission).join(Visitor, Visitor.id == Admission.visitor_id)
            .where(Admission.fair_id == fair_id, _after(Admission.id, admission_low, admission_high),
                   ~sa.exists().where(earlier.visitor_id == Admission.visitor_id, earlier.id <= admission_low))
            .group_by(*group)):
        counts.groups[(kind, country, province)][1] = n
    return counts


def _newest(model, fair_id: int) -> sa.Select:
    """The fair's newest id of `model`: the last entry of its (fair, id) index."""
    return sa.select(model.id).where(model.fair_id == fair_id).order_by(model.id.desc()).limit(1)


def _newest_ids(session, fair_id: int) -> tuple[int, int, int]:
    return tuple(session.scalar(_newest(model, fair_id)) or 0 for model in (Visitor, Admission, Scan))


def _settled_ids(session, fair_id: int) -> tuple[int, int, int]:
    """The newest ids below which every row is committed: the watermark a fold may move to.

    SQLite has one writer, which commits in id order. PostgreSQL hands out ids before commit, so a row with a
    lower id may still be in flight: a SHARE lock, for a moment in a transaction of its own, waits for every
    transaction writing to the three tables to end (in the order check-ins and the desk take them: visitor,
    admission, scan), then reads the newest ids; a row written later gets a higher id.
    """
    if session.get_bind().dialect.name != "postgresql":
        return _newest_ids(session, fair_id)
    with session.get_bind().connect() as connection:
        connection.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        connection.execute(sa.text("LOCK TABLE visitor, admission, scan IN SHARE MODE"))
        newest = tuple(connection.scalar(_newest(model, fair_id)) or 0 for model in (Visitor, Admission, Scan))
        connection.commit()
    return newest


def fair_counts(session, fair_id: int, *, timezone: str, fold_at: int | None = None) -> Counts:
    """All of the fair's attendance counts: its tally and what came after it (folded in when more than
    `fold_at` rows, by default `FOLD_AT`).

    A fold walks at most `FOLD_STEP` ids of each table at a time and stores the tally after each step, so the
    first fold of a large fair (every row: seconds at Canton scale) is never lost to a request cut short: the
    next request goes on from where it stopped.
    """
    tally = session.get(AttendanceTally, fair_id)
    stored = (tally.timezone, (tally.visitor_id, tally.admission_id, tally.scan_id)) if tally else None
    current = tally is not None and tally.timezone == timezone  # else the days and hours were another zone's
    base = Counts.from_json(tally.counts) if current else Counts()
    watermark = stored[1] if current else (0, 0, 0)
    newest = _newest_ids(session, fair_id)
    if sum(new - old for new, old in zip(newest, watermark, strict=True)) > (FOLD_AT if fold_at is None else fold_at):
        try:
            settled = _settled_ids(session, fair_id)
        except sa.exc.OperationalError:  # the lock was not granted in time: count without folding
            settled = watermark
        while watermark != settled:
            step = tuple(min(end, mark + FOLD_STEP) for end, mark in zip(settled, watermark, strict=True))
            base.add(counts_between(session, fair_id, timezone, watermark, step))
            _store(session, fair_id, stored, (timezone, step), base)
            stored, watermark = (timezone, step), step
    return base.add(counts_between(session, fair_id, timezone, watermark, None))


def fold_tally(session, fair_id: int, *, timezone: str) -> Counts:
    """Fold every committed row of the fair into its tally now: after a bulk load, an import or an upgrade of a
    large fair, so that no dashboard request pays the first fold (1.6 s for 1,000,000 scans)."""
    return fair_counts(session, fair_id, timezone=timezone, fold_at=0)


def _store(session, fair_id: int, old: tuple | None, new: tuple, counts: Counts) -> None:
    """Write the folded tally (`new`: zone and watermark) in a transaction of its own: a page is a read, and
    SQLite could not upgrade its snapshot to a write once a scan has been committed. The update applies only to
    the tally this request read (`old`), so of two concurrent folds the first wins; both counted the same."""
    table = AttendanceTally.__table__
    values = {"timezone": new[0], "visitor_id": new[1][0], "admission_id": new[1][1], "scan_id": new[1][2],
              "counts": counts.to_json(), "built_at": utcnow()}
    try:
        with session.get_bind().begin() as connection:
            if old is None:
                insert = _INSERTS[connection.dialect.name](table).values(fair_id=fair_id, **values)
                connection.execute(insert.on_conflict_do_nothing())
                return
            connection.execute(table.update().where(
                table.c.fair_id == fair_id, table.c.timezone == old[0], table.c.visitor_id == old[1][0],
                table.c.admission_id == old[1][1], table.c.scan_id == old[1][2]).values(**values))
    except sa.exc.OperationalError:  # the database was busy (SQLite's one writer): a later request folds
        log.warning("attendance tally of fair %s not stored: the database was busy", fair_id)


def registered_count(counts: Counts, *, visitor_type: str | None = None, country: str | None = None,
                     admitted: bool | None = None) -> int:
    """How many of the fair's visitors are registered, of a type and a country if given, admitted at least once
    (True) or never (False) if asked: from the fair's `counts` (`fair_counts`: exact, the rows after the tally's
    watermark included), so a list of 200,000 visitors needs no COUNT for its total."""
    total = 0
    for (kind, where, _province), (registered, entered) in counts.groups.items():
        if (visitor_type and kind != visitor_type) or (country and where != country):
            continue
        total += registered if admitted is None else entered if admitted else registered - entered
    return total
