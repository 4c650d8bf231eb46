"""Job pages: the state a progress bar polls, the file a job made, running a failed job again."""

from flask import Blueprint, Response, jsonify, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.db import utcnow
from core.downloads import content_disposition
from core.errors import NotFound
from core.extensions import db
from core.forms import EmptyForm
from core.jobs.models import Job, job_message, job_state, rerun_job
from core.jobs.runner import launch, watch_job
from core.storage import storage
from core.urls import safe_next

bp = Blueprint("jobs", __name__)
bp.add_app_template_global(job_message, "job_message")


@bp.get("/jobs/<int:job_id>.json")
@login_required
def state(job_id: int):
    """A job's status and progress, for the page that polls it (a job whose runner stopped ends failed here)."""
    response = jsonify(job_state(watch_job(db.session, job_id, actor=current_user)))
    response.headers["Cache-Control"] = "no-store"
    return response


def job_file_response(job: Job) -> Response:
    """The file a finished job made, as a download never shown inline."""
    data = storage().get(db.session, job.file_id) if job.status == "done" and job.file_id else None
    if data is None or not (job.result or {}).get("filename"):
        raise NotFound(_("This job has no file to download."))
    return Response(data, mimetype=job.result.get("mimetype", "application/octet-stream"), headers={
        "Content-Disposition": content_disposition(job.result["filename"]),
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    })


@bp.get("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int):
    """The file a finished job made (a bulk badge PDF, say), for those who may watch the job."""
    return job_file_response(watch_job(db.session, job_id, actor=current_user))


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    """Run a failed job again (same work, same page), then go back to the page that showed it."""
    form = EmptyForm()
    job = watch_job(db.session, job_id, actor=current_user)
    back = safe_next(request.form.get("next"), "/")
    if form.validate_on_submit():
        rerun_job(db.session, job, now=utcnow())
        db.session.commit()
        launch(job)
    return redirect(back)
