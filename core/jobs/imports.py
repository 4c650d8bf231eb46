"""Table imports as background jobs: a large upload is stored and imported by a job with a progress bar.

A request only checks the upload's size and counts its lines (`core.tables.estimate_rows`); past
`IMPORT_BACKGROUND_ROWS` rows it keeps the file in `core.storage`, queues a job and answers at once
(the page shows the progress bar, the API a 202 with the job's URL). The job reads the table, runs the
domain's import (the same service, all or nothing) in the runner's one transaction and commits the rows
with the job's `done`; a refused import commits nothing and keeps its problems by row in the job's result
(`runner.error_result`). A killed runner's transaction dies with it: the job is failed by the recovery and
"Run again" starts from the stored file, from scratch. The stored file is deleted with the import's commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, jsonify, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from core.auth import user_by_id
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.extensions import db
from core.forms import import_uploaded_table
from core.i18n import current_language
from core.jobs.models import Job, create_job, job_state
from core.jobs.runner import Handler, JobContext, launch, watch_job
from core.storage import storage
from core.tables import TableError, estimate_rows, read_table

# The share of the bar taken by reading the file; the import's own progress fills the rest up to WRITING.
READ_SHARE, WRITING = 0.1, 0.9
Progress = Callable[[float], None]
# run(session, job, rows, actor, progress) -> rows created
ImportRun = Callable[[object, Job, list[dict[str, str]], object, Progress], int]
MANAGERS = ("organizer", "admin")
IMPORT_JOB_DESCRIPTION = ("More rows than the server imports at once (IMPORT_BACKGROUND_ROWS): a job imports them, "
                          "all or none. Follow it at `Location` (GET /api/v1/jobs/{id}): its status, progress, "
                          "the rows created, or the problems by row (`result.errors`, `result.error_count`).")


@dataclass
class ImportOutcome:
    """What an import page shows: rows created now, problems by row, the HTTP status, or the job started."""

    created: int | None
    problems: list[dict]
    status: int
    job: Job | None = None


def wants_job(data: bytes) -> bool:
    """Whether an uploaded table is large enough to be imported by a job rather than in the request."""
    return estimate_rows(data) > current_app.config["IMPORT_BACKGROUND_ROWS"]


def start_import(session, kind: str, data: bytes, *, filename: str, params: dict, actor, now) -> Job:
    """Keep the uploaded file and queue the job of `kind` importing it; the caller commits, then launches it."""
    if not data.strip():
        raise ValidationFailed([{"row": None, "field": None, "message": _("The file has no rows.")}])
    upload_id = storage().put(session, data, media_type="application/octet-stream", now=now)
    # The job speaks the starter's language: its problems by row are kept as written.
    return create_job(session, kind, {**params, "upload_id": upload_id, "filename": (filename or "")[-200:],
                                      "language": current_language()}, actor=actor, now=now)


def import_upload(form, run: Callable[[list[dict[str, str]]], int],
                  start: Callable[[bytes, str], Job]) -> ImportOutcome:
    """An import page's POST: a small table imported at once (`run`, all or nothing), a large one by a job
    (`start(data, filename)` queues it; committed and launched here)."""
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        if wants_job(data):
            job = start(data, upload.filename or "")
            db.session.commit()
            launch(job)
            return ImportOutcome(None, [], 303, job)
        upload.stream.seek(0)
    created, problems, status = import_uploaded_table(form, run)
    return ImportOutcome(created, problems, status)


def accepted(job: Job) -> Response:
    """The API's answer to a large import: 202, the job's state, and its URL in `Location`."""
    response = jsonify(job_state(job))
    response.status_code = 202
    response.headers["Location"] = url_for("jobs_api.job_api", job_id=job.id)
    return response


def start_api_import(data: bytes, start: Callable[[bytes, str], Job]) -> Response | None:
    """For an API import: if the body is large, queue its job (committed, launched) and answer 202; else None."""
    if not wants_job(data):
        return None
    job = start(data, "")
    db.session.commit()
    launch(job)
    return accepted(job)


def shown_import_job(job_id: int | None, kind: str, *, actor) -> Job | None:
    """The import job an import page follows (`?job=`), if the reader may watch it and it is of that page."""
    if job_id is None:
        return None
    job = watch_job(db.session, job_id, actor=actor)
    if job.kind != kind:
        raise NotFound(_("No such job."))
    return job


def import_job_handler(run: ImportRun) -> Handler:
    """A job handler importing the job's stored table with `run(session, job, rows, actor, progress)`, which
    returns the rows created; its actor is the job's starter, still an organizer."""

    def handler(session, job: Job, report: JobContext) -> dict:
        with force_locale(job.params.get("language") or "vi"):
            return _import(session, job, report)

    def _import(session, job: Job, report: JobContext) -> dict:
        actor = user_by_id(job.created_by_id)
        # Checked again when the job runs: a starter who lost the role since must not import through it.
        if actor is None or not actor.active or actor.role not in MANAGERS:
            raise PermissionDenied(_("Only organizers import tables."))
        data = storage().get(session, job.params["upload_id"])
        if data is None:
            raise ValidationFailed([{"row": None, "field": None, "message": _(
                "The uploaded file is no longer kept; upload it again.")}])
        try:
            rows = read_table(data, job.params.get("filename") or "")
        except TableError as error:
            raise ValidationFailed([{"row": None, "field": "file", "message": _(
                "The file is neither a UTF-8 CSV nor an XLSX workbook.")}]) from error
        del data
        report(READ_SHARE)
        created = run(session, job, rows, actor,
                      lambda fraction: report(READ_SHARE + (WRITING - READ_SHARE) * fraction))
        # The file goes with the import's commit; a refused or lost import keeps it for "Run again".
        storage().delete(session, job.params["upload_id"])
        return {"created": created}

    return handler
