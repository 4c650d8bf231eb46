"""The supported-enterprise report's documents (PDF, DOCX, XLSX) made by a background job.

Five years of a large programme (2,000 to 10,000 enterprises, 100,000 contracts) take seconds to lay out as a
110-page PDF, longer when the machine is busy: no request waits for it, and no worker's timeout can cut it. The
job rebuilds the report from the filters with its starter's rights (an officer stays held to their province), and
keeps the file in the database (`core.storage`), so whichever server the reader's next request reaches serves it.
With Redis the job runs on a Celery worker; its PDF is still split into one part per CPU of that worker.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from core.jobs import Job, JobContext, create_job
from core.jobs.progress import estimated_progress
from core.pdf import parallel_parts
from core.reference.provinces import names_of_same_unit
from enterprises.models import Enterprise
from reports.supported import parse_filters
from reports.supported_export import DOCUMENT_KINDS, check_report_args, report_context, report_document
from support.models import SupportGrant
from support.scopes import officer_province
from support.vocabulary import COMMITTED_STATUSES

JOB_KIND = "reports.supported_document"
REPORT_ARGS = ("fair_id", "programme_id", "year", "province", "agency_id", "number")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# What one enterprise of the annex costs to lay out (about 5 ms of CPU in a PDF, much less in XLSX or DOCX): the
# bar's estimate while the document is being made, since WeasyPrint tells nothing until it is done.
ROW_SECONDS = {"pdf": 0.006, "docx": 0.002, "xlsx": 0.0005}
# What a download link weighs per enterprise before choosing to make the file at once or offer the job: laying it
# out, plus gathering its figures (about 0.15 ms an enterprise: 1.2 s for 10,000 at Canton scale).
LINK_ROW_SECONDS = {kind: seconds + 0.00015 for kind, seconds in ROW_SECONDS.items()}
BUILT, RENDERED = 0.25, 0.95  # the share of the bar reached once the figures are built, and once the file is made


def start_report_document(session, args, kind: str, *, actor: User, language: str, now: datetime) -> Job:
    """A queued job making the report of `args` (its filters, issuing agency and number) as `kind`; refused at
    once when the filters are wrong or outside an officer's province. The caller commits and launches it."""
    if kind not in DOCUMENT_KINDS:
        raise ValidationFailed([{"field": "kind", "message": _("Choose PDF, DOCX or XLSX.")}])
    kept = {name: str(args.get(name)).strip() for name in REPORT_ARGS if str(args.get(name) or "").strip()}
    check_report_args(session, kept, actor)
    return create_job(session, JOB_KIND, {"args": kept, "kind": kind, "language": language}, actor=actor, now=now)


def report_size(session, args, user: User) -> int:
    """About how many enterprises the report of `args` lists, from one COUNT (the year is left out, so it errs
    high), after refusing filters that are malformed or outside an officer's province."""
    check_report_args(session, args, user)
    filters = parse_filters(args, scope_province=officer_province(session, user))
    query = (sa.select(sa.func.count(sa.distinct(SupportGrant.enterprise_id)))
             .where(SupportGrant.status.in_(COMMITTED_STATUSES)))
    if filters.fair_id:
        query = query.where(SupportGrant.fair_id == filters.fair_id)
    if filters.programme_id:
        query = query.where(SupportGrant.programme_id == filters.programme_id)
    if filters.province:  # today's unit: enterprises recorded under a former name count too
        recorded = session.scalars(sa.select(Enterprise.province).distinct().where(Enterprise.province.is_not(None)))
        query = query.join(Enterprise, Enterprise.id == SupportGrant.enterprise_id).where(
            Enterprise.province.in_(names_of_same_unit(filters.province, recorded)))
    return session.scalar(query) or 0


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
