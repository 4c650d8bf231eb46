"""The supported-enterprise report's documents (PDF, DOCX, XLSX) made by a background job.

Five years of a large programme (2,000 to 10,000 enterprises, 100,000 contracts) take seconds to lay out as a
110-page PDF, longer when the machine is busy: no request waits for it, and no worker's timeout can cut it. The
job rebuilds the report from the filters with its starter's rights (an officer stays held to their province), and
keeps the file in the database (`core.storage`), so whichever server the reader's next request reaches serves it.
With Redis the job runs on a Celery worker; its PDF is still split into one part per CPU of that worker.
"""

import threading
import time
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from core.jobs import Job, JobContext, JobLost, create_job
from core.pdf import parallel_parts
from reports.supported_export import DOCUMENT_KINDS, check_report_args, report_context, report_document

JOB_KIND = "reports.supported_document"
REPORT_ARGS = ("fair_id", "programme_id", "year", "province", "agency_id", "number")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# What one enterprise of the annex costs to lay out (about 5 ms of CPU in a PDF, much less in XLSX or DOCX): the
# bar's estimate while the document is being made, since WeasyPrint tells nothing until it is done.
ROW_SECONDS = {"pdf": 0.006, "docx": 0.002, "xlsx": 0.0005}
BUILT, RENDERED = 0.25, 0.95  # the share of the bar reached once the figures are built, and once the file is made


def start_report_document(session, args, kind: str, *, actor: User, language: str, now: datetime) -> Job:
    """A queued job making the report of `args` (its filters, issuing agency and number) as `kind`; refused at
    once when the filters are wrong or outside an officer's province. The caller commits and launches it."""
    if kind not in DOCUMENT_KINDS:
        raise ValidationFailed([{"field": "kind", "message": _("Choose PDF, DOCX or XLSX.")}])
    kept = {name: str(args.get(name)).strip() for name in REPORT_ARGS if str(args.get(name) or "").strip()}
    check_report_args(session, kept, actor)
    return create_job(session, JOB_KIND, {"args": kept, "kind": kind, "language": language}, actor=actor, now=now)


@contextmanager
def estimated_progress(report: JobContext, start: float, end: float, seconds: float):
    """Move the bar from `start` towards `end` over about `seconds` while the block runs (never past `end`)."""
    app, stop = current_app._get_current_object(), threading.Event()
    began = time.monotonic()

    def tick():
        with app.app_context():
            while not stop.wait(0.5):
                try:
                    report(start + (end - start) * min(1.0, (time.monotonic() - began) / seconds))
                except JobLost:  # the job was taken away: the handler's own next report stops it
                    return

    ticker = threading.Thread(target=tick, name="report-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()


def report_document_job(session, job: Job, report: JobContext) -> dict:
    """Job `reports.supported_document` (params: args, kind, language): the report's file, kept with the job."""
    user = session.get(User, job.created_by_id) if job.created_by_id else None
    if user is None or not user.active or user.role not in ("admin", "organizer", "officer"):
        raise PermissionDenied(_("Only organizers and reporting officers make this report."))
    kind, language = job.params["kind"], job.params.get("language") or "vi"
    with force_locale(language):
        context = report_context(session, job.params["args"], user, language=language)
        report(BUILT)
        rows = len(context["report"]["enterprises"])
        parts = parallel_parts() if kind == "pdf" else 1
        with estimated_progress(report, BUILT, RENDERED, 1.0 + rows * ROW_SECONDS[kind] / parts):
            body, media_type, filename = report_document(context, kind, today=datetime.now(VIETNAM).date())
    report(RENDERED)
    report.keep_file(session, body, media_type=media_type)
    return {"filename": filename, "mimetype": media_type, "kind": kind, "enterprises": rows}
