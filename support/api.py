"""JSON API for support: agencies, programmes, projects and their outcomes, grants (organizers record; imports are all
or nothing)."""

from flask import request

from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.errors import ValidationFailed
from core.extensions import db
from core.idempotency import HEADER_DOC as IDEMPOTENCY_HEADER
from core.idempotency import idempotent
from core.jobs.api import JobStateSchema
from core.jobs.imports import IMPORT_JOB_DESCRIPTION, start_api_import
from core.tables import TableError, read_table
from support.agencies import AGENCY_MEMBERS, create_agency, get_agency, update_agency
from support.imports import import_grants, start_grant_import
from support.listing import grants_api_page, programmes_api_page
from support.projects import create_project, get_project, import_outcomes, list_projects, record_outcome
from support.schemas import (
    AgencyInSchema,
    AgencyOutSchema,
    AgencyPatchSchema,
    GrantImportQuerySchema,
    GrantImportResultSchema,
    GrantInSchema,
    GrantOutSchema,
    GrantQuerySchema,
    GrantStatusInSchema,
    OutcomeInSchema,
    OutcomeOutSchema,
    ProgrammeInSchema,
    ProgrammeOutSchema,
    ProgrammeQuerySchema,
    ProjectInSchema,
    ProjectOutSchema,
)
from support.services import (
    MANAGERS,
    READERS,
    change_grant_status,
    create_programme,
    get_grant,
    get_programme,
    record_grant,
)

api_bp = Blueprint("support_api", __name__, url_prefix="/api/v1/support", description="Khuyến công support")


