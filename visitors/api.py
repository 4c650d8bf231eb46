"""JSON API for visitors: register, badge PDF, gate check-in, attendance."""

from flask import Response, current_app, request

from booths.applications.services import get_application_for
from core.api import PROBLEM_JSON, Blueprint, ProblemSchema, file_content
from core.auth import api_auth_required, api_caller, api_user
from core.db import utcnow
from core.downloads import content_disposition
from core.extensions import db
from core.idempotency import HEADER_DOC as IDEMPOTENCY_HEADER
from core.idempotency import idempotent
from core.jobs import launch
from core.urls import external_url
from fairs.gates import require_assigned_staff
from fairs.services import get_visible_fair
from visitors.attendance import attendance
from visitors.badge_list import conditional_badge_list
from visitors.badges import badge_face, badges_pdf
from visitors.gate import scan_and_commit
from visitors.lists import scans_page, visitors_page
from visitors.printing import start_badge_printing
from visitors.schemas import (
    AttendanceSchema,
    BadgeListQuerySchema,
    BadgeListSchema,
    BadgePrintSchema,
    BadgeQuerySchema,
    CheckInResultSchema,
    CheckInSchema,
    JobStartedSchema,
    ScanOutSchema,
    ScanQuerySchema,
    VisitorInSchema,
    VisitorListSchema,
    VisitorOutSchema,
    VisitorQuerySchema,
)
from visitors.services import badge_code, badge_in_force, badge_token, get_visitor, register_visitor
from visitors.staff import staff_page

api_bp = Blueprint("visitors_api", __name__, url_prefix="/api/v1", description="Visitors and gate check-in")
GATE_ROLES = ("organizer", "staff")
# An instance, not the class: webargs would build a new schema for every scan.
CHECK_IN_SCHEMA = CheckInSchema()


@api_bp.route("/fairs/<int:fair_id>/visitors", methods=["POST"])
@api_auth_required(*GATE_ROLES)
@api_bp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent
@api_bp.arguments(VisitorInSchema)
@api_bp.response(201, VisitorOutSchema)
@api_bp.alt_response(200, schema=VisitorOutSchema, description="The e-mail was already registered: its badge")
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def register_visitor_api(body, fair_id: int):
    """Register a visitor and issue a badge (the same e-mail again returns the existing badge)."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    visitor, created = register_visitor(db.session, fair, body, source="api", actor=api_user(), now=utcnow())
    badge = badge_in_force(db.session, visitor)
    code = badge_code(db.session, badge, now=utcnow())
    db.session.commit()
    token = badge_token(visitor, badge, current_app.config["SECRET_KEY"],
                        days_after_fair=current_app.config["BADGE_LINK_DAYS_AFTER_FAIR"])
    return {"id": visitor.id, "badge_serial": badge.serial, "qr": code, "created": created,
            "badge_url": external_url("visitors.badge_page", token=token)}, 201 if created else 200


@api_bp.route("/visitors/<int:visitor_id>/badge.pdf", methods=["GET"])
@api_auth_required(*GATE_ROLES)
@api_bp.arguments(BadgeQuerySchema, location="query")
@api_bp.response(200, content_type="application/pdf", description="The badge, A6 or CR80")
@api_bp.doc(responses={"200": {"content": file_content("application/pdf")}})
def badge_pdf_api(query, visitor_id: int):
    """A visitor's badge as a PDF."""
    visitor = get_visitor(db.session, visitor_id)
    require_assigned_staff(db.session, visitor.fair_id, api_caller(), now=utcnow())
    badge = badge_in_force(db.session, visitor)
    code = badge_code(db.session, badge, now=utcnow())
    db.session.commit()
    pdf = badges_pdf(visitor.fair, [badge_face(visitor, code, badge.serial)], size=query["size"])
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": content_disposition(f"badge-{visitor.id}-{query['size']}.pdf")})


