"""JSON API for halls, zones, booth imports, booth lists and floor plan SVGs."""

from flask import Response, request

from booths.layout.edits import set_booth_blocked
from booths.layout.import_job import start_booth_import
from booths.layout.plans import occupants_shown, render_fair_svg
from booths.layout.schemas import (
    BlockInSchema,
    BoothOutSchema,
    BoothQuerySchema,
    FloorplanQuerySchema,
    HallInSchema,
    HallOutSchema,
    ImportResultSchema,
    ZoneInSchema,
    ZoneOutSchema,
)
from booths.layout.services import (
    booth_row,
    booth_rows_for_api,
    booth_statuses,
    create_hall,
    create_zone,
    get_booth,
    halls_page,
    import_booths,
    zones_page,
)
from core.api import PROBLEM_JSON, Blueprint, ProblemSchema, file_content
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.errors import ValidationFailed
from core.extensions import db
from core.i18n import current_language
from core.jobs.api import JobStateSchema
from core.jobs.imports import IMPORT_JOB_DESCRIPTION, start_api_import
from core.tables import TableError, read_table
from enterprises.services import enterprise_of
from fairs.services import get_visible_fair

api_bp = Blueprint("booths_api", __name__, url_prefix="/api/v1", description="Halls, zones, booths, floor plans")
MANAGERS = ("organizer",)
# A hall's plan drawn by a client fits one page of the largest size.
BOOTH_PAGE_SIZE, MAX_BOOTH_PAGE_SIZE = 100, 1000
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _fair_for(fair_id: int, *, manage: bool):
    user = api_user()
    may_manage = user.role in ("organizer", "admin")
    return get_visible_fair(db.session, fair_id, include_unpublished=manage or may_manage)


@api_bp.route("/fairs/<int:fair_id>/halls", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(HallInSchema)
@api_bp.response(201, HallOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Duplicate name")
def create_hall_api(body, fair_id: int):
    """Add a hall to a fair."""
    fair = _fair_for(fair_id, manage=True)
    hall = create_hall(db.session, fair, name=body["name"], width_m=body["width_m"], depth_m=body["depth_m"],
                       actor=api_user(), now=utcnow())
    db.session.commit()
    return hall


@api_bp.route("/fairs/<int:fair_id>/zones", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(ZoneInSchema)
@api_bp.response(201, ZoneOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Duplicate name (case aside)")
def create_zone_api(body, fair_id: int):
    """Add a zone to a fair."""
    fair = _fair_for(fair_id, manage=True)
    zone = create_zone(db.session, fair, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return zone


@api_bp.route("/fairs/<int:fair_id>/booths/import", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.doc(requestBody={"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string",
                                                                                     "format": "binary"}}}})
@api_bp.response(201, ImportResultSchema)
@api_bp.alt_response(202, schema=JobStateSchema, description=IMPORT_JOB_DESCRIPTION)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Bad rows, each named by row (1 = first data row), field and message")
def import_booths_api(fair_id: int):
    """Import booths from CSV (or XLSX): all of them or none; a large table by a job (202)."""
    fair = _fair_for(fair_id, manage=True)
    data = request.get_data(cache=False)
    queued = start_api_import(data, lambda body, name: start_booth_import(
        db.session, fair, body, filename=name, actor=api_user(), now=utcnow()))
    if queued is not None:
        return queued
    try:
        rows = read_table(data)
    except TableError as error:
        raise ValidationFailed([{"row": None, "field": None, "message": str(error)}]) from error
    created = import_booths(db.session, fair, rows, actor=api_user(), now=utcnow())
    db.session.commit()
    return {"created": created}


@api_bp.route("/fairs/<int:fair_id>/booths", methods=["GET"])
@api_auth_required()
@api_bp.arguments(BoothQuerySchema, location="query")
@api_bp.response(200, BoothOutSchema(many=True))
@api_bp.paginate(page_size=BOOTH_PAGE_SIZE, max_page_size=MAX_BOOTH_PAGE_SIZE)
def list_booths_api(query, fair_id: int, pagination_parameters):
    """The fair's booths with their geometry and status, a page at a time, filtered by hall, zone and status."""
    fair = _fair_for(fair_id, manage=False)
    return booth_rows_for_api(db.session, fair, query, pagination_parameters, language=current_language())


@api_bp.route("/fairs/<int:fair_id>/floorplan.svg", methods=["GET"])
@api_auth_required()
@api_bp.arguments(FloorplanQuerySchema, location="query")
@api_bp.response(200, content_type="image/svg+xml", description="The plan of one hall, or of every hall")
@api_bp.doc(responses={"200": {"content": file_content("image/svg+xml")}})
def floorplan_api(query, fair_id: int):
    """The floor plan as SVG, coloured by status, zone, province or country."""
    fair = _fair_for(fair_id, manage=False)
    user = api_user()
    own = enterprise_of(db.session, user) if user.role == "exhibitor" else None
    reveal = occupants_shown(fair, manager=user.role in ("organizer", "admin"), own=[own.id] if own else [])
    svg = render_fair_svg(db.session, fair, hall=query["hall"], mode=query["colour"], language=current_language(),
                          reveal=reveal)
    return Response(svg, mimetype="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})


@api_bp.route("/fairs/<int:fair_id>/halls", methods=["GET"])
@api_auth_required()
@api_bp.response(200, HallOutSchema(many=True))
@api_bp.paginate()
def list_halls_api(fair_id: int, pagination_parameters):
    """The fair's halls, by name, a page at a time."""
    return halls_page(db.session, _fair_for(fair_id, manage=False), pagination_parameters)


@api_bp.route("/fairs/<int:fair_id>/zones", methods=["GET"])
@api_auth_required()
@api_bp.response(200, ZoneOutSchema(many=True))
@api_bp.paginate()
def list_zones_api(fair_id: int, pagination_parameters):
    """The fair's zones, in creation order, a page at a time."""
    return zones_page(db.session, _fair_for(fair_id, manage=False), pagination_parameters)


def _booth_row(booth) -> dict:
    return booth_row(booth, booth_statuses(db.session, [booth])[booth.id], language=current_language())


@api_bp.route("/fairs/<int:fair_id>/booths/<code>/block", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.arguments(BlockInSchema)
@api_bp.response(200, BoothOutSchema)
def block_booth_api(body, fair_id: int, code: str):
    """Block a booth (a pillar, a fire exit): allocation and manual assignment leave it alone."""
    booth = get_booth(db.session, _fair_for(fair_id, manage=True), code)
    set_booth_blocked(db.session, booth, blocked=True, reason=body["reason"], actor=api_user(), now=utcnow())
    db.session.commit()
    return _booth_row(booth)


@api_bp.route("/fairs/<int:fair_id>/booths/<code>/unblock", methods=["POST"])
@api_auth_required(*MANAGERS)
@api_bp.response(200, BoothOutSchema)
def unblock_booth_api(fair_id: int, code: str):
    """Make a blocked booth available again."""
    booth = get_booth(db.session, _fair_for(fair_id, manage=True), code)
    set_booth_blocked(db.session, booth, blocked=False, actor=api_user(), now=utcnow())
    db.session.commit()
    return _booth_row(booth)
