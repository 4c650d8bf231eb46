"""Background jobs: run in a thread, report progress, end done or failed; only their creator may watch them."""

from core.db import utcnow
from core.errors import Conflict
from core.jobs import Job, create_job, launch, register_job_handler


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
