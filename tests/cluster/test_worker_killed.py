"""A bulk badge job whose Celery worker is killed with `kill -9` at about a third is finished by the other
worker, and its file downloads from both app instances with the same bytes.

Two gunicorn app instances, two workers and redis-server as separate processes on the throwaway PostgreSQL.
Runs only with CLUSTER_TEST=1, a PostgreSQL TEST_DATABASE_URL and redis-server on PATH (`.ci/cluster`).
Prints the time from the worker's death to the job taken over and finished (BENCHMARKS.md).
"""

import io
import json
import os
import shutil
import signal
import time
import urllib.request

import pypdf
import pytest
import sqlalchemy as sa

from accounts.services import issue_api_token
from core.db import utcnow
from core.extensions import db
from core.jobs import Job
from core.sealing import data_key
from core.storage import StoredBlob
from tests import factories
from tests.cluster.processes import Cluster
from visitors.models import Badge, Visitor

pytestmark = pytest.mark.skipif(
    os.environ.get("CLUSTER_TEST") != "1" or not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
    or shutil.which("redis-server") is None,
    reason="cluster test: needs CLUSTER_TEST=1, a PostgreSQL TEST_DATABASE_URL and redis-server (.ci/cluster)")

BADGES = int(os.environ.get("CLUSTER_BADGES", "1600"))
VISIBILITY_TIMEOUT = 15  # seconds before Redis hands a dead worker's task to another
STALE_SECONDS = 10


def _seed(session) -> tuple[int, str]:
    """A running fair with BADGES visitors holding badges, and an organizer's API token."""
    fair = factories.make_fair(session, status="running", starts_on=utcnow().date(), application_deadline=None)
    now = utcnow()
    visitors = [Visitor(fair_id=fair.id, full_name=f"Khách số {number}", organisation="Công ty Gốm Bát Tràng",
                        country="VN", province="Hà Nội", visitor_type="trade_buyer", sectors=[], source="desk",
                        created_at=now) for number in range(BADGES)]
    session.add_all(visitors)
    session.flush()
    session.add_all([Badge(fair_id=fair.id, visitor_id=visitor.id, serial=number + 1, issued_at=now)
                     for number, visitor in enumerate(visitors)])
    token = issue_api_token(session, factories.make_user(session, role="organizer"), "cluster", now=now)
    session.commit()
    return fair.id, token


def _request(base: str, path: str, token: str, body: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def _job(job_id: int) -> dict:
    """The job row as the database has it now (a connection of its own: no session cache)."""
    with db.engine.connect() as connection:
        return dict(connection.execute(sa.select(Job.status, Job.progress, Job.owner, Job.attempts, Job.message)
                                       .where(Job.id == job_id)).mappings().one())


def _until(condition, timeout: float, what: str, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"{what}: not within {timeout} s")


def test_a_job_whose_worker_is_killed_is_finished_by_the_other_and_served_by_both_instances(app, session,
                                                                                             tmp_path):
    """kill -9 at about a third; the other worker takes the task over, one file, same bytes on both instances."""
    fair_id, token = _seed(session)
    with app.app_context():
        key = data_key().hex()
    cluster = Cluster(tmp_path, {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "cluster-test-secret",
        "DATA_ENCRYPTION_KEY": key, "PUBLIC_BASE_URL": "http://127.0.0.1",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "JOB_STALE_SECONDS": str(STALE_SECONDS),
        "JOB_HEARTBEAT_SECONDS": "2", "FLASK_DEBUG": "0"})
    try:
        cluster.env["REDIS_URL"] = cluster.redis()
        instance_a, instance_b = cluster.app_instance("app-a"), cluster.app_instance("app-b")
        workers = {name: cluster.worker(name) for name in ("worker-a", "worker-b")}
        status, body = _request(instance_a, f"/api/v1/fairs/{fair_id}/badge-prints", token, {"size": "a6"})
        assert status == 202
        job_id = json.loads(body)["job_id"]
        started = time.monotonic()
        first = _until(lambda: (row := _job(job_id))["status"] == "running" and row["progress"] >= 1 / 3 and row,
                       300, "the job reaching a third")
        victim = next(name for name in workers if first["owner"].startswith(f"{name}@"))
        os.killpg(workers[victim][0].pid, signal.SIGKILL)
        killed = time.monotonic()
        workers[victim][0].wait(timeout=30)
        taken = _until(lambda: (row := _job(job_id))["attempts"] >= 2 and row, 300, "another worker taking the job")
        taken_at = time.monotonic()
        done = _until(lambda: json.loads(_request(instance_b, f"/api/v1/jobs/{job_id}", token)[1])["status"]
                      in ("done", "failed"), 600, "the job ending", step=0.5)
        finished = time.monotonic()
        assert done
        state = json.loads(_request(instance_b, f"/api/v1/jobs/{job_id}", token)[1])
        assert state["status"] == "done", state
        assert not taken["owner"].startswith(f"{victim}@") and state["result"]["count"] == BADGES
        file_a, file_b = (_request(base, f"/api/v1/jobs/{job_id}/file", token) for base in (instance_a, instance_b))
        assert file_a[0] == file_b[0] == 200 and file_a[1] == file_b[1]
        assert len(pypdf.PdfReader(io.BytesIO(file_a[1])).pages) == BADGES
        with db.engine.connect() as connection:
            assert connection.execute(sa.select(sa.func.count()).select_from(StoredBlob)).scalar() == 1
        report = {"badges": BADGES, "killed_at_progress": first["progress"],
                  "seconds_to_first_third": round(killed - started, 1),
                  "seconds_death_to_takeover": round(taken_at - killed, 1),
                  "seconds_death_to_done": round(finished - killed, 1),
                  "visibility_timeout": VISIBILITY_TIMEOUT, "stale_seconds": STALE_SECONDS}
        print("cluster:", json.dumps(report))
        if os.environ.get("CLUSTER_REPORT"):
            with open(os.environ["CLUSTER_REPORT"], "w") as handle:
                json.dump(report, handle, indent=1)
    finally:
        cluster.stop()
