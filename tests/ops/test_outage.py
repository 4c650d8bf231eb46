"""Honest health: /readyz says 503 while the database (or Redis) is down, pages and the API answer 503 with
Retry-After instead of 500, and a request whose connection died has written nothing."""

import os
import shutil
import subprocess
import time
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from app import create_app
from core.db import utcnow
from core.extensions import db
from core.health import redis_ping
from fairs.models import Fair
from tests.ops.conftest import free_port

FAIR = {"code": "HN-2027", "name_vi": "Hội chợ Hà Nội 2027", "name_en": "Hanoi Fair 2027", "venue": "91 Trần Hưng Đạo",
        "province": "Hà Nội", "starts_on": "2027-04-20", "ends_on": "2027-04-23"}


def _unreachable_database_url(tmp_path) -> str:
    if (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql"):
        return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere"  # nothing listens there
    return f"sqlite:///{tmp_path}/missing-folder/none.sqlite3"  # a folder that does not exist: cannot be opened


def test_an_unreachable_database_gives_503_not_500(tmp_path):
    """Readiness fails, liveness stays up; the API's problem document and the page both say 503 with Retry-After."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _unreachable_database_url(tmp_path),
                              "SECRET_KEY": "k"})
    client = application.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["database"] == "unreachable"
    problem = client.get("/api/v1/fairs", headers={"Authorization": "Bearer tf_" + "x" * 43})
    assert problem.status_code == 503 and problem.mimetype == "application/problem+json"
    assert problem.headers["Retry-After"] and problem.json["status"] == 503
    page = client.get("/")
    assert page.status_code == 503 and page.headers["Retry-After"] and page.mimetype == "text/html"
    with application.app_context():
        db.engine.dispose()


def test_readyz_answers_200_when_the_database_answers(client):
    """A working database: ready."""
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_checks_redis_when_configured(app, client, monkeypatch):
    """REDIS_URL set and nothing answering there: 503 naming Redis; a real redis-server: ready."""
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["redis"] == "unreachable"
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while not redis_ping(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        monkeypatch.setitem(app.config, "REDIS_URL", url)
        assert client.get("/readyz").status_code == 200
    finally:
        server.terminate()
        server.wait(10)


def test_lost_postgresql_connections_give_503_then_recover_with_nothing_half_written(app, session, api):
    """Every connection of the app killed (pg_terminate_backend, as a failover does): the API says 503 and writes
    nothing; the next request works on fresh connections."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    caller = api("organizer")
    assert caller.get("/api/v1/fairs").status_code == 200  # the pool holds live connections now
    killer = sa.create_engine(db.engine.url, poolclass=NullPool)
    with killer.connect() as connection:
        killed = connection.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    killer.dispose()
    assert killed >= 1
    response = caller.post("/api/v1/fairs", FAIR)
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] and response.mimetype == "application/problem+json"
    assert session.scalar(sa.select(sa.func.count()).select_from(Fair)) == 0
    assert caller.post("/api/v1/fairs", FAIR).status_code == 201
    assert session.scalar(sa.select(sa.func.count()).select_from(Fair)) == 1


def test_a_transaction_whose_connection_dies_writes_nothing(app):
    """Half a piece of work, then the connection is killed: the commit fails and none of it is stored."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
        with sa.orm.Session(db.engine) as work:
            work.execute(sa.insert(Fair.__table__), [_fair_row("A-1")])
            pid = work.execute(sa.text("SELECT pg_backend_pid()")).scalar()
            killer = sa.create_engine(db.engine.url, poolclass=NullPool)
            with killer.connect() as connection:
                connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            killer.dispose()
            with pytest.raises(sa.exc.OperationalError):
                work.execute(sa.insert(Fair.__table__), [_fair_row("A-2")])
                work.commit()
        with db.engine.connect() as connection:
            assert connection.execute(sa.select(sa.func.count()).select_from(Fair)).scalar() == 0


def _fair_row(code: str) -> dict:
    return {"code": code, "name_vi": code, "name_en": code, "venue": "v", "province": "Hà Nội",
            "starts_on": date(2027, 4, 20), "ends_on": date(2027, 4, 23), "created_at": utcnow(),
            "updated_at": utcnow()}
