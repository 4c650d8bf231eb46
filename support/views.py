"""Support pages: programmes with their budget figures and grants, recording and importing grants; the agency;
projects and their outcomes."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import role_required
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import import_uploaded_table, show_errors_on_form
from core.import_help import template_download
from core.inputs import id_arg
from core.jobs.imports import import_upload, shown_import_job
from core.pagination import list_args, page_number, parse_sort
from support import bp
from support.agencies import AGENCY_MEMBERS, agency_of, create_agency, update_agency
from support.forms import (
    STATUS_LABELS,
    AgencyForm,
    GrantForm,
    GrantImportForm,
    GrantStatusForm,
    OutcomeForm,
    ProgrammeForm,
    ProjectForm,
)
from support.imports import JOB_KIND as GRANT_IMPORT
from support.imports import import_columns, import_grants, start_grant_import
from support.labels import PROJECT_STATUS_LABELS
from support.listing import GRANT_FILTERS, GRANT_SORTS, grant_choices, grant_page, grant_totals
from support.models import SupportGrant, SupportProgramme, SupportProject
from support.projects import (
    OUTCOME_COLUMNS,
    create_project,
    import_outcomes,
    list_outcomes,
    list_projects,
    record_outcome,
)
from support.scopes import officer_province
from support.services import (
    change_grant_status,
    create_programme,
    list_programmes,
    programme_figures,
    record_grant_by_codes,
)


@bp.get("/support/programmes")
@role_required("organizer", "officer")
def programmes():
    """Programmes with budget, committed and disbursed."""
    items = [(programme, programme_figures(db.session, programme)) for programme in list_programmes(db.session)]
    return render_template("support/programmes.html", items=items)


@bp.route("/support/programmes/new", methods=["GET", "POST"])
@role_required("organizer")
def new_programme():
    """Organizer: record a programme."""
    form = ProgrammeForm()
    status = 200
    if form.validate_on_submit():
        try:
            programme = create_programme(db.session, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The programme has been recorded."), "success")
            return redirect(url_for("support.programme", programme_id=programme.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    if form.is_submitted():
        status = 422
    return render_template("support/programme_form.html", form=form), status


def _programme_page(programme: SupportProgramme, form: GrantForm, status: int = 200):
    scope = officer_province(db.session, current_user)
    filters = {name: (request.args.get(name) or "").strip() for name in GRANT_FILTERS}
    sort = parse_sort(request.args.get("sort"), GRANT_SORTS, "-created")
    page = grant_page(db.session, programme, filters, sort, viewer=current_user,
                      page=page_number(request.args.get("page")))
    return render_template("support/programme.html", programme=programme, form=form,
                           figures=programme_figures(db.session, programme), grants=page.items, page=page,
                           filters=filters, sort=sort, args=list_args(request.args, GRANT_FILTERS + ("sort", "page")),
                           choices=grant_choices(db.session, programme, viewer=current_user), scope=scope,
                           scope_totals=grant_totals(db.session, programme, viewer=current_user) if scope else None,
                           status_form=GrantStatusForm()), status


@bp.get("/support/programmes/<int:programme_id>")
@role_required("organizer", "officer")
def programme(programme_id: int):
    """A programme: its figures and grants (organizers also record grants here)."""
    return _programme_page(db.get_or_404(SupportProgramme, programme_id), GrantForm())


@bp.post("/support/programmes/<int:programme_id>/grants")
@role_required("organizer")
def add_grant(programme_id: int):
    """Organizer: record one grant of the programme."""
    programme_ = db.get_or_404(SupportProgramme, programme_id)
    form = GrantForm()
    if form.validate_on_submit():
        try:
            record_grant_by_codes(db.session, programme_, form.data, actor=current_user, now=utcnow(),
                                  override=form.override_budget.data,
                                  confirm_other_province=form.confirm_other_province.data)
            db.session.commit()
            flash(_("The grant has been recorded."), "success")
            return redirect(url_for("support.programme", programme_id=programme_.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _programme_page(programme_, form, 422)


@bp.route("/support/programmes/<int:programme_id>/grants/import", methods=["GET", "POST"])
@role_required("organizer")
def import_grants_file(programme_id: int):
    """Organizer: import grants from CSV or XLSX, all or nothing."""
    programme_ = db.get_or_404(SupportProgramme, programme_id)
    form = GrantImportForm()
    # A large table is imported by a job: the page then follows its progress (?job=).
    outcome = import_upload(
        form, lambda rows: import_grants(db.session, programme_, rows, actor=current_user, now=utcnow(),
                                         override=form.override_budget.data),
        lambda data, name: start_grant_import(db.session, programme_, data, filename=name, actor=current_user,
                                              override=form.override_budget.data, now=utcnow()))
    if outcome.job is not None:
        return redirect(url_for("support.import_grants_file", programme_id=programme_.id, job=outcome.job.id))
    created, problems, status = outcome.created, outcome.problems, outcome.status
    if created is not None:
        flash(_("%(n)d grants recorded.", n=created), "success")
        return redirect(url_for("support.programme", programme_id=programme_.id))
    job = shown_import_job(request.args.get("job", type=id_arg), GRANT_IMPORT, actor=current_user)
    return render_template("support/import.html", programme=programme_, form=form, problems=problems, job=job,
                           columns=import_columns(),
                           template_url=url_for("support.import_grants_file", programme_id=programme_.id)
                           + "/template"), status


@bp.get("/support/programmes/<int:programme_id>/grants/import/template.<any(csv, xlsx):kind>")
@role_required("organizer")
def grants_import_template(programme_id: int, kind: str):
    """Organizer: an empty grants file with its header and an example row."""
    db.get_or_404(SupportProgramme, programme_id)
    return template_download(import_columns(), kind=kind, filename=_("grants-template"))


@bp.post("/support/grants/<int:grant_id>/status")
@role_required("organizer")
def grant_status(grant_id: int):
    """Organizer: move a grant to its next status (approved, disbursed), or cancel it before it is paid out."""
    grant = db.get_or_404(SupportGrant, grant_id)
    form = GrantStatusForm()
    if form.validate_on_submit():
        try:
            change_grant_status(db.session, grant, form.status.data, actor=current_user, now=utcnow(),
                                override=form.override_budget.data)
            db.session.commit()
            flash(_("The grant is now %(status)s.", status=STATUS_LABELS[form.status.data]), "success")
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
    return redirect(url_for("support.programme", programme_id=grant.programme_id,
                            **list_args(request.args, GRANT_FILTERS + ("sort", "page"))))


@bp.route("/support/agency", methods=["GET", "POST"])
@role_required(*AGENCY_MEMBERS)
def agency():
    """Edit the agency one belongs to (organizers and admins without one create it here)."""
    own = agency_of(db.session, current_user)
    if own is None and current_user.role == "officer":
        return render_template("support/agency.html", form=None, agency=None)
    form = AgencyForm(obj=own, data={"recipients": "\n".join(own.recipients or [])} if own else None)
    if form.validate_on_submit():
        try:
            if own is None:
                create_agency(db.session, form.values(), actor=current_user, now=utcnow())
            else:
                update_agency(db.session, own, form.values(), actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The agency has been saved."), "success")
            return redirect(url_for("support.agency"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("support/agency.html", form=form, agency=own), 422 if form.is_submitted() else 200


@bp.route("/support/programmes/<int:programme_id>/projects", methods=["GET", "POST"])
@role_required("organizer", "officer")
def projects(programme_id: int):
    """The programme's projects (đề án); organizers record one."""
    programme_ = db.get_or_404(SupportProgramme, programme_id)
    form = ProjectForm()
    status = 200
    if current_user.role in ("organizer", "admin") and form.validate_on_submit():
        try:
            project = create_project(db.session, programme_, form.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The project has been recorded."), "success")
            return redirect(url_for("support.project", project_id=project.id))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    if form.is_submitted():
        status = 422
    return render_template("support/projects.html", programme=programme_, form=form,
                           projects=list_projects(db.session, programme_),
                           status_labels=PROJECT_STATUS_LABELS), status


@bp.route("/support/projects/<int:project_id>", methods=["GET", "POST"])
@role_required("organizer", "officer")
def project(project_id: int):
    """A project's outcomes per beneficiary; organizers record one by form or import a CSV/XLSX file."""
    project_ = db.get_or_404(SupportProject, project_id)
    form, upload = OutcomeForm(prefix="outcome"), GrantImportForm(prefix="file")
    status = 200
    if current_user.role in ("organizer", "admin") and request.method == "POST":
        if "file-file" in request.files:
            created, problems, status = import_uploaded_table(
                upload, lambda rows: import_outcomes(db.session, project_, rows, actor=current_user, now=utcnow()))
            if created is not None:
                flash(_("%(n)d outcomes recorded.", n=created), "success")
                return redirect(url_for("support.project", project_id=project_.id))
            return _project_page(project_, form, upload, problems, status)
        if form.validate_on_submit():
            try:
                record_outcome(db.session, project_, form.data, actor=current_user, now=utcnow())
                db.session.commit()
                flash(_("The outcome has been recorded."), "success")
                return redirect(url_for("support.project", project_id=project_.id))
            except DomainError as error:
                db.session.rollback()
                show_errors_on_form(form, error)
        status = 422
    return _project_page(project_, form, upload, [], status)


def _project_page(project_, form, upload, problems, status):
    return render_template("support/project.html", project=project_, form=form, upload=upload, problems=problems,
                           outcomes=list_outcomes(db.session, project_), columns=OUTCOME_COLUMNS,
                           status_labels=PROJECT_STATUS_LABELS), status
