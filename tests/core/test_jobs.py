"""Background jobs: run in a thread, report progress, end done or failed; a silent runner's job fails when
polled and runs again; only one runner works on a job; only their creator may watch them."""

import time
from datetime import timedelta

import sqlalchemy as sa

from core.db import utcnow
from core.errors import Conflict
from core.extensions import db
from core.jobs import Job, JobContext, JobLost, claim_job, create_job, launch, register_job_handler, run_job
from core.storage import StoredBlob
from tests.jobs_support import wait_for_jobs


def _adding(session, job, report):
    for step in range(1, 5):
        report(step / 4)
    return {"sum": sum(job.params["numbers"])}


def _refusing(session, job, report):
    raise Conflict("The fair is closed.")


def _crashing(session, job, report):
    raise RuntimeError("secret detail that must not reach the user")


def _run(app, session, kind: str, params: dict, actor) -> Job:
    job = create_job(session, kind, params, actor=actor, now=utcnow())
    session.commit()
    launch(job).join(timeout=30)
    session.expire_all()
    return session.get(Job, job.id)


def test_a_job_runs_in_the_background_and_ends_done_with_its_result(app, session, make_user):
    """Progress reaches 1, the result is stored, the times are set."""
    register_job_handler(app, "test.add", _adding)
    job = _run(app, session, "test.add", {"numbers": [1, 2, 39]}, make_user(role="organizer"))
    assert (job.status, job.progress, job.result) == ("done", 1.0, {"sum": 42})
    assert job.started_at is not None and job.finished_at >= job.started_at


def test_a_refused_job_fails_with_the_users_message_and_a_crash_with_a_generic_one(app, session, make_user):
    """A DomainError's message is shown; an unexpected error's details stay in the log."""
    register_job_handler(app, "test.refuse", _refusing)
    register_job_handler(app, "test.crash", _crashing)
    organizer = make_user(role="organizer")
    refused = _run(app, session, "test.refuse", {}, organizer)
    crashed = _run(app, session, "test.crash", {}, organizer)
    assert (refused.status, refused.message) == ("failed", "The fair is closed.")
    assert crashed.status == "failed" and "secret" not in (crashed.message or "")


def test_only_the_creator_or_an_admin_may_watch_a_job(app, session, client, make_user, login_as):
    """Another user gets 403; the creator gets the JSON state."""
    owner = login_as("organizer")
    job = create_job(session, "test.add", {"numbers": []}, actor=owner, now=utcnow())
    stranger_job = create_job(session, "test.add", {"numbers": []}, actor=make_user(role="organizer"),
                              now=utcnow())
    session.commit()
    mine = client.get(f"/jobs/{job.id}.json")
    assert mine.status_code == 200 and mine.json["status"] == "queued" and mine.json["progress"] == 0
    assert client.get(f"/jobs/{stranger_job.id}.json").status_code == 403
    assert client.get("/jobs/999999.json").status_code == 404


def _filing(session, job, report):
    report(0.5)
    report.keep_file(session, b"%PDF-1.4 " + str(job.id).encode(), media_type="application/pdf")
    return {"filename": "out.pdf", "mimetype": "application/pdf"}


def _abandoned(session, organizer, *, seconds_ago: float) -> Job:
    """A job some runner claimed and then fell silent, `seconds_ago` seconds ago."""
    job = create_job(session, "test.file", {}, actor=organizer, now=utcnow())
    job.status, job.owner, job.progress = "running", "gone-host:1:1", 0.33
    job.heartbeat_at = utcnow() - timedelta(seconds=seconds_ago)
    session.commit()
    return job


