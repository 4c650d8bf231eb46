"""The job row and the rules around it: who may watch a job, when a silent one is failed, running it again."""

from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from core.db import UTCDateTime
from core.errors import Conflict, NotFound, PermissionDenied
from core.extensions import db

JOB_STATUSES = ("queued", "running", "done", "failed")
# Stored as written and translated when shown (a job is failed by whoever polls it, in any language).
STOPPED_MESSAGE = "The server running this job stopped; run it again."
UNQUEUED_MESSAGE = "The task queue could not be reached; run it again."


class Job(db.Model):
    """One piece of background work, who runs it, and how far it has got."""

    __tablename__ = "job"
    __table_args__ = (
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_known"),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name="progress_fraction"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    params: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="queued")
    progress: so.Mapped[float] = so.mapped_column(default=0.0)
    message: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    result: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # The runner holding the job (host:pid:thread, or the Celery worker's) and when it last said it is alive.
    owner: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    heartbeat_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    attempts: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # The file the job made, kept in core.storage; committed with the job's `done`, never before.
    file_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("stored_blob.id", ondelete="SET NULL"))


def create_job(session, kind: str, params: dict, *, actor, now: datetime) -> Job:
    """A queued job; the caller commits, then calls `launch`."""
    job = Job(kind=kind, params=params, status="queued", progress=0.0, created_by_id=actor.id, created_at=now,
              heartbeat_at=now, attempts=0)
    session.add(job)
    session.flush()
    return job


def may_watch(job: Job, actor) -> bool:
    """Its creator, an admin, or an organizer when the job belongs to a fair."""
    if job.created_by_id == actor.id or actor.role == "admin":
        return True
    return actor.role == "organizer" and "fair_id" in (job.params or {})


def get_job(session, job_id: int, *, actor, now: datetime | None = None, stale_after: float | None = None,
            include_queued: bool = True) -> Job:
    """A job the actor may watch; given `now` and `stale_after`, a silent job is failed first."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(_("No such job."))
    if not may_watch(job, actor):
        raise PermissionDenied(_("This job belongs to someone else."))
    if now is None or stale_after is None or job.status not in (("queued", "running") if include_queued
                                                                 else ("running",)):
        return job
    # Checked on the row first, so the progress bar's polls of a live job write nothing.
    if (job.heartbeat_at or job.created_at) < now - timedelta(seconds=stale_after) and fail_stopped_jobs(
            now=now, stale_after=stale_after, job_id=job.id, include_queued=include_queued):
        session.refresh(job)
    return job


def fail_stopped_jobs(*, now: datetime, stale_after: float, job_id: int | None = None,
                      include_queued: bool = True) -> int:
    """Mark failed the jobs (one, or all) whose runner has not said it is alive for `stale_after` seconds.

    Written on a connection of its own and committed at once, so a page that only reads still records it.
    """
    limit = now - timedelta(seconds=stale_after)
    statuses = ("queued", "running") if include_queued else ("running",)
    silent = sa.func.coalesce(Job.heartbeat_at, Job.created_at) < limit
    statement = (sa.update(Job).where(Job.status.in_(statuses), silent)
                 .values(status="failed", message=STOPPED_MESSAGE, owner=None, finished_at=now))
    if job_id is not None:
        statement = statement.where(Job.id == job_id)
    with db.engine.begin() as connection:
        return connection.execute(statement).rowcount


def job_message(job: Job) -> str | None:
    """The job's message in the reader's language where it is ours to translate."""
    if job.message == STOPPED_MESSAGE:
        return _("The server running this job stopped; run it again.")
    if job.message == UNQUEUED_MESSAGE:
        return _("The task queue could not be reached; run it again.")
    return job.message


def job_state(job: Job) -> dict:
    """What the progress bar and the API poll for."""
    return {"id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress,
            "message": job_message(job), "result": job.result}


def rerun_job(session, job: Job, *, now: datetime) -> Job:
    """Put a failed job back in the queue, as new; the caller commits, then calls `launch`."""
    if job.status != "failed":
        raise Conflict(_("Only a failed job can be run again."))
    session.execute(sa.update(Job).where(Job.id == job.id, Job.status == "failed").values(
        status="queued", progress=0.0, message=None, result=None, owner=None, heartbeat_at=now, started_at=None,
        finished_at=None, file_id=None))
    session.refresh(job)
    return job
