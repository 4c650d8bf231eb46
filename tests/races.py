"""Deterministic interleavings for the race tests: every racer has read before the first one writes.

A race test that just starts threads at once catches a missing protection only when the scheduler happens to
interleave the reads and writes badly. These hooks hold each racer between its read and its write, from the
test (SQLAlchemy events, a wrapped driver connection, a PostgreSQL trigger), so the product code has no
test-only branch and the dangerous interleaving happens every run (docs/TESTING.md).
"""

import contextlib
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import force_locale

from core.errors import Conflict
from core.extensions import db

WAIT_S = 60  # only reached if a racer never arrives: the test then fails on a broken barrier


@contextlib.contextmanager
def all_read_before_any_writes(engine, is_read, parties: int):
    """Each racer, once it has run the statement `is_read(statement)` picks, waits until all `parties` have.

    For protections that do not block readers (a unique key: the racers' INSERTs then meet in the index)."""
    barrier = threading.Barrier(parties)

    def held(_connection, _cursor, statement, _parameters, _context, _many):
        if is_read(statement):
            barrier.wait(timeout=WAIT_S)

    sa.event.listen(engine, "after_cursor_execute", held)
    try:
        yield barrier
    finally:
        sa.event.remove(engine, "after_cursor_execute", held)


@contextlib.contextmanager
def first_reader_held(engine, is_read, is_lock):
    """Two racers: the first to run its read waits, before writing, until the other has run its read too, or is
    about to run the statement `is_lock` picks (a lock taken before the read: with the lock the other waits for
    the first to commit; without it, both read the same state and both write)."""
    arrived: set[int] = set()  # racers that ran their lock statement or their read
    first: list[int] = []
    other_arrived = threading.Event()
    guard = threading.Lock()

    def _arrive(is_read_done: bool) -> bool:
        """Note this racer's arrival; True if it is the first to have read."""
        me = threading.get_ident()
        with guard:
            arrived.add(me)
            is_first = is_read_done and not first
            if is_first:
                first.append(me)
            if first and arrived - {first[0]}:
                other_arrived.set()
        return is_first

    def before(_connection, _cursor, statement, _parameters, _context, _many):
        if is_lock(statement):
            _arrive(False)

    def after(_connection, _cursor, statement, _parameters, _context, _many):
        if is_read(statement) and _arrive(True):
            assert other_arrived.wait(timeout=WAIT_S), "the other racer never reached its read or its lock"

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


class ReadThenWait:
    """A sqlite3 connection whose `statement` reads are fetched in full, then wait at `barrier` (no snapshot is held
    while waiting, as none is after the product's own fetchone)."""

    def __init__(self, connection, statement: str, barrier: threading.Barrier):
        self._connection, self._statement, self._barrier = connection, statement, barrier

    def execute(self, statement, parameters=()):
        """Run `statement`; after the watched read, wait for the other racers' reads."""
        cursor = self._connection.execute(statement, parameters)
        if statement != self._statement:
            return cursor
        rows = cursor.fetchall()
        cursor.close()
        self._barrier.wait(timeout=WAIT_S)
        return _Rows(rows)

    def __getattr__(self, name):
        return getattr(self._connection, name)


class _Rows:
    def __init__(self, rows):
        self._rows = list(rows)

    def fetchone(self):
        return self._rows.pop(0) if self._rows else None


_ADVISORY_KEY = 424_224


@contextlib.contextmanager
def postgresql_inserts_held(engine, table: str, parties: int):
    """PostgreSQL: a BEFORE INSERT trigger on `table` makes each racer's INSERT wait (its statement's snapshot
    already taken) until `parties` INSERTs wait; then all go on. For races inside one SQL statement."""
    with engine.connect() as setup:
        setup.execute(sa.text(
            "CREATE OR REPLACE FUNCTION race_hold() RETURNS trigger AS $$ BEGIN "
            f"PERFORM pg_advisory_xact_lock_shared({_ADVISORY_KEY}); RETURN NEW; END $$ LANGUAGE plpgsql"))
        setup.execute(sa.text(f"CREATE TRIGGER race_hold BEFORE INSERT ON {table} FOR EACH ROW "
                              "EXECUTE FUNCTION race_hold()"))
        setup.commit()
    holder = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    holder.execute(sa.text(f"SELECT pg_advisory_lock({_ADVISORY_KEY})"))

    def release_when_all_wait():
        """Wait (polling the lock table, not for a time) until every racer's INSERT waits, then let them go."""
        deadline = time.monotonic() + WAIT_S
        waiting = 0
        while time.monotonic() < deadline:
            waiting = holder.execute(sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND NOT granted"),
                {"key": _ADVISORY_KEY}).scalar()
            if waiting >= parties:
                break
            time.sleep(0.01)
        holder.execute(sa.text(f"SELECT pg_advisory_unlock({_ADVISORY_KEY})"))
        assert waiting >= parties, f"only {waiting} of {parties} racers reached the INSERT"

    try:
        yield release_when_all_wait
    finally:
        with contextlib.suppress(Exception):
            holder.execute(sa.text("SELECT pg_advisory_unlock_all()"))
        holder.close()
        with engine.connect() as setup:
            setup.execute(sa.text(f"DROP TRIGGER IF EXISTS race_hold ON {table}"))
            setup.execute(sa.text("DROP FUNCTION IF EXISTS race_hold()"))
            setup.commit()


def run_racers(app, attempts: list[Callable[[], None]], interleaving, *, timeout: float = 120) -> list[str]:
    """Run each attempt (a service call on `db.session`) in its own thread and app context, under `interleaving`
    (one of the context managers above), and commit it: the sorted outcomes, "done" for a commit and "refused"
    for a Conflict (any other error fails the test, as a server error would)."""
    outcomes: list[str] = []
    lock = threading.Lock()

    def racer(attempt: Callable[[], None]) -> None:
        with app.app_context(), force_locale("en"):
            try:
                attempt()
                db.session.commit()
                outcome = "done"
            except Conflict:
                db.session.rollback()
                outcome = "refused"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=racer, args=(attempt,)) for attempt in attempts]
    with interleaving:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=timeout)
    return sorted(outcomes)
