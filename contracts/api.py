"""JSON API for exchange rates and contracts."""

from flask import current_app, jsonify

from contracts.leads import capture_lead, get_lead_for, leads_page, update_lead
from contracts.listing import contracts_api_page
from contracts.meetings import cancel_meeting, decline_meeting, get_meeting, meetings_page
from contracts.rates import add_fx_rate
from contracts.schemas import (
    ContractInSchema,
    ContractOutSchema,
    ContractPatchSchema,
    ContractQuerySchema,
    FxRateInSchema,
    FxRateOutSchema,
    LeadOutSchema,
    LeadPatchSchema,
    LeadQuerySchema,
    LeadScanSchema,
    MeetingOutSchema,
    MeetingQuerySchema,
)
from contracts.services import get_contract_for, record_contract, update_contract, verify_contract
from contracts.slots import MeetingRules
from core.api import IF_MATCH_HEADER, PROBLEM_JSON, Blueprint, ProblemSchema, check_if_match, etag_of
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from core.idempotency import HEADER_DOC as IDEMPOTENCY_HEADER
from core.idempotency import idempotent
from fairs.services import get_visible_fair

api_bp = Blueprint("contracts_api", __name__, url_prefix="/api/v1", description="Trade contracts")
CONTRACT_OUT, LEAD_OUT = ContractOutSchema(), LeadOutSchema()


@api_bp.route("/fairs/<int:fair_id>/fx-rates", methods=["POST"])
@api_auth_required("organizer")
@api_bp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent
@api_bp.arguments(FxRateInSchema)
@api_bp.response(201, FxRateOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Invalid fields")
def add_fx_rate_api(body, fair_id: int):
    """Record the VND value of one unit of a currency from a date on."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    rate = add_fx_rate(db.session, fair, body, actor=api_user(), now=utcnow())
    db.session.commit()
    return rate


@api_bp.route("/fairs/<int:fair_id>/contracts", methods=["POST"])
@api_auth_required("organizer", "exhibitor")
@api_bp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent
@api_bp.arguments(ContractInSchema)
@api_bp.response(201, ContractOutSchema)
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="A non-positive amount, unknown currency, missing rate or a date outside the window")
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="A likely duplicate")
def record_contract_api(body, fair_id: int):
    """Record a contract (an exhibitor its own); its value is stored in VND and USD."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    contract = record_contract(db.session, fair, body, actor=api_user(), now=utcnow(),
                               margin_days=current_app.config["CONTRACT_DATE_MARGIN_DAYS"],
                               allow_duplicate=body.get("confirm_duplicate", False))
    db.session.commit()
    return contract


@api_bp.route("/fairs/<int:fair_id>/contracts", methods=["GET"])
@api_auth_required("organizer", "exhibitor", "officer")
@api_bp.arguments(ContractQuerySchema, location="query")
@api_bp.response(200, ContractOutSchema(many=True))
@api_bp.paginate()
def list_contracts_api(query, fair_id: int, pagination_parameters):
    """The fair's contracts, a page at a time: all of them for organizers and officers, an exhibitor's own
    otherwise; filtered by seller, buyer's country, kind, status, verification and signing dates."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return contracts_api_page(db.session, fair, api_user(), query, pagination_parameters)


@api_bp.route("/contracts/<int:contract_id>", methods=["GET"])
@api_auth_required("organizer", "exhibitor", "officer")
@api_bp.response(200, ContractOutSchema)
def get_contract_api(contract_id: int):
    """Read one contract (its ETag in the header, for a PATCH with If-Match)."""
    contract = get_contract_for(db.session, contract_id, api_user())
    return contract, 200, {"ETag": etag_of(CONTRACT_OUT, contract)}


@api_bp.route("/contracts/<int:contract_id>", methods=["PATCH"])
@api_auth_required("organizer", "exhibitor")
@api_bp.doc(parameters=[IF_MATCH_HEADER])
@api_bp.arguments(ContractPatchSchema)
@api_bp.response(200, ContractOutSchema)
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Verified: organizers only")
@api_bp.alt_response(412, schema=ProblemSchema, content_type=PROBLEM_JSON, description="If-Match is not current")
def update_contract_api(body, contract_id: int):
    """Change a contract; values are converted again and the edit is audited (who, when, before, after)."""
    actor = api_user()
    contract = get_contract_for(db.session, contract_id, actor)
    check_if_match(CONTRACT_OUT, contract)
    contract = update_contract(db.session, contract, body, actor=actor, now=utcnow(),
                               margin_days=current_app.config["CONTRACT_DATE_MARGIN_DAYS"])
    db.session.commit()
    return contract, 200, {"ETag": etag_of(CONTRACT_OUT, contract)}


@api_bp.route("/contracts/<int:contract_id>/verify", methods=["POST"])
@api_auth_required("organizer")
@api_bp.response(200, ContractOutSchema)
def verify_contract_api(contract_id: int):
    """Mark a contract verified by the organizer."""
    actor = api_user()
    contract = verify_contract(db.session, get_contract_for(db.session, contract_id, actor), actor=actor,
                               now=utcnow())
    db.session.commit()
    return contract


@api_bp.route("/fairs/<int:fair_id>/leads", methods=["POST"])
@api_auth_required("exhibitor")
@api_bp.arguments(LeadScanSchema)
@api_bp.response(201, LeadOutSchema)
@api_bp.alt_response(200, schema=LeadOutSchema, description="The visitor was already a lead: scanned again")
@api_bp.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Not a badge of this fair")
def capture_lead_api(body, fair_id: int):
    """Exhibitor staff scan a visitor's badge: a lead of their enterprise (201), or a repeat scan (200)."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    lead, created = capture_lead(db.session, fair, body["code"], actor=api_user(), now=utcnow())
    db.session.commit()
    if created:
        return lead
    return jsonify(LeadOutSchema().dump(lead)), 200