@api_bp.route("/programmes", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(ProgrammeInSchema)
@api_bp.response(201, ProgrammeOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def create_programme_api(body):
    """Record a programme: name, level, year, legal decision (number and date), budget in VND."""
    programme = create_programme(db.session, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return programme


@api_bp.route("/grants", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent
@api_bp.arguments(GrantInSchema)
@api_bp.response(201, GrantOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Past the programme's budget without override_budget, or another province's "
                                 "enterprise without confirm_other_province")
def record_grant_api(body):
    """Record a grant; one past the budget needs `override_budget` and is audited."""
    grant = record_grant(db.session, body, actor=api_user(), now=utcnow(), override=body.pop("override_budget"),
                         confirm_other_province=body.pop("confirm_other_province"))
    db.session.commit()
    return grant


@api_bp.route("/programmes/<int:programme_id>/grants/import", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(GrantImportQuerySchema, location="query")
@api_bp.doc(requestBody={"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string",
                                                                                     "format": "binary"}}}})
@api_bp.response(201, GrantImportResultSchema)
@api_bp.alt_response(202, schema=JobStateSchema, description=IMPORT_JOB_DESCRIPTION)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Bad rows, each named by row (1 = first data row), field and message")
def import_grants_api(query, programme_id: int):
    """Import grants (tax_code,content,amount_vnd,fair_code,status) from CSV or XLSX: all or none."""
    programme = get_programme(db.session, programme_id)
    data = request.get_data(cache=False)
    queued = start_api_import(data, lambda body, name: start_grant_import(
        db.session, programme, body, filename=name, override=query["override_budget"], actor=api_user(),
        now=utcnow()))
    if queued is not None:
        return queued
    try:
        rows = read_table(data)
    except TableError as error:
        raise ValidationFailed([{"row": None, "field": None, "message": str(error)}]) from error
    created = import_grants(db.session, programme, rows, actor=api_user(), now=utcnow(),
                            override=query["override_budget"])
    db.session.commit()
    return {"created": created}


@api_bp.route("/agencies", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(AgencyInSchema)
@api_bp.response(201, AgencyOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def create_agency_api(body):
    """Record an issuing agency (heading, abbreviation, seat, signer, recipients); an agencyless creator joins it."""
    agency = create_agency(db.session, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return agency


@api_bp.route("/agencies/<int:agency_id>", methods=["GET"])
@api_auth_required(*AGENCY_MEMBERS)
@api_bp.response(200, AgencyOutSchema)
@api_bp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON, description="No such agency")
def get_agency_api(agency_id: int):
    """An agency."""
    return get_agency(db.session, agency_id)


@api_bp.route("/agencies/<int:agency_id>", methods=["PATCH"])
@api_auth_required(*AGENCY_MEMBERS)
@api_bp.arguments(AgencyPatchSchema)
@api_bp.response(200, AgencyOutSchema)
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Not the caller's agency")
@api_bp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON, description="No such agency")
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def update_agency_api(body, agency_id: int):
    """Change an agency's fields; an officer only their own agency's."""
    agency = update_agency(db.session, get_agency(db.session, agency_id), body, actor=api_user(), now=utcnow())
    db.session.commit()
    return agency


@api_bp.route("/programmes/<int:programme_id>/projects", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(ProjectInSchema)
@api_bp.response(201, ProjectOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def create_project_api(body, programme_id: int):
    """Record a project (đề án) of the programme: decision, implementing unit, state budget and counterpart funds."""
    project = create_project(db.session, get_programme(db.session, programme_id), body, actor=api_user(),
                             now=utcnow())
    db.session.commit()
    return project


@api_bp.route("/programmes/<int:programme_id>/projects", methods=["GET"])
@api_auth_required(*MANAGERS, "officer")
@api_bp.response(200, ProjectOutSchema(many=True))
def list_projects_api(programme_id: int):
    """The programme's projects, by code."""
    return list_projects(db.session, get_programme(db.session, programme_id))


@api_bp.route("/projects/<int:project_id>/outcomes", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(OutcomeInSchema)
@api_bp.response(201, OutcomeOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def record_outcome_api(body, project_id: int):
    """Record what the project achieved for one beneficiary: trainees, employed afterwards, jobs, designs…"""
    outcome = record_outcome(db.session, get_project(db.session, project_id), body, actor=api_user(), now=utcnow())
    db.session.commit()
    return outcome


@api_bp.route("/projects/<int:project_id>/outcomes/import", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.doc(requestBody={"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string",
                                                                                     "format": "binary"}}}})
@api_bp.response(201, GrantImportResultSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Bad rows, each named by row (1 = first data row), field and message")
def import_outcomes_api(project_id: int):
    """Import outcomes (tax_code, recorded_on, trainees, employed_after, jobs_created, new_designs, typical_products,
    machines, typical_product_level) from CSV or XLSX: all or none."""
    project = get_project(db.session, project_id)
    try:
        rows = read_table(request.get_data(cache=False))
    except TableError as error:
        raise ValidationFailed([{"row": None, "field": None, "message": str(error)}]) from error
    created = import_outcomes(db.session, project, rows, actor=api_user(), now=utcnow())
    db.session.commit()
    return {"created": created}
@api_bp.route("/programmes", methods=["GET"])
@api_auth_required(*READERS)
@api_bp.arguments(ProgrammeQuerySchema, location="query")
@api_bp.response(200, ProgrammeOutSchema(many=True))
@api_bp.paginate()
def list_programmes_api(query, pagination_parameters):
    """The support programmes, newest year first, a page at a time."""
    return programmes_api_page(db.session, query, pagination_parameters)


@api_bp.route("/grants", methods=["GET"])
@api_auth_required(*READERS)
@api_bp.arguments(GrantQuerySchema, location="query")
@api_bp.response(200, GrantOutSchema(many=True))
@api_bp.paginate()
def list_grants_api(query, pagination_parameters):
    """The grants, newest first, a page at a time, filtered by programme, status, content, fair and province (an
    officer limited to a province sees that province's only)."""
    return grants_api_page(db.session, api_user(), query, pagination_parameters)


@api_bp.route("/grants/<int:grant_id>/status", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(GrantStatusInSchema)
@api_bp.response(200, GrantOutSchema)
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Not a possible step, or past the budget without override_budget")
def change_grant_status_api(body, grant_id: int):
    """Move a grant forward (planned → approved → disbursed) or cancel it before it is paid out."""
    grant = change_grant_status(db.session, get_grant(db.session, grant_id), body["status"], actor=api_user(),
                                now=utcnow(), override=body["override_budget"])
    db.session.commit()
    return grant
