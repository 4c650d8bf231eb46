"""Running a job: claim it, keep a heartbeat, report progress, commit its result and file in one transaction.

The same code runs in a Celery worker (`core/tasks.py`, when `REDIS_URL` is set) and in a thread of the web
process (the embedded default). A runner claims the job with one conditional UPDATE (queued, or running with
a silent heartbeat), so two deliveries of the same task never both work on it; a heartbeat thread writes
`heartbeat_at` every `JOB_HEARTBEAT_SECONDS`. The result, the file and `done` are committed together, and only
if the runner still owns the job: a runner that lost it (declared stopped, or taken over by another worker)
rolls back, so a job ends with exactly one file however many times it was started.
"""

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app

from core.db import utcnow
from core.errors import MAX_PROBLEM_ERRORS, DomainError
from core.extensions import db
from core.jobs.models import UNQUEUED_MESSAGE, Job, get_job
from core.storage import storage

log = logging.getLogger(__name__)


class JobLost(Exception):
    """The runner no longer owns its job: stop and write nothing."""


class JobContext:
    """What a handler gets as `report`: call it with a fraction; `keep_file` stores the file the job made."""

    def __init__(self, job_id: int, owner: str):
        self.job_id, self.owner = job_id, owner
        self.file_id: int | None = None
        self.lost = threading.Event()
        self._last = 0.0

    def __call__(self, fraction: float) -> None:
        """Record progress (every whole per cent), refreshing the heartbeat; JobLost if the job was taken."""
        if self.lost.is_set():
            raise JobLost
        fraction = min(1.0, max(0.0, round(fraction, 3)))
        if fraction - self._last >= 0.01:
            self._last = fraction
            if not _touch(self.job_id, self.owner, progress=fraction):
                self.lost.set()
                raise JobLost

    def keep_file(self, session, data: bytes, *, media_type: str) -> None:
        """Store the job's file in the handler's transaction: it is committed with the job's `done`, or not at all."""
        self.file_id = storage().put(session, data, media_type=media_type, now=utcnow())


Handler = Callable[[so.Session, Job, JobContext], dict]


def error_result(error: DomainError) -> dict | None:
    """What a refused job keeps of its problems (an import's bad rows): the first ones and how many in all."""
    if not error.errors:
        return None
    return {"status": error.status, "errors": error.errors[:MAX_PROBLEM_ERRORS], "error_count": len(error.errors)}


def register_job_handler(app: Flask, kind: str, handler: Handler) -> None:
    """Let jobs of `kind` be run by `handler(session, job, report) -> result dict`."""
    app.extensions.setdefault("job_handlers", {})[kind] = handler


def runner_name() -> str:
    """Who is running: host, process and thread, unique while they live."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:200]


def _touch(job_id: int, owner: str, **values) -> bool:
    """Refresh the heartbeat (and any `values`) if `owner` still runs the job, on a connection of its own."""
    with db.engine.begin() as connection:
        updated = connection.execute(sa.update(Job).where(Job.id == job_id, Job.owner == owner,
                                                          Job.status == "running")
                                     .values(heartbeat_at=utcnow(), **values))
        return updated.rowcount == 1


def claim_job(job_id: int, owner: str, *, now: datetime, stale_after: float) -> str:
    """Take the job for `owner`: 'claimed', or why not ('finished', 'busy' with a live runner, 'missing')."""
    limit = now - timedelta(seconds=stale_after)
    with db.engine.begin() as connection:
        claimed = connection.execute(
            sa.update(Job).where(Job.id == job_id, sa.or_(
                Job.status == "queued",
                sa.and_(Job.status == "running", sa.or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < limit))))
            .values(status="running", owner=owner, heartbeat_at=now, progress=0.0, message=None,
                    attempts=Job.attempts + 1, started_at=sa.func.coalesce(Job.started_at, now))).rowcount
        if claimed == 1:
            return "claimed"
        status = connection.execute(sa.select(Job.status).where(Job.id == job_id)).scalar()
    if status is None:
        return "missing"
    return "busy" if status == "running" else "finished"


def _heartbeat(app: Flask, context: JobContext, every: float, stop: threading.Event) -> None:
    """Say the runner is alive until told to stop; notice a job taken away (in an app context of its own: a new
    thread has none, and without one every beat failed, so a job silent for JOB_STALE_SECONDS was failed)."""
    with app.app_context():
        _beat(context, every, stop)


def _beat(context: JobContext, every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        try:
            if not _touch(context.job_id, context.owner):
                context.lost.set()
                return
        except Exception:  # noqa: BLE001 - a database hiccup must not kill the heartbeat: try again next beat
            log.warning("job %s: heartbeat not written", context.job_id)


def _finish(session, job_id: int, owner: str, **values) -> bool:
    """End the job in the handler's transaction if `owner` still holds it; commit, or roll back and say no."""
    ended = session.execute(sa.update(Job).where(Job.id == job_id, Job.owner == owner, Job.status == "running")
                            .values(finished_at=utcnow(), heartbeat_at=utcnow(), **values)).rowcount
    if ended != 1:
        session.rollback()
        return False
    session.commit()
    return True