@api_bp.route("/fairs/<int:fair_id>/badge-prints", methods=["POST"])
@api_auth_required(*GATE_ROLES)
@api_bp.arguments(BadgePrintSchema)
@api_bp.response(202, JobStartedSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def badge_prints_api(body, fair_id: int):
    """Print many badges as one PDF in the background; follow the job, then fetch its file."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    size = "sheet" if body["size"] == "a4" else body["size"]
    job = start_badge_printing(db.session, fair, size=size, visitor_ids=body["visitor_ids"], actor=api_caller(),
                               now=utcnow())
    db.session.commit()
    launch(job)
    return {"job_id": job.id}


@api_bp.route("/fairs/<int:fair_id>/checkins", methods=["POST"])
@api_auth_required(*GATE_ROLES)
@api_bp.arguments(CHECK_IN_SCHEMA)
@api_bp.response(200, CheckInResultSchema)
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Gate staff not assigned to this fair")
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="A malformed request")
def check_in_api(body, fair_id: int):
    """Check a scanned code in at a gate; a refused code is still a 200 with its verdict. Gate staff scan only
    at the fairs they are assigned to (403 elsewhere)."""
    caller = api_caller()
    require_assigned_staff(db.session, fair_id, caller, now=utcnow())
    return scan_and_commit(fair_id, code=body["code"], gate=body["gate"], nonce=body["nonce"],
                           scanned_at=body["scanned_at"], actor=caller, offline_result=body["offline_result"])


@api_bp.route("/fairs/<int:fair_id>/attendance", methods=["GET"])
@api_auth_required("organizer", "staff", "officer")
@api_bp.response(200, AttendanceSchema)
def attendance_api(fair_id: int):
    """Registered, unique visitors admitted, entries; by day, hour, gate, type, country and province."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    return attendance(db.session, fair, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])


@api_bp.route("/fairs/<int:fair_id>/badges", methods=["GET"])
@api_auth_required(*GATE_ROLES)
@api_bp.arguments(BadgeListQuerySchema, location="query")
@api_bp.response(200, BadgeListSchema)
@api_bp.alt_response(304, description="Not modified: the If-None-Match ETag is the list's")
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Gate staff not assigned to this fair")
def badge_list_api(query, fair_id: int):
    """The fair's badge list for an offline scanner: serial, name, organisation, type and revocation of each badge,
    the public key and the gate days; `since` (an earlier answer's `cursor`) gives the changes only."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    etag, body = conditional_badge_list(db.session, fair, since=query.get("since"),
                                        if_none_match=request.if_none_match, now=utcnow())
    db.session.commit()  # the key may have just been made
    response = Response(body, mimetype="application/json") if body is not None else Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-store"
    return response
@api_bp.route("/fairs/<int:fair_id>/visitors", methods=["GET"])
@api_auth_required(*GATE_ROLES)
@api_bp.arguments(VisitorQuerySchema, location="query")
@api_bp.response(200, VisitorListSchema(many=True))
@api_bp.paginate()
def list_visitors_api(query, fair_id: int, pagination_parameters):
    """The fair's visitors, newest first, a page at a time, filtered by type, country, admitted and a search."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    return visitors_page(db.session, fair, query, pagination_parameters,
                         timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])


@api_bp.route("/fairs/<int:fair_id>/scans", methods=["GET"])
@api_auth_required(*GATE_ROLES)
@api_bp.arguments(ScanQuerySchema, location="query")
@api_bp.response(200, ScanOutSchema(many=True))
@api_bp.paginate()
def list_scans_api(query, fair_id: int, pagination_parameters):
    """The fair's scans at the gates (refused ones too), newest first, a page at a time, by gate, result and time."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    return scans_page(db.session, fair, query, pagination_parameters,
                      timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])


@api_bp.route("/applications/<int:application_id>/staff", methods=["GET"])
@api_auth_required("organizer", "exhibitor")
@api_bp.response(200, VisitorListSchema(many=True))
@api_bp.paginate()
def list_staff_api(application_id: int, pagination_parameters):
    """The exhibitor staff registered (each with a badge) for an application, by name, a page at a time."""
    user = api_user()
    application = get_application_for(db.session, application_id, user)
    return [_staff_row(visitor) for visitor in staff_page(db.session, application, user, pagination_parameters)]


def _staff_row(visitor) -> dict:
    return {"id": visitor.id, "full_name": visitor.full_name, "organisation": visitor.organisation,
            "email": visitor.email, "country": visitor.country, "province": visitor.province,
            "visitor_type": visitor.visitor_type, "created_at": visitor.created_at, "admitted": None}
