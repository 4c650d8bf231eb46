"""The review queue as an XLSX file made by a background job: a whole Canton fair's 29,000 applications take
seconds inside openpyxl, more than a request should wait, so the organizer watches a progress bar instead."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication
from booths.applications.queue import QUEUE_FILTERS, queue_query, streamed_applications
from booths.applications.services import MANAGERS, application_table
from core.errors import PermissionDenied
from core.exports import XLSX_MEDIA_TYPE, to_xlsx
from core.jobs import Job, JobContext, create_job
from fairs.models import Fair

JOB_KIND = "applications.xlsx"
PROGRESS_EVERY = 1000  # rows between two progress reports
# What one application costs to write as XLSX in a request (2.3 s for 29,000 at Canton scale): a download link
# past EXPORT_DIRECT_SECONDS offers this job instead.
XLSX_ROW_SECONDS = 0.00008


def start_applications_export(session, fair: Fair, args: dict, *, language: str, actor: User,
                              now: datetime) -> Job:
    """A queued job writing the fair's applications that match `args` (the queue's filters and sort) as XLSX."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers export applications."))
    wanted = {name: str(args[name]) for name in (*QUEUE_FILTERS, "sort") if args.get(name)}
    return create_job(session, JOB_KIND, {"fair_id": fair.id, "args": wanted, "language": language},
                      actor=actor, now=now)


def applications_export_job(session, job: Job, report: JobContext) -> dict:
    """Job `applications.xlsx` (params: fair_id, args, language): the filtered queue as one XLSX file."""
    fair = session.get(Fair, job.params["fair_id"])
    language = job.params.get("language") or "vi"
    asked = queue_query(job.params.get("args") or {})
    total = session.scalar(sa.select(sa.func.count()).where(BoothApplication.fair_id == fair.id)) or 1

    def counted(rows):
        for number, row in enumerate(rows, start=1):
            if number % PROGRESS_EVERY == 0:
                report(min(0.99, number / total))
            yield row

    with force_locale(language):
        headers, rows = application_table(counted(streamed_applications(session, fair, asked)), language=language)
        data = to_xlsx(headers, rows, title=fair.code)
    report.keep_file(session, data, media_type=XLSX_MEDIA_TYPE)
    return {"filename": f"{fair.code}-applications.xlsx", "mimetype": XLSX_MEDIA_TYPE}