def test_a_job_whose_runner_fell_silent_fails_when_polled_and_runs_again_to_one_file(app, session, client, login_as):
    """Silent past JOB_STALE_SECONDS: the poll says failed with a message, the page offers 'run again', and
    running it again ends done with its file; a job that beat recently stays running."""
    register_job_handler(app, "test.file", _filing)
    organizer = login_as("organizer")
    alive = _abandoned(session, organizer, seconds_ago=1)
    job = _abandoned(session, organizer, seconds_ago=app.config["JOB_STALE_SECONDS"] + 5)
    client.get("/lang/en")
    polled = client.get(f"/jobs/{job.id}.json").json
    assert polled["status"] == "failed" and polled["message"] == "The server running this job stopped; run it again."
    assert client.get(f"/jobs/{alive.id}.json").json["status"] == "running"
    assert client.get(f"/jobs/{job.id}/download").status_code == 404
    response = client.post(f"/jobs/{job.id}/retry", data={"next": "/somewhere"})
    assert response.status_code == 302 and response.headers["Location"] == "/somewhere"
    wait_for_jobs(app, session, timeout=30)
    job = session.get(Job, job.id)
    assert (job.status, job.attempts, job.owner != "gone-host:1:1") == ("done", 1, True)
    download = client.get(f"/jobs/{job.id}/download")
    assert download.data == b"%PDF-1.4 " + str(job.id).encode()
    assert "sandbox" in download.headers["Content-Security-Policy"] and "attachment" in download.headers[
        "Content-Disposition"]
    assert session.scalar(sa.select(sa.func.count()).select_from(StoredBlob)) == 1
    assert client.post(f"/jobs/{job.id}/retry", data={"next": "/"}).status_code == 409  # done: nothing to re-run


def test_the_stopped_message_is_shown_in_the_readers_language(app, session, client, login_as):
    """Written by whoever polled first, read in Vietnamese by the next."""
    job = _abandoned(session, login_as("organizer"), seconds_ago=app.config["JOB_STALE_SECONDS"] + 5)
    client.get("/lang/vi")
    message = client.get(f"/jobs/{job.id}.json").json["message"]
    assert message == "Máy chủ đang chạy tác vụ này đã dừng; vui lòng chạy lại."


def test_two_runners_never_both_work_and_a_runner_that_lost_its_job_writes_nothing(app, session, make_user):
    """A second delivery finds the job busy; once the first falls silent it is taken over, and the first
    runner's late finish is refused (no second file)."""
    organizer = make_user(role="organizer")
    job = create_job(session, "test.file", {}, actor=organizer, now=utcnow())
    session.commit()
    now = utcnow()
    assert claim_job(job.id, "first", now=now, stale_after=30) == "claimed"
    assert claim_job(job.id, "second", now=now, stale_after=30) == "busy"
    assert claim_job(job.id, "second", now=now + timedelta(seconds=31), stale_after=30) == "claimed"
    register_job_handler(app, "test.file", _filing)
    assert run_job(app, job.id, owner="third") == "busy"  # "second" beat just now
    # "first" wakes up and tries to finish: its UPDATE finds "second" owning the job, so it rolls back.
    first = JobContext(job.id, "first")
    try:
        first(0.9)
    except JobLost:
        pass
    else:
        raise AssertionError("a runner that lost its job must be stopped")
    session.expire_all()
    assert session.get(Job, job.id).owner == "second"
    assert session.scalar(sa.select(sa.func.count()).select_from(StoredBlob)) == 0


class _DeadQueue:
    def send_task(self, name, args):
        raise ConnectionError("redis is down")


def test_a_job_the_queue_cannot_take_fails_at_once_with_a_message(app, session, make_user, monkeypatch):
    """With REDIS_URL set but Redis down, the job does not sit queued forever."""
    monkeypatch.setitem(app.extensions, "celery", _DeadQueue())
    job = create_job(session, "test.add", {"numbers": []}, actor=make_user(role="organizer"), now=utcnow())
    session.commit()
    assert launch(job) is None
    session.expire_all()
    job = session.get(Job, job.id)
    assert (job.status, job.message) == ("failed", "The task queue could not be reached; run it again.")


def _silent(session, job, report):
    """Report nothing for a while (a long write) and say whether the heartbeat moved meanwhile."""
    claimed = session.get(Job, job.id).heartbeat_at
    for _ in range(40):
        time.sleep(0.05)
        with db.engine.connect() as connection:
            beat = connection.scalar(sa.select(Job.heartbeat_at).where(Job.id == job.id))
        if beat > claimed:
            return {"beat": True}
    return {"beat": False}


def test_a_job_that_reports_no_progress_still_beats(app, session, make_user, monkeypatch):
    """The heartbeat thread writes on its own while the handler is silent: a long import's write phase is not
    mistaken for a dead runner."""
    monkeypatch.setitem(app.config, "JOB_HEARTBEAT_SECONDS", 0.1)
    register_job_handler(app, "test.silent", _silent)
    job = _run(app, session, "test.silent", {}, make_user(role="organizer"))
    assert (job.status, job.result) == ("done", {"beat": True})
