"""The attendance tally: figures from a tally plus the rows after its watermark equal a count of the raw rows
done here in Python, before a fold, after one, after more rows arrived, and in another time zone."""

import random
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from core.db import utcnow
from visitors import attendance_tally
from visitors.attendance import attendance
from visitors.models import Admission, AttendanceTally, Scan, Visitor

ZONE = "Asia/Ho_Chi_Minh"
TYPES = ["trade_buyer", "visitor", "press", "vip"]
PLACES = [("VN", "Hà Nội"), ("VN", "Huế"), ("VN", None), ("KR", None), ("JP", None)]
GATES = ["Cổng A", "Cổng B", "Cổng C"]


def _add(session, fair, rng: random.Random, visitors: int, scans: int) -> None:
    """`visitors` new visitors, then `scans` scans of old and new ones over the fair's days: admitted the first
    time a day, already admitted after (sometimes admitted by a phone offline), refused now and then."""
    now = utcnow()
    for _ in range(visitors):
        country, province = rng.choice(PLACES)
        session.add(Visitor(fair_id=fair.id, full_name="Khách", email=f"{uuid.uuid4().hex}@example.vn",
                            country=country, province=province, visitor_type=rng.choice(TYPES), sectors=[],
                            source="import", created_at=now))
    session.flush()
    ids = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id)))
    admitted = {(v, d) for v, d in session.execute(sa.select(Admission.visitor_id, Admission.day))}
    start = datetime(fair.starts_on.year, fair.starts_on.month, fair.starts_on.day, tzinfo=UTC) - timedelta(hours=7)
    for _ in range(scans):
        at = start + timedelta(minutes=rng.randrange(3 * 24 * 60))
        gate, visitor = rng.choice(GATES), rng.choice(ids)
        day = at.astimezone(ZoneInfo(ZONE)).date()
        if rng.random() < 0.1:
            result, visitor, offline = rng.choice(["invalid", "revoked", "wrong_fair"]), None, None
        elif (visitor, day) in admitted:
            result, offline = "already_admitted", rng.choice([None, None, "admitted"])
        else:
            result, offline = "admitted", None
            admitted.add((visitor, day))
            session.add(Admission(fair_id=fair.id, visitor_id=visitor, day=day, gate=gate, admitted_at=at))
        session.add(Scan(fair_id=fair.id, nonce=uuid.uuid4().hex, gate=gate, code="x", result=result,
                         visitor_id=visitor, scanned_at=at, received_at=now, offline_result=offline))
    session.commit()


def _independent(session, fair, zone: str) -> dict:
    """The figures counted from every raw row, in Python."""
    visitors = {v.id: v for v in session.scalars(sa.select(Visitor).where(Visitor.fair_id == fair.id))}
    admissions = list(session.scalars(sa.select(Admission).where(Admission.fair_id == fair.id)))
    scans = list(session.scalars(sa.select(Scan).where(Scan.fair_id == fair.id)))
    entries = [s for s in scans if s.result in ("admitted", "already_admitted")]
    local = [s.scanned_at.astimezone(ZoneInfo(zone)) for s in entries]
    came = {a.visitor_id for a in admissions}
    by_day_entries = Counter(str(at.date()) for at in local)
    by_day_admitted = Counter(str(a.day) for a in admissions)
    gates, doubles = Counter(s.gate for s in entries), Counter(
        s.gate for s in entries if s.offline_result == "admitted" and s.result == "already_admitted")

    def breakdown(field):
        registered, admitted = defaultdict(int), defaultdict(int)
        for visitor in visitors.values():
            registered[getattr(visitor, field)] += 1
            admitted[getattr(visitor, field)] += visitor.id in came
        return {key: (registered[key], admitted[key]) for key in registered if key}

    return {
        "registered": len(visitors), "unique_visitors": len(came), "entries": len(entries),
        "refused_scans": len(scans) - len(entries), "offline_double_entries": sum(doubles.values()),
        "by_day": {d: (by_day_admitted[d], by_day_entries[d]) for d in by_day_admitted | by_day_entries},
        "by_hour": Counter(at.hour for at in local),
        "by_gate": {gate: (n, doubles[gate]) for gate, n in gates.items()},
        "by_type": breakdown("visitor_type"), "by_country": breakdown("country"),
        "by_province": breakdown("province"),
    }


def _shown(figures: dict) -> dict:
    """The dashboard's figures in the shape of `_independent`."""
    return {
        **{key: figures[key] for key in ("registered", "unique_visitors", "entries", "refused_scans",
                                         "offline_double_entries")},
        "by_day": {row["day"]: (row["admitted"], row["entries"]) for row in figures["by_day"]},
        "by_hour": Counter({row["hour"]: row["entries"] for row in figures["by_hour"] if row["entries"]}),
        "by_gate": {row["gate"]: (row["entries"], row["offline_double_entries"]) for row in figures["by_gate"]},
        **{name: {row["key"]: (row["registered"], row["admitted"]) for row in figures[name]}
           for name in ("by_type", "by_country", "by_province")},
    }