@api_bp.route("/fairs/<int:fair_id>/leads", methods=["GET"])
@api_auth_required("exhibitor")
@api_bp.arguments(LeadQuerySchema, location="query")
@api_bp.response(200, LeadOutSchema(many=True))
@api_bp.paginate()
def list_leads_api(query, fair_id: int, pagination_parameters):
    """The leads of the caller's own enterprise at the fair, newest first, a page at a time."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return leads_page(db.session, fair, api_user(), query, pagination_parameters)


@api_bp.route("/leads/<int:lead_id>", methods=["GET"])
@api_auth_required("exhibitor")
@api_bp.response(200, LeadOutSchema)
def get_lead_api(lead_id: int):
    """Read one lead of the caller's enterprise (its ETag in the header, for a PATCH with If-Match)."""
    lead = get_lead_for(db.session, lead_id, api_user())
    return lead, 200, {"ETag": etag_of(LEAD_OUT, lead)}


@api_bp.route("/leads/<int:lead_id>", methods=["PATCH"])
@api_auth_required("exhibitor")
@api_bp.doc(parameters=[IF_MATCH_HEADER])
@api_bp.arguments(LeadPatchSchema)
@api_bp.response(200, LeadOutSchema)
@api_bp.alt_response(412, schema=ProblemSchema, content_type=PROBLEM_JSON, description="If-Match is not current")
def update_lead_api(body, lead_id: int):
    """Rate a lead and keep notes on it."""
    actor = api_user()
    lead = get_lead_for(db.session, lead_id, actor)
    check_if_match(LEAD_OUT, lead)
    lead = update_lead(db.session, lead, {"rating": lead.rating, "notes": lead.notes, **body}, actor=actor)
    db.session.commit()
    return lead, 200, {"ETag": etag_of(LEAD_OUT, lead)}


@api_bp.route("/fairs/<int:fair_id>/meetings", methods=["GET"])
@api_auth_required("exhibitor")
@api_bp.arguments(MeetingQuerySchema, location="query")
@api_bp.response(200, MeetingOutSchema(many=True))
@api_bp.paginate()
def list_meetings_api(query, fair_id: int, pagination_parameters):
    """The business-matching meetings of the caller's enterprise at the fair, in time order, a page at a time."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return meetings_page(db.session, fair, api_user(), query, pagination_parameters)


@api_bp.route("/meetings/<int:meeting_id>/decline", methods=["POST"])
@api_auth_required("exhibitor")
@api_bp.response(200, MeetingOutSchema)
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Not waiting for an answer")
def decline_meeting_api(meeting_id: int):
    """Decline a buyer's request (the slot is free again)."""
    meeting = decline_meeting(db.session, get_meeting(db.session, meeting_id), actor=api_user(), now=utcnow())
    db.session.commit()
    return meeting


@api_bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@api_auth_required("exhibitor")
@api_bp.response(200, MeetingOutSchema)
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Begun, or already over")
def cancel_meeting_api(meeting_id: int):
    """Cancel a meeting that has not begun."""
    meeting = cancel_meeting(db.session, get_meeting(db.session, meeting_id), actor=api_user(),
                             rules=MeetingRules.from_config(current_app.config), now=utcnow())
    db.session.commit()
    return meeting
