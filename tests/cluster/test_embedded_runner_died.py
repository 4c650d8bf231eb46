"""Without Redis: a job whose web process dies (kill -9) ends as failed, with a message, when it is next
polled, and runs again to the end. The runner is a real separate process; any database (SQLite is fine)."""

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, create_job, register_job_handler
from tests.cluster.processes import ROOT
from tests.jobs_support import wait_for_jobs


def _row(job_id: int) -> dict:
    with db.engine.connect() as connection:
        return dict(connection.execute(sa.select(Job.status, Job.progress, Job.owner, Job.heartbeat_at)
                                       .where(Job.id == job_id)).mappings().one())


def _quick_job(session, job, report):
    report(1.0)
    return {"steps": 1}


def test_a_job_whose_process_was_killed_fails_when_polled_and_runs_again(app, session, client, login_as,
                                                                         monkeypatch, tmp_path):
    """kill -9 at about a third: the heartbeat stops; once silent past JOB_STALE_SECONDS the poll says failed
    with the message, and 'run again' ends done."""
    monkeypatch.setitem(app.config, "JOB_STALE_SECONDS", 3)
    organizer = login_as("organizer")
    job = create_job(session, "cluster.slow", {}, actor=organizer, now=utcnow())
    session.commit()
    runner = subprocess.Popen([sys.executable, "-m", "tests.cluster.slow_runner", app.config["SQLALCHEMY_DATABASE_URI"],
                               str(job.id)], cwd=ROOT, env={**os.environ, "INSTANCE_PATH": str(tmp_path)},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while (row := _row(job.id))["progress"] < 1 / 3:
            assert runner.poll() is None, runner.stdout.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the runner never reached a third"
            time.sleep(0.1)
        assert row["status"] == "running" and row["owner"]
        client.get("/lang/en")
        session.expire_all()  # the test shares its session with the requests it makes
        assert client.get(f"/jobs/{job.id}.json").json["status"] == "running"  # alive: left alone
    finally:
        os.killpg(runner.pid, signal.SIGKILL)
        runner.wait(timeout=30)
    deadline = time.monotonic() + 60
    session.expire_all()
    while (state := client.get(f"/jobs/{job.id}.json").json)["status"] == "running":
        assert time.monotonic() < deadline, "the job stayed running after its runner died"
        time.sleep(0.5)
    assert state["status"] == "failed" and state["message"] == "The server running this job stopped; run it again."
    assert state["progress"] >= 1 / 3  # how far it had got stays visible
    register_job_handler(app, "cluster.slow", _quick_job)
    assert client.post(f"/jobs/{job.id}/retry", data={"next": "/"}).status_code == 302
    wait_for_jobs(app, session, timeout=30)
    job = session.get(Job, job.id)
    assert (job.status, job.result, job.attempts) == ("done", {"steps": 1}, 2)
