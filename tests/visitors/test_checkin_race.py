"""32 scanners reading one badge at the same moment admit it exactly once: the database decides."""

import contextlib
import threading
import uuid

import pytest
import sqlalchemy as sa

import visitors.checkin_sql as checkin_sql
import visitors.checkins as checkins
from core.extensions import db
from tests.races import ReadThenWait, postgresql_inserts_held
from visitors.gate import scan_and_commit
from visitors.models import Admission, Scan

SCANNERS = 32


@pytest.mark.parametrize("key_cached", [False, True], ids=["key read by each scan", "key cached"])
def test_concurrent_scans_of_one_badge_admit_it_once(app, session, running_fair, registered, key_cached):
    """One 'admitted', 31 'already_admitted', one admission row, 32 scans stored. With the fair's key cached the
    scans take connections of their own; without, each reads the key and joins its session's transaction."""
    visitor, code = registered()
    fair_id, visitor_id = running_fair.id, visitor.id
    checkins._PUBLIC_KEYS.clear()
    if key_cached:
        _other, other_code = registered()
        scan_and_commit(fair_id, code=other_code, gate="G0", nonce=uuid.uuid4().hex, scanned_at=None, actor=None)
        db.session.remove()
    barrier = threading.Barrier(SCANNERS)
    results: list[str] = []
    lock = threading.Lock()

    def scan(number: int) -> None:
        with app.app_context():  # each thread: its own app context, so its own session and connection
            try:
                barrier.wait(timeout=60)
                answer = scan_and_commit(fair_id, code=code, gate=f"G{number % 4}", nonce=uuid.uuid4().hex,
                                         scanned_at=None, actor=None)
                with lock:
                    results.append(answer["result"])
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scan, args=(n,)) for n in range(SCANNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    session.expire_all()
    assert sorted(results) == ["admitted"] + ["already_admitted"] * (SCANNERS - 1)
    assert session.scalar(sa.select(sa.func.count()).select_from(Admission)
                          .where(Admission.visitor_id == visitor_id)) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Scan).where(Scan.visitor_id == visitor_id)) == SCANNERS
    # Every 'already admitted' scan stores the first entry, also when it lost the race to the admission.
    admission = session.scalars(sa.select(Admission).where(Admission.visitor_id == visitor_id)).one()
    later = session.execute(sa.select(Scan.first_admitted_at, Scan.first_gate).where(
        Scan.result == "already_admitted", Scan.visitor_id == visitor_id)).all()
    assert later == [(admission.admitted_at, admission.gate)] * (SCANNERS - 1)


RACERS = 4


def test_scans_that_all_read_before_any_writes_admit_once(app, session, running_fair, registered, monkeypatch):
    """Four scans of one badge, held so that each has looked the visitor's admission up (none yet) before any
    writes: only the unique (visitor, day) key can still admit once. Without it, all four admit, every run.
    SQLite: each scan waits after its read; PostgreSQL (one statement): each waits in its INSERT, after its
    statement's snapshot, until all four do."""
    visitor, code = registered()
    fair_id, visitor_id = running_fair.id, visitor.id
    barrier = threading.Barrier(RACERS)
    postgresql = db.engine.dialect.name == "postgresql"
    if not postgresql:
        original = checkin_sql._check_in_sqlite
        monkeypatch.setattr(checkin_sql, "_check_in_sqlite", lambda connection, values, scan: original(
            ReadThenWait(connection, checkin_sql.SQLITE_FOUND, barrier), values, scan))
    results: list[str] = []
    lock = threading.Lock()

    def scan(number: int) -> None:
        with app.app_context():
            try:
                answer = scan_and_commit(fair_id, code=code, gate=f"G{number}", nonce=uuid.uuid4().hex,
                                         scanned_at=None, actor=None)
                with lock:
                    results.append(answer["result"])
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scan, args=(n,)) for n in range(RACERS)]
    with postgresql_inserts_held(db.engine, "admission", RACERS) if postgresql else contextlib.nullcontext() as go:
        for thread in threads:
            thread.start()
        if go:
            go()
        for thread in threads:
            thread.join(timeout=120)
    session.expire_all()
    assert sorted(results) == ["admitted"] + ["already_admitted"] * (RACERS - 1)
    assert session.scalar(sa.select(sa.func.count()).select_from(Admission)
                          .where(Admission.visitor_id == visitor_id)) == 1
