"""The organizer's tables in and out of the review queue: its CSV and XLSX exports (a large XLSX made by a
background job) and the delegation import (a large file imported by a job)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from booths import bp
from booths.applications.delegations import JOB_KIND as DELEGATION_IMPORT
from booths.applications.delegations import import_columns, import_delegation, start_delegation_import
from booths.applications.export_job import XLSX_ROW_SECONDS, start_applications_export
from booths.applications.queue import QUEUE_FILTERS, queue_query, review_page, streamed_applications
from booths.applications.services import application_table
from booths.layout.forms import ImportForm
from core.auth import role_required
from core.db import utcnow
from core.downloads import streamed_table_download
from core.extensions import db
from core.forms import EmptyForm
from core.i18n import current_language, number
from core.import_help import template_download
from core.inputs import id_arg
from core.jobs import launch
from core.jobs.deferred import DeferredExport, made_in_request, offer_background_export
from core.jobs.imports import import_upload, shown_import_job
from core.pagination import list_args
from fairs.models import Fair


@bp.get("/fairs/<int:fair_id>/applications.<any(csv, xlsx):file_format>")
@role_required("organizer")
def export_applications(fair_id: int, file_format: str):
    """Organizer: the filtered review queue as CSV (streamed) or XLSX; an XLSX too large to write at once is
    offered as a background job."""
    fair = db.get_or_404(Fair, fair_id)
    asked = queue_query(request.args)
    if file_format == "xlsx":
        rows = review_page(db.session, fair, asked, page=1, per_page=1).total
        if not made_in_request(rows, XLSX_ROW_SECONDS):
            args = list_args(request.args, QUEUE_FILTERS + ("sort",))
            export = DeferredExport(title=_("Applications") + " · XLSX",
                                    action=url_for("booths.export_applications_job", fair_id=fair.id),
                                    back_url=url_for("booths.review_queue", fair_id=fair.id, **args), fields=args,
                                    size=ngettext("%(count)s application", "%(count)s applications", rows,
                                                  count=number(rows)))
            return offer_background_export(export, rows=rows, row_seconds=XLSX_ROW_SECONDS)
    headers, rows = application_table(streamed_applications(db.session, fair, asked), language=current_language())
    return streamed_table_download(headers, rows, kind=file_format, filename=f"{fair.code}-applications",
                                   title=fair.code)


@bp.post("/fairs/<int:fair_id>/applications/export")
@role_required("organizer")
def export_applications_job(fair_id: int):
    """Organizer: the filtered review queue as XLSX, written by a background job the queue page follows."""
    fair = db.get_or_404(Fair, fair_id)
    args = list_args(request.form, QUEUE_FILTERS + ("sort",))
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("booths.review_queue", fair_id=fair.id, **args))
    job = start_applications_export(db.session, fair, args, language=current_language(), actor=current_user,
                                    now=utcnow())
    db.session.commit()
    launch(job)
    return redirect(url_for("booths.review_queue", fair_id=fair.id, job=job.id, **args))


@bp.route("/fairs/<int:fair_id>/applications/import", methods=["GET", "POST"])
@role_required("organizer")
def import_delegation_file(fair_id: int):
    """Organizer: register a delegation's enterprises and applications from CSV or XLSX, all or nothing."""
    fair = db.get_or_404(Fair, fair_id)
    form = ImportForm()
    # A large table is imported by a job: the page then follows its progress (?job=).
    outcome = import_upload(
        form, lambda rows: import_delegation(db.session, fair, rows, actor=current_user, now=utcnow()),
        lambda data, name: start_delegation_import(db.session, fair, data, filename=name, actor=current_user,
                                                   now=utcnow()))
    if outcome.job is not None:
        return redirect(url_for("booths.import_delegation_file", fair_id=fair.id, job=outcome.job.id))
    if outcome.created is not None:
        flash(_("%(n)d applications have been registered.", n=outcome.created), "success")
        return redirect(url_for("booths.review_queue", fair_id=fair.id))
    job = shown_import_job(request.args.get("job", type=id_arg), DELEGATION_IMPORT, actor=current_user)
    return render_template("booths/delegation_import.html", fair=fair, form=form, problems=outcome.problems,
                           job=job, columns=import_columns(),
                           template_url=url_for("booths.import_delegation_file", fair_id=fair.id) + "/template"), \
        outcome.status


@bp.get("/fairs/<int:fair_id>/applications/import/template.<any(csv, xlsx):kind>")
@role_required("organizer")
def delegation_import_template(fair_id: int, kind: str):
    """Organizer: an empty delegation file with its header and an example row."""
    db.get_or_404(Fair, fair_id)
    return template_download(import_columns(), kind=kind, filename=_("delegation-template"))