def test_figures_from_the_tally_and_after_it_equal_a_count_of_the_raw_rows(session, running_fair, monkeypatch):
    """No tally, a first fold (in steps of 37 ids), rows after the watermark, a second fold: always the
    independent count."""
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 10_000)
    monkeypatch.setattr(attendance_tally, "FOLD_STEP", 37)
    rng = random.Random(22)
    _add(session, running_fair, rng, visitors=40, scans=150)
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == _independent(session, running_fair, ZONE)
    assert session.get(AttendanceTally, running_fair.id) is None  # below the fold: counted without a tally

    monkeypatch.setattr(attendance_tally, "FOLD_AT", 50)
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == _independent(session, running_fair, ZONE)
    session.expire_all()
    tally = session.get(AttendanceTally, running_fair.id)
    assert tally.scan_id == session.scalar(sa.select(sa.func.max(Scan.id)))
    folded = tally.scan_id

    _add(session, running_fair, rng, visitors=5, scans=30)  # after the watermark, not folded (35 < 50)
    expected = _independent(session, running_fair, ZONE)
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == expected
    session.expire_all()
    assert session.get(AttendanceTally, running_fair.id).scan_id == folded
    assert expected["offline_double_entries"] and expected["refused_scans"]  # the data set has both

    _add(session, running_fair, rng, visitors=20, scans=100)  # enough to fold again
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == _independent(session, running_fair, ZONE)
    session.expire_all()
    assert session.get(AttendanceTally, running_fair.id).scan_id > folded


def test_another_time_zone_counts_afresh(session, running_fair, monkeypatch):
    """A tally kept in one zone's days and hours is not added to another's."""
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 20)
    _add(session, running_fair, random.Random(23), visitors=30, scans=120)
    attendance(session, running_fair, timezone=ZONE)
    shown = _shown(attendance(session, running_fair, timezone="UTC"))
    expected = _independent(session, running_fair, "UTC")
    assert shown["by_hour"] == expected["by_hour"] and shown == expected
    session.expire_all()
    assert session.get(AttendanceTally, running_fair.id).timezone == "UTC"


@pytest.mark.parametrize("fold_at", [0, 10_000])
def test_an_empty_fair_has_zero_figures(session, running_fair, monkeypatch, fold_at):
    """Nothing registered, nothing scanned: zeros and empty tables, with or without a tally."""
    monkeypatch.setattr(attendance_tally, "FOLD_AT", fold_at)
    figures = attendance(session, running_fair, timezone=ZONE)
    assert (figures["registered"], figures["entries"], figures["by_gate"], figures["by_day"]) == (0, 0, [], [])


def test_a_fold_cut_short_keeps_its_steps(session, running_fair, monkeypatch):
    """A request that dies after the fold's first step leaves that step stored; the next one goes on from there."""
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 20)
    monkeypatch.setattr(attendance_tally, "FOLD_STEP", 40)
    _add(session, running_fair, random.Random(24), visitors=30, scans=120)
    stored = attendance_tally._store

    def store_once_then_die(*args):
        stored(*args)
        raise TimeoutError("the worker was killed")

    monkeypatch.setattr(attendance_tally, "_store", store_once_then_die)
    with pytest.raises(TimeoutError):
        attendance(session, running_fair, timezone=ZONE)
    session.rollback()
    assert session.get(AttendanceTally, running_fair.id).scan_id == 40  # the first step: ids 1 to 40
    monkeypatch.setattr(attendance_tally, "_store", stored)
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == _independent(session, running_fair, ZONE)
    session.expire_all()
    assert session.get(AttendanceTally, running_fair.id).scan_id == session.scalar(sa.select(sa.func.max(Scan.id)))


def test_a_tally_that_cannot_be_stored_still_gives_exact_figures(session, running_fair, monkeypatch):
    """The database refuses the fold's write (SQLite busy with another writer): the page shows the same figures,
    and no tally is kept."""
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 20)
    _add(session, running_fair, random.Random(25), visitors=20, scans=60)

    def busy(table):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setitem(attendance_tally._INSERTS, session.get_bind().dialect.name, busy)
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == _independent(session, running_fair, ZONE)
    assert session.get(AttendanceTally, running_fair.id) is None


def test_the_fold_command_folds_what_a_request_would_not(app, session, running_fair, monkeypatch):
    """Below the request's threshold nothing is folded; `flask attendance fold CODE` folds every row (what a
    bulk load or an upgrade leaves for the first dashboard request), and the figures stay exact."""
    _add(session, running_fair, random.Random(25), visitors=30, scans=120)
    expected = _independent(session, running_fair, ZONE)
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == expected
    assert session.get(AttendanceTally, running_fair.id) is None  # 150 rows < FOLD_AT: the request did not fold
    result = app.test_cli_runner().invoke(args=["attendance", "fold", running_fair.code.lower()])
    assert result.exit_code == 0, result.output
    assert running_fair.code in result.output
    session.expire_all()
    tally = session.get(AttendanceTally, running_fair.id)
    assert (tally.visitor_id, tally.scan_id) == (session.scalar(sa.select(sa.func.max(Visitor.id))),
                                                session.scalar(sa.select(sa.func.max(Scan.id))))
    assert _shown(attendance(session, running_fair, timezone=ZONE)) == expected
    result = app.test_cli_runner().invoke(args=["attendance", "fold", "NO-SUCH-FAIR"])
    assert result.exit_code != 0 and "NO-SUCH-FAIR" in result.output
