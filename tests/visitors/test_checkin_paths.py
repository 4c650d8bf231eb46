"""The check-in hot path on both of its connections: its own pooled one, and the session's when the session is
already in a transaction. Replays write nothing, a lost admission race stores the winner's entry, a deleted
fair is a 404, and a locked database or a lost connection is retried."""

import threading
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

import visitors.checkins as checkins
from core.db import utcnow
from core.errors import NotFound
from core.extensions import db
from fairs.models import Fair
from visitors.checkins import NonceReused
from visitors.gate import ATTEMPTS, scan_and_commit
from visitors.models import Admission, Scan

PATHS = pytest.mark.parametrize("joined", [False, True], ids=["own connection", "session's transaction"])


def _nonce() -> str:
    return uuid.uuid4().hex


def _scan(fair_id: int, code: str, *, gate: str = "G", nonce: str | None = None, joined: bool = False) -> dict:
    """One scan in a fresh session; `joined`: the session is already in a transaction, which the scan joins."""
    db.session.remove()
    if joined:
        db.session.execute(sa.text("SELECT 1"))
    try:
        return scan_and_commit(fair_id, code=code, gate=gate, nonce=nonce or _nonce(), scanned_at=None, actor=None)
    finally:
        db.session.remove()


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@PATHS
def test_a_nonce_reused_on_another_badge_is_a_conflict_and_admits_nobody(app_ctx, running_fair, registered, joined):
    """The second badge's admission is written before the scan's nonce collides: it is undone with the scan, and
    the scanner is told the nonce is taken (never the first visitor's answer); the same scan again replays."""
    _first, first_code = registered()
    second, second_code = registered()
    fair_id, second_id, nonce = running_fair.id, second.id, _nonce()
    assert _scan(fair_id, first_code, nonce=nonce)["result"] == "admitted"
    with pytest.raises(NonceReused):
        _scan(fair_id, second_code, nonce=nonce, joined=joined)
    with pytest.raises(NonceReused):
        _scan(fair_id, first_code, gate="another gate", nonce=nonce, joined=joined)
    again = _scan(fair_id, first_code, nonce=nonce, joined=joined)
    assert again["replayed"] is True and again["result"] == "admitted"
    assert _count(Admission, Admission.visitor_id == second_id) == 0
    assert _count(Scan) == 1


@PATHS
def test_a_fair_deleted_under_a_cached_key_is_not_found(app_ctx, running_fair, registered, joined):
    """The key is cached from an earlier scan; the fair's row is gone: 404, not a database error."""
    _visitor, code = registered()
    fair_id = running_fair.id
    assert _scan(fair_id, code)["result"] == "admitted"
    with db.engine.begin() as connection:
        connection.execute(sa.delete(Fair.__table__).where(Fair.__table__.c.id == fair_id))
    assert checkins._PUBLIC_KEYS.get(fair_id) is not None
    with pytest.raises(NotFound):
        _scan(fair_id, code, joined=joined)


@PATHS
def test_a_scan_that_loses_the_admission_race_stores_the_winners_entry(app, app_ctx, running_fair, registered,
                                                                        joined):
    """Another transaction admits the visitor while the scan waits on the unique key: the scan is 'already
    admitted' with the winner's time and gate, in its answer and in its stored row."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite lets one writer in at a time, so a scan cannot wait on another's row")
    visitor, code = registered()
    _other, other_code = registered()
    fair_id, visitor_id = running_fair.id, visitor.id
    _scan(fair_id, other_code)  # the fair's key is now cached: no lookup joins the session
    day = utcnow().astimezone(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    winner_at = utcnow()
    holder = db.engine.connect()
    transaction = holder.begin()
    holder.execute(sa.insert(Admission), {"fair_id": fair_id, "visitor_id": visitor_id, "day": day, "gate": "WIN",
                                          "admitted_at": winner_at})
    answers = {}

    def scan() -> None:
        with app.app_context():
            answers["loser"] = _scan(fair_id, code, gate="LOSE", joined=joined)

    thread = threading.Thread(target=scan)
    thread.start()
    time.sleep(0.5)  # the scan's insert now waits for the uncommitted admission
    transaction.commit()
    holder.close()
    thread.join(timeout=30)
    assert answers["loser"]["result"] == "already_admitted"
    assert (answers["loser"]["first_gate"], answers["loser"]["first_checkin_at"]) == ("WIN", winner_at.isoformat())
    stored = db.session.execute(sa.select(Scan.result, Scan.first_admitted_at, Scan.first_gate)
                                .where(Scan.gate == "LOSE")).one()
    assert tuple(stored) == ("already_admitted", winner_at, "WIN")
    assert _count(Admission, Admission.visitor_id == visitor_id) == 1


@PATHS
def test_a_locked_database_or_lost_connection_error_from_the_driver_is_retried(app_ctx, running_fair, registered,
                                                                               monkeypatch, joined):
    """The driver's own OperationalError (SQLite's "database is locked", a PostgreSQL connection dropped)
    reaches the gate as SQLAlchemy's, which retries: the scan is recorded once."""
    _visitor, code = registered()
    fair_id = running_fair.id
    _scan(fair_id, code)  # cache the key
    dialect = db.engine.dialect
    name = "check_in_postgresql" if dialect.name == "postgresql" else "check_in_sqlite"
    real = getattr(checkins, name)
    failures = []

    def failing_once(connection, *args):
        if not failures:
            failures.append(1)
            raise dialect.loaded_dbapi.OperationalError("database is locked")
        return real(connection, *args)

    monkeypatch.setattr(checkins, name, failing_once)
    assert _scan(fair_id, code, gate="RETRY", joined=joined)["result"] == "already_admitted"
    assert failures == [1]
    assert _count(Scan, Scan.gate == "RETRY") == 1


def test_scans_after_a_server_restart_are_answered(app_ctx, running_fair, registered):
    """Every pooled connection dies (a restart) while in recent use, so none is pinged: the first scan's
    connection fails, the pool is renewed, the gate retries, and every scan is answered."""
    assert db.engine.pool.size() >= ATTEMPTS
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    _visitor, code = registered()
    fair_id = running_fair.id
    _scan(fair_id, code)
    db.engine.dispose()
    # As many dead connections in the pool as the gate makes attempts, all used a moment ago: only renewing
    # the pool at the first lost connection gets the scan through.
    pooled = [db.engine.raw_connection() for _ in range(db.engine.pool.size())]
    for connection in pooled:
        connection.close()
    killer = sa.create_engine(db.engine.url)
    with killer.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()
    time.sleep(0.2)
    results = [_scan(fair_id, code)["result"] for _ in range(6)]
    assert results == ["already_admitted"] * 6
