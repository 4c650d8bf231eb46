"""JSON API for visitors: register, badge PDF, gate check-in, attendance."""

from flask import Response, current_app
from flask_smorest import Blueprint

from core.api import PROBLEM_JSON, ProblemSchema
from core.auth import api_auth_required, api_caller, api_user
from core.db import utcnow
from core.downloads import content_disposition
from core.extensions import db
from core.urls import external_url
from fairs.gates import require_assigned_staff
from fairs.services import get_visible_fair
from visitors.attendance import attendance
from visitors.badges import badge_face, badges_pdf
from visitors.gate import scan_and_commit
from visitors.schemas import (
    AttendanceSchema,
    BadgeQuerySchema,
    CheckInResultSchema,
    CheckInSchema,
    VisitorInSchema,
    VisitorOutSchema,
)
from visitors.services import badge_code, badge_in_force, badge_token, get_visitor, register_visitor

api_bp = Blueprint("visitors_api", __name__, url_prefix="/api/v1", description="Visitors and gate check-in")
GATE_ROLES = ("organizer", "staff")
# An instance, not the class: webargs would build a new schema for every scan.
CHECK_IN_SCHEMA = CheckInSchema()


@api_bp.route("/fairs/<int:fair_id>/visitors", methods=["POST"])
@api_auth_required(*GATE_ROLES)
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
                           scanned_at=body["scanned_at"], actor=caller)


@api_bp.route("/fairs/<int:fair_id>/attendance", methods=["GET"])
@api_auth_required("organizer", "staff", "officer")
@api_bp.response(200, AttendanceSchema)
def attendance_api(fair_id: int):
    """Registered, unique visitors admitted, entries; by day, hour, gate, type, country and province."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    require_assigned_staff(db.session, fair.id, api_caller(), now=utcnow())
    return attendance(db.session, fair, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
