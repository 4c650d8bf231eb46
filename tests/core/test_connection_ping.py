"""A PostgreSQL connection that sat idle in the pool is tested before use; a dead one is replaced, not handed out."""

import pytest
import sqlalchemy as sa

import core.db
from core.extensions import db


@pytest.fixture
def postgresql_engine(app_ctx):
    """The app's engine, on PostgreSQL only (an SQLite file has no server to lose)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    return db.engine


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()


def _terminate(engine, pid: int) -> None:
    """Kill one server process, as a server restart or an idle timeout would."""
    killer = sa.create_engine(engine.url)
    with killer.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()


def test_an_idle_dead_connection_is_replaced(postgresql_engine, monkeypatch):
    """Idle longer than PING_AFTER_IDLE_S and killed meanwhile: the next checkout gets a live connection."""
    postgresql_engine.dispose()
    dead = _backend_pid(postgresql_engine)  # the pool keeps this connection
    _terminate(postgresql_engine, dead)
    monkeypatch.setattr(core.db, "PING_AFTER_IDLE_S", 0.0)
    alive = _backend_pid(postgresql_engine)
    assert alive != dead


def test_a_connection_in_use_a_moment_ago_is_not_pinged(postgresql_engine, monkeypatch):
    """Within PING_AFTER_IDLE_S the connection is handed out untested (no round trip): a killed one fails."""
    postgresql_engine.dispose()
    dead = _backend_pid(postgresql_engine)
    _terminate(postgresql_engine, dead)
    monkeypatch.setattr(core.db, "PING_AFTER_IDLE_S", 3600.0)
    with pytest.raises(sa.exc.OperationalError):
        _backend_pid(postgresql_engine)
    postgresql_engine.dispose()
