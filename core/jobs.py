"""Background jobs: long work (allocating 74,000 booths, printing 5,000 badges) off the request.

A job is a row (kind, parameters, status, progress, result) so any worker process can report on
it; the work runs in a thread of the process that started it, in its own app context and
database session. Packages register a handler per kind: `handler(session, job, report) -> dict`,
where `report(fraction)` records progress from 0 to 1 on a separate connection, so the bar moves
while the handler's own transaction is still open. A handler's DomainError becomes the job's
message; anything else is logged and reported as a generic failure.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Blueprint, Flask, current_app, jsonify, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.db import UTCDateTime, utcnow
from core.errors import DomainError, NotFound, PermissionDenied
from core.extensions import db

log = logging.getLogger(__name__)

JOB_STATUSES = ("queued", "running", "done", "failed")
Handler = Callable[[so.Session, "Job", Callable[[float], None]], dict]


class Job(db.Model):
    """One piece of background work and how far it has got."""

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


def register_job_handler(app: Flask, kind: str, handler: Handler) -> None:
    """Let jobs of `kind` be run by `handler`."""
    app.extensions.setdefault("job_handlers", {})[kind] = handler


def create_job(session, kind: str, params: dict, *, actor, now: datetime) -> Job:
    """A queued job; the caller commits, then calls `launch`."""
    job = Job(kind=kind, params=params, status="queued", progress=0.0, created_by_id=actor.id, created_at=now)
    session.add(job)
    session.flush()
    return job


def get_job(session, job_id: int, *, actor) -> Job:
    """A job its creator (or an admin) may watch."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(_("No such job."))
    if job.created_by_id != actor.id and actor.role != "admin":
        raise PermissionDenied(_("This job belongs to someone else."))
    return job


def _set(job_id: int, **values) -> None:
    """Write job fields on a connection of their own, committed at once."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(Job).where(Job.id == job_id).values(**values))


def run_job(app: Flask, job_id: int) -> None:
    """Run a queued job to the end in the current thread (a fresh app context and session)."""
    with app.app_context():
        session = db.session
        job = session.get(Job, job_id)
        handler = current_app.extensions.get("job_handlers", {}).get(job.kind) if job else None
        if job is None or handler is None:
            log.error("job %s: no such job or no handler", job_id)
            return
        session.rollback()  # leave no read transaction open while the status row is written
        _set(job_id, status="running", started_at=utcnow())
        job = session.get(Job, job_id)
        last = [0.0]

        def report(fraction: float) -> None:
            fraction = min(1.0, max(0.0, round(fraction, 3)))
            if fraction - last[0] >= 0.01:
                last[0] = fraction
                _set(job_id, progress=fraction)

        try:
            result = handler(session, job, report)
            session.commit()
        except DomainError as error:
            session.rollback()
            _set(job_id, status="failed", message=str(error.message)[:300], finished_at=utcnow())
            return
        except Exception:  # noqa: BLE001 - a job must end as failed, whatever went wrong
            session.rollback()
            log.exception("job %s (%s) failed", job_id, job.kind)
            _set(job_id, status="failed", message="internal error", finished_at=utcnow())
            return
        finally:
            db.session.remove()
        _set(job_id, status="done", progress=1.0, result=result, finished_at=utcnow())


def launch(job: Job) -> threading.Thread:
    """Start a committed job in a background thread of this process."""
    app = current_app._get_current_object()
    thread = threading.Thread(target=run_job, args=(app, job.id), name=f"job-{job.id}", daemon=True)
    app.extensions.setdefault("job_threads", []).append(thread)
    thread.start()
    return thread


def job_state(job: Job) -> dict:
    """What the progress bar polls for."""
    return {"id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress,
            "message": job.message, "result": job.result}


bp = Blueprint("jobs", __name__)


@bp.get("/jobs/<int:job_id>.json")
@login_required
def state(job_id: int):
    """A job's status and progress, for the page that polls it."""
    response = jsonify(job_state(get_job(db.session, job_id, actor=current_user)))
    response.headers["Cache-Control"] = "no-store"
    return response


def job_file(job_id: int) -> Path:
    """Where a job keeps the file it made (outside static/, served only to its creator)."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.bin"


@bp.get("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int):
    """The file a finished job made (a bulk badge PDF, say), for its creator."""
    job = get_job(db.session, job_id, actor=current_user)
    if job.status != "done" or not (job.result or {}).get("filename") or not job_file(job.id).exists():
        raise NotFound(_("This job has no file to download."))
    return send_file(job_file(job.id), mimetype=job.result.get("mimetype", "application/octet-stream"),
                     as_attachment=True, download_name=job.result["filename"])
