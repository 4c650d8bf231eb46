"""The supported-enterprise report pages: filters, totals, charts and tables; exports in five formats."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError, NotFound
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language, number
from core.jobs import launch, watch_job
from core.jobs.deferred import DeferredExport, made_in_request, offer_background_export
from core.pagination import PER_PAGE, page_number, parse_sort
from reports import bp
from reports.forms import ReportTextForm
from reports.supported import paged_report
from reports.supported_charts import report_charts
from reports.supported_export import DOCUMENT_KINDS, document_heading, export_response, report_context
from reports.supported_job import JOB_KIND, LINK_ROW_SECONDS, REPORT_ARGS, report_size, start_report_document
from reports.supported_rows import DEFAULT_SORT, ENTERPRISE_SORTS
from reports.supported_tables import content_labels, contract_kind_labels, kind_labels
from reports.supported_text import document_text
from support.agencies import agency_id_of, may_edit_agency, save_report_text
from support.budget import millions

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The only arguments the export links carry.
FILTERS = ("fair_id", "programme_id", "year", "province", "agency_id", "number")


def _page_context(args) -> dict:
    """The report with one page (50) of its enterprises, in the order `sort` asks; the exports hold them all."""
    sort = parse_sort(args.get("sort"), ENTERPRISE_SORTS, DEFAULT_SORT)
    language = current_language()

    def build(session, filters):
        return paged_report(session, filters, sort, page=page_number(args.get("page")), per_page=PER_PAGE,
                            language=language)

    return {**report_context(db.session, args, current_user, language=language, build=build), "sort": sort}


def _page(context: dict, form: ReportTextForm | None, status: int = 200):
    charts = {name: Markup(svg) for name, svg in report_charts(context["report"]).items()}
    filter_args = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    list_args = {**filter_args, **{name: request.args[name] for name in ("sort", "page") if request.args.get(name)}}
    agency = context["issuer"].agency
    if form is None and agency is not None and may_edit_agency(current_user, agency,
                                                               agency_id_of(db.session, current_user)):
        stored = context["stored"]
        form = ReportTextForm(data={"number": stored.number if stored else "",
                                    "assessment": stored.assessment if stored else ""})
    heading = document_heading(context, today=datetime.now(VIETNAM).date())
    return render_template("reports/supported.html", charts=charts, millions=millions, contents=content_labels(),
                           kinds=kind_labels(), contract_kinds=contract_kind_labels(), filter_args=filter_args,
                           list_args=list_args,
                           text=document_text(context["report"], heading), text_form=form, **context), status


@bp.get("/reports/supported")
@role_required("organizer", "officer")
def supported():
    """The report in HTML, with filters, charts, a page of the enterprises, links to the exports (every
    enterprise), and the number and assessment to keep."""
    return _page(_page_context(request.args), None)


@bp.post("/reports/supported/text")
@role_required("organizer", "officer")
def save_supported_text():
    """Keep the report's number and assessment with the issuing agency's report of this period."""
    context = _page_context(request.args)
    form = ReportTextForm()
    agency = context["issuer"].agency
    if agency is not None and form.validate_on_submit():
        try:
            save_report_text(db.session, agency, context["issuer"].period_key, form.data, actor=current_user,
                             now=utcnow())
            db.session.commit()
            flash(_("The report's number and assessment have been saved."), "success")
            filter_args = {name: request.args[name] for name in FILTERS if request.args.get(name)}
            return redirect(url_for("reports.supported", **filter_args))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _page(context, form, 422)


@bp.get("/reports/supported.<any(csv, xlsx, pdf, json, docx):kind>")
@role_required("organizer", "officer")
def supported_export(kind: str):
    """The report as CSV, XLSX, PDF, DOCX or JSON; a document too large to make at once is offered as a job."""
    if kind in DOCUMENT_KINDS:
        rows = report_size(db.session, request.args, current_user)
        if not made_in_request(rows, LINK_ROW_SECONDS[kind]):
            filter_args = {name: request.args[name] for name in REPORT_ARGS if request.args.get(name)}
            export = DeferredExport(title=_("The report as %(kind)s", kind=kind.upper()),
                                    action=url_for("reports.start_supported_document"),
                                    back_url=url_for("reports.supported", **filter_args),
                                    size=ngettext("%(count)s enterprise", "%(count)s enterprises", rows,
                                                  count=number(rows)),
                                    fields={**filter_args, "kind": kind})
            return offer_background_export(export, rows=rows, row_seconds=LINK_ROW_SECONDS[kind])
    context = report_context(db.session, request.args, current_user, language=current_language())
    return export_response(context, kind, today=datetime.now(VIETNAM).date())


@bp.post("/reports/supported/documents")
@role_required("organizer", "officer")
def start_supported_document():
    """Make the report's PDF, DOCX or XLSX in the background, then follow it on its own page."""
    filter_args = {name: request.form[name] for name in REPORT_ARGS if request.form.get(name)}
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("reports.supported", **filter_args))
    try:
        job = start_report_document(db.session, request.form, request.form.get("kind", ""), actor=current_user,
                                    language=current_language(), now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("reports.supported", **filter_args))
    db.session.commit()
    launch(job)
    return redirect(url_for("reports.supported_document", job_id=job.id))


@bp.get("/reports/supported/documents/<int:job_id>")
@role_required("organizer", "officer")
def supported_document(job_id: int):
    """How far the report's document has got; its download once it is made."""
    job = watch_job(db.session, job_id, actor=current_user)
    if job.kind != JOB_KIND:
        raise NotFound(_("No such job."))
    return render_template("reports/supported_document.html", job=job, back_args=job.params["args"])
