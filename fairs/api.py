"""JSON API for fairs: list, create, read and change (bearer tokens only)."""


from core.api import IF_MATCH_HEADER, PROBLEM_JSON, Blueprint, ProblemSchema, check_if_match, etag_of
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from fairs.schemas import FairInSchema, FairOutSchema, FairPatchSchema, FairQuerySchema
from fairs.services import create_fair, fairs_page, get_visible_fair, update_fair

api_bp = Blueprint("fairs_api", __name__, url_prefix="/api/v1",
                   description="Fairs and their lifecycle")

MANAGER_ROLES = ("organizer",)
FAIR_OUT = FairOutSchema()  # admins pass every role check


def _may_manage(user) -> bool:
    return user.role in MANAGER_ROLES or user.role == "admin"


@api_bp.route("/fairs", methods=["GET"])
@api_auth_required()
@api_bp.arguments(FairQuerySchema, location="query")
@api_bp.response(200, FairOutSchema(many=True))
@api_bp.alt_response(401, schema=ProblemSchema, content_type=PROBLEM_JSON, description="No valid bearer token")
@api_bp.paginate()
def list_fairs_api(query, pagination_parameters):
    """List fairs, newest first, a page at a time (drafts only for organizers)."""
    return fairs_page(db.session, query, pagination_parameters, include_unpublished=_may_manage(api_user()))


@api_bp.route("/fairs", methods=["POST"])
@api_auth_required(*MANAGER_ROLES)
@api_bp.arguments(FairInSchema)
@api_bp.response(201, FairOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Duplicate code")
def create_fair_api(body):
    """Create a fair (as a draft)."""
    fair = create_fair(db.session, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return fair


@api_bp.route("/fairs/<int:fair_id>", methods=["GET"])
@api_auth_required()
@api_bp.response(200, FairOutSchema)
@api_bp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON, description="No such fair")
def get_fair_api(fair_id: int):
    """Read one fair (its ETag in the header, for a PATCH with If-Match)."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=_may_manage(api_user()))
    return fair, 200, {"ETag": etag_of(FAIR_OUT, fair)}


@api_bp.route("/fairs/<int:fair_id>", methods=["PATCH"])
@api_auth_required(*MANAGER_ROLES)
@api_bp.doc(parameters=[IF_MATCH_HEADER])
@api_bp.arguments(FairPatchSchema)
@api_bp.response(200, FairOutSchema)
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Duplicate code or forbidden status step")
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(412, schema=ProblemSchema, content_type=PROBLEM_JSON, description="If-Match is not current")
def patch_fair_api(body, fair_id: int):
    """Change a fair's fields and/or status (by the lifecycle rules)."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    check_if_match(FAIR_OUT, fair)
    update_fair(db.session, fair, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return fair, 200, {"ETag": etag_of(FAIR_OUT, fair)}
