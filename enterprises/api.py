"""JSON API for enterprises."""


from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from core.idempotency import HEADER_DOC as IDEMPOTENCY_HEADER
from core.idempotency import idempotent
from enterprises.schemas import EnterpriseInSchema, EnterpriseOutSchema
from enterprises.services import create_enterprise, get_enterprise_for

api_bp = Blueprint("enterprises_api", __name__, url_prefix="/api/v1", description="Enterprises")


@api_bp.route("/enterprises", methods=["POST"])
@api_auth_required("organizer", "exhibitor")
@api_bp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent
@api_bp.arguments(EnterpriseInSchema)
@api_bp.response(201, EnterpriseOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Tax code already registered")
def create_enterprise_api(body):
    """Register an enterprise (an exhibitor registers its own; an organizer registers for a delegation)."""
    enterprise = create_enterprise(db.session, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return enterprise


@api_bp.route("/enterprises/<int:enterprise_id>", methods=["GET"])
@api_auth_required()
@api_bp.response(200, EnterpriseOutSchema)
@api_bp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON, description="No such enterprise")
def get_enterprise_api(enterprise_id: int):
    """Read an enterprise: your own, or any for organizers and officers."""
    return get_enterprise_for(db.session, enterprise_id, api_user())