def run_job(app: Flask, job_id: int, *, owner: str | None = None) -> str:
    """Run a job to the end in this thread: 'done', 'failed', 'lost', or why it was not run (see claim_job)."""
    with app.app_context():
        owner = owner or runner_name()
        config = current_app.config
        outcome = claim_job(job_id, owner, now=utcnow(), stale_after=config["JOB_STALE_SECONDS"])
        if outcome != "claimed":
            return outcome
        session = db.session
        job = session.get(Job, job_id)
        handler = current_app.extensions.get("job_handlers", {}).get(job.kind)
        context, stop = JobContext(job_id, owner), threading.Event()
        beat = threading.Thread(target=_heartbeat, args=(app, context, config["JOB_HEARTBEAT_SECONDS"], stop),
                                name=f"job-{job_id}-heartbeat", daemon=True)
        beat.start()
        try:
            if handler is None:
                log.error("job %s: no handler for %s", job_id, job.kind)
                raise LookupError(job.kind)
            result = handler(session, job, context)
            if not _finish(session, job_id, owner, status="done", progress=1.0, result=result,
                           file_id=context.file_id):
                return "lost"
            return "done"
        except JobLost:
            session.rollback()
            return "lost"
        except DomainError as error:
            session.rollback()
            _finish(session, job_id, owner, status="failed", message=str(error.message)[:300],
                    result=error_result(error))
            return "failed"
        except Exception:  # noqa: BLE001 - a job must end as failed, whatever went wrong
            session.rollback()
            log.exception("job %s (%s) failed", job_id, job.kind)
            _finish(session, job_id, owner, status="failed", message="internal error")
            return "failed"
        finally:
            stop.set()
            db.session.remove()


def launch(job: Job) -> threading.Thread | None:
    """Start a committed job: on the Celery queue when there is one, else in a thread of this process."""
    app = current_app._get_current_object()
    celery = app.extensions.get("celery")
    if celery is not None:
        try:
            celery.send_task("jobs.run", args=[job.id])
        except Exception:  # noqa: BLE001 - the queue is down: say so on the job rather than leave it queued
            log.exception("job %s: could not be queued", job.id)
            with db.engine.begin() as connection:
                connection.execute(sa.update(Job).where(Job.id == job.id, Job.status == "queued").values(
                    status="failed", message=UNQUEUED_MESSAGE, finished_at=utcnow()))
        return None
    thread = threading.Thread(target=run_job, args=(app, job.id), name=f"job-{job.id}", daemon=True)
    app.extensions.setdefault("job_threads", []).append(thread)
    thread.start()
    return thread


def watch_job(session, job_id: int, *, actor) -> Job:
    """A job the actor may watch, failed first if its runner stopped (see `stopped_policy`)."""
    after, include_queued = stopped_policy(current_app)
    return get_job(session, job_id, actor=actor, now=utcnow(), stale_after=after, include_queued=include_queued)


def stopped_policy(app: Flask) -> tuple[float, bool]:
    """Seconds of silence after which a job is failed when someone looks at it, and whether queued ones count.

    In-process runners beat every few seconds and start at once: JOB_STALE_SECONDS, queued jobs too. With
    Celery a queued job may wait for a free worker, and a dead worker's task is delivered again after the
    visibility timeout and taken over: a running job is failed only if that did not happen well after it.
    """
    if app.extensions.get("celery") is None:
        return app.config["JOB_STALE_SECONDS"], True
    return app.config["CELERY_VISIBILITY_TIMEOUT"] + 4 * app.config["JOB_STALE_SECONDS"], False
