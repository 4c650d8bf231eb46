"""JSON API for booth applications: apply, decide, list."""


from booths.applications.fees import support_grant_of
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
    list_visible_applications,
    submit_application,
)
from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from enterprises.services import get_enterprise_for
from fairs.services import get_visible_fair

api_bp = Blueprint("applications_api", __name__, url_prefix="/api/v1", description="Booth applications")


@api_bp.route("/fairs/<int:fair_id>/applications", methods=["POST"])
@api_auth_required("organizer", "exhibitor")
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
def list_applications_api(query, fair_id: int):
    """The fair's applications (an exhibitor sees only its own enterprise's)."""
    user = api_user()
    fair = get_visible_fair(db.session, fair_id, include_unpublished=user.role in ("organizer", "admin"))
    return list_visible_applications(db.session, fair, user, status=query["status"])
