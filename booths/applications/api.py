"""JSON API for booth applications: apply, decide, list."""


from booths.applications.fees import support_grant_of
from booths.applications.queue import applications_api_page
from booths.applications.schemas import (
    ApplicationInSchema,
    ApplicationOutSchema,
    ApplicationQuerySchema,
    DecidedApplication,
    DecisionInSchema,
    DecisionOutSchema,
)
from booths.applications.services import (
    decide_application,
    get_application_for,
    submit_application,
)
from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from core.idempotency import HEADER_DOC as IDEMPOTENCY_HEADER
from core.idempotency import idempotent
from enterprises.services import get_enterprise_for
from fairs.services import get_visible_fair

api_bp = Blueprint("applications_api", __name__, url_prefix="/api/v1", description="Booth applications")


@api_bp.route("/fairs/<int:fair_id>/applications", methods=["POST"])
@api_auth_required("organizer", "exhibitor")
@api_bp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent
@api_bp.arguments(ApplicationInSchema)
@api_bp.response(201, ApplicationOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Already applied, or the fair is not accepting applications")
def submit_application_api(body, fair_id: int):
    """Apply for booths for an enterprise (your own; organizers apply for delegations)."""
    user = api_user()
    fair = get_visible_fair(db.session, fair_id, include_unpublished=user.role in ("organizer", "admin"))
    enterprise = get_enterprise_for(db.session, body.pop("enterprise_id"), user)
    application = submit_application(db.session, fair, enterprise, body, actor=user, now=utcnow())
    db.session.commit()
    return application


@api_bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@api_auth_required("organizer")
@api_bp.arguments(DecisionInSchema)
@api_bp.response(200, DecisionOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Missing reason")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Not a possible step")
def decide_application_api(body, application_id: int):
    """Approve, waitlist or reject an application (a reason is needed for the last two); `grant_support` says
    whether an approval also makes the booth-fee grant the application asked for."""
    application = get_application_for(db.session, application_id, api_user())
    decide_application(db.session, application, body["status"], reason=body["reason"], actor=api_user(),
                       now=utcnow(), grant_support=body["grant_support"])
    grant = support_grant_of(db.session, application)
    db.session.commit()
    return DecidedApplication(application, grant)


@api_bp.route("/fairs/<int:fair_id>/applications", methods=["GET"])
@api_auth_required("organizer", "officer", "exhibitor")
@api_bp.arguments(ApplicationQuerySchema, location="query")
@api_bp.response(200, ApplicationOutSchema(many=True))
@api_bp.paginate()
def list_applications_api(query, fair_id: int, pagination_parameters):
    """The fair's applications, a page at a time (an exhibitor sees only its own enterprise's), filtered by status,
    province, country and a search."""
    user = api_user()
    fair = get_visible_fair(db.session, fair_id, include_unpublished=user.role in ("organizer", "admin"))
    return applications_api_page(db.session, fair, user, query, pagination_parameters)
