"""Declarative base with a constraint naming convention, and SQLite tuning."""

import contextlib
import os
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice

import sqlalchemy as sa
from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

PING_AFTER_IDLE_S = 5.0
# How long an SQLite writer waits for the write lock before giving up (a 503 with Retry-After): long enough for
# the documented loads (a 60,000-booth import), shorter than gunicorn's 30 s worker timeout.
SQLITE_BUSY_TIMEOUT_MS = int(float(os.environ.get("SQLITE_BUSY_TIMEOUT_S", "20")) * 1000)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model; constraint names are deterministic for Alembic."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def sql_list(values) -> str:
    """Quoted SQL literals for a check constraint's IN list, from a fixed vocabulary (never user input)."""
    return ", ".join(f"'{value}'" for value in values)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record):
    """Foreign keys on, WAL journal with NORMAL sync, and a busy timeout for every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database; a power cut may lose the last commits, which is
    # SQLite's documented trade for not syncing on every commit (a check-in commits once per scan).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_write_lock_first(connection):
    """A request that changes data takes SQLite's write lock when its transaction begins (BEGIN IMMEDIATE).

    A deferred transaction reads first and asks for the lock at its first write; if another writer committed
    meanwhile (WAL mode), SQLite refuses at once with "database is locked", whatever the busy timeout. Taking
    the lock first makes the request wait its turn (up to the busy timeout) instead. Reads (GET) stay deferred,
    so they never wait for a writer; work outside requests (jobs, the CLI, the mail thread) too. Only until the
    request's commit: what follows it (reading what to render) does not need the lock.
    """
    if connection.dialect.name != "sqlite" or not has_request_context() or request.method in SAFE_METHODS:
        return
    if g.get("_sqlite_request_committed"):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@event.listens_for(Engine, "commit")
def _note_request_commit(connection):
    """Remember that the request's write has been committed (see `_sqlite_write_lock_first`)."""
    if connection.dialect.name == "sqlite" and has_request_context():
        g._sqlite_request_committed = True


@event.listens_for(Pool, "checkin")
def _note_idle_since(dbapi_connection, connection_record):
    """Remember when a connection went back to the pool."""
    connection_record.info["idle_since"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, connection_record, connection_proxy):
    """Test a PostgreSQL connection that sat idle in the pool before handing it out; a dead one is replaced.

    SQLAlchemy's pre-ping tests every connection, a round trip per request; a connection that was in use a
    moment ago (a busy gate) is alive, so only one idle for PING_AFTER_IDLE_S is tested. After a server
    restart within that window one page request fails and SQLAlchemy renews the whole pool; a gate scan is
    retried on a renewed pool (`sqlalchemy_error`, visitors/gate.py).
    """
    idle_since = connection_record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":  # psycopg 3, the driver of the app
        return
    autocommit = dbapi_connection.autocommit
    try:
        dbapi_connection.autocommit = True  # no transaction left open by the test: one round trip
        dbapi_connection.execute("SELECT 1")
        dbapi_connection.autocommit = autocommit
    except Exception as error:  # noqa: BLE001 - whatever broke, the connection is unusable
        raise sa.exc.DisconnectionError(str(error)) from error


_DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_CONDITIONAL_INSERTS: dict[tuple[str, str], sa.Insert] = {}


def insert_if_absent(session, model, values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True if the row went in, False if a unique key already held it.

    A conditional write that lets the database's constraint decide a race without an exception, on
    SQLite and PostgreSQL alike (SELECT … FOR UPDATE is a no-op on SQLite). The statement is built
    once per table and dialect and runs on the session's connection, inside its transaction but
    without the ORM (check-ins run it on every scan): it does not autoflush, so flush first if the
    row refers to objects still pending in the session.
    """
    dialect = session.get_bind().dialect.name
    key = (dialect, model.__tablename__)
    statement = _CONDITIONAL_INSERTS.get(key)
    if statement is None:
        table = model.__table__
        # RETURNING rather than rowcount, which psycopg reports as -1 for this statement.
        statement = _DIALECT_INSERTS[dialect](table).on_conflict_do_nothing().returning(table.c.id)
        _CONDITIONAL_INSERTS[key] = statement
    return session.connection().execute(statement, values).scalar() is not None


@contextlib.contextmanager
def own_driver_connection(engine) -> Iterator:
    """A pooled driver connection (psycopg or sqlite3) for one unit of work that is its own transaction.

    PostgreSQL: autocommit mode, for work that is one statement; SQLite: committed at the end, rolled back on
    error. SQLAlchemy's Connection and Session are skipped (their bookkeeping is a tenth of a gate scan), but
    its error handling is not: see `sqlalchemy_error`.
    """
    pooled = engine.raw_connection()
    driver = pooled.driver_connection
    autocommit = engine.dialect.name == "postgresql"
    try:
        if autocommit:
            driver.autocommit = True
        yield driver
        if not autocommit:
            driver.commit()
    except BaseException as error:
        if not autocommit:
            with contextlib.suppress(engine.dialect.loaded_dbapi.Error):  # a broken connection cannot
                driver.rollback()
        if isinstance(error, engine.dialect.loaded_dbapi.Error):
            raise sqlalchemy_error(engine, error, driver, pooled.invalidate) from error
        raise
    finally:
        try:
            if autocommit and not driver.closed:
                driver.autocommit = False  # as the pool hands connections out
        finally:
            pooled.close()  # back to the pool, which discards a connection that broke


@contextlib.contextmanager
def session_driver_connection(session) -> Iterator:
    """The driver connection under the session's transaction (the session's owner commits or rolls back),
    its errors raised as SQLAlchemy's."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    try:
        yield driver
    except connection.dialect.loaded_dbapi.Error as error:
        raise sqlalchemy_error(connection.engine, error, driver, connection.invalidate) from error


def sqlalchemy_error(engine, error: Exception, driver, invalidate) -> sa.exc.DBAPIError:
    """A driver's error as SQLAlchemy would have raised it, so callers catch one kind (and a gate retries
    a locked SQLite database or a lost connection). A lost connection is invalidated and the engine's pool
    renewed, as SQLAlchemy does: after a server restart the other pooled connections are dead too."""
    lost = engine.dialect.is_disconnect(error, driver, None)
    if lost:
        invalidate(error)
        engine.dispose()
    return sa.exc.DBAPIError.instance(None, None, error, engine.dialect.loaded_dbapi.Error,
                                      connection_invalidated=lost, dialect=engine.dialect)


WRITE_CHUNK = 5000  # rows of one executemany when an import writes its table


def insert_rows(session, model, rows: Iterable[dict], *, chunk: int = WRITE_CHUNK) -> int:
    """Insert rows of `model` (dicts of its columns) with one executemany per `chunk` rows, in order, so that only
    a chunk's statement parameters are held at once (an import's 100,000 rows); the number inserted."""
    count, rows = 0, iter(rows)
    while batch := list(islice(rows, chunk)):
        session.execute(sa.insert(model), batch)
        count += len(batch)
    return count
