"""JSON API for halls, zones, booth imports, booth lists and floor plan SVGs."""

from flask import Response, request

from booths.layout.plans import occupants_shown, render_fair_svg
from booths.layout.schemas import (
    BoothOutSchema,
    FloorplanQuerySchema,
    HallInSchema,
    HallOutSchema,
    ImportResultSchema,
    ZoneInSchema,
    ZoneOutSchema,
)
from booths.layout.services import booth_rows_for_api, create_hall, create_zone, import_booths
from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.errors import ValidationFailed
from core.extensions import db
from core.i18n import current_language
from core.tables import TableError, read_table
from enterprises.services import enterprise_of
from fairs.services import get_visible_fair

api_bp = Blueprint("booths_api", __name__, url_prefix="/api/v1", description="Halls, zones, booths, floor plans")
MANAGERS = ("organizer",)
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
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Bad rows, each named by row (1 = first data row), field and message")
def import_booths_api(fair_id: int):
    """Import booths from CSV (or XLSX): all of them or none."""
    fair = _fair_for(fair_id, manage=True)
    try:
        rows = read_table(request.get_data(cache=False))
    except TableError as error:
        raise ValidationFailed([{"row": None, "field": None, "message": str(error)}]) from error
    created = import_booths(db.session, fair, rows, actor=api_user(), now=utcnow())
    db.session.commit()
    return {"created": created}


@api_bp.route("/fairs/<int:fair_id>/booths", methods=["GET"])
@api_auth_required()
@api_bp.response(200, BoothOutSchema(many=True))
def list_booths_api(fair_id: int):
    """Every booth of the fair with its geometry and status."""
    fair = _fair_for(fair_id, manage=False)
    return booth_rows_for_api(db.session, fair, language=current_language())


@api_bp.route("/fairs/<int:fair_id>/floorplan.svg", methods=["GET"])
@api_auth_required()
@api_bp.arguments(FloorplanQuerySchema, location="query")
@api_bp.response(200, content_type="image/svg+xml", description="The plan of one hall, or of every hall")
def floorplan_api(query, fair_id: int):
    """The floor plan as SVG, coloured by status, zone, province or country."""
    fair = _fair_for(fair_id, manage=False)
    user = api_user()
    own = enterprise_of(db.session, user) if user.role == "exhibitor" else None
    reveal = occupants_shown(fair, manager=user.role in ("organizer", "admin"), own=[own.id] if own else [])
    svg = render_fair_svg(db.session, fair, hall=query["hall"], mode=query["colour"], language=current_language(),
                          reveal=reveal)
    return Response(svg, mimetype="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})
