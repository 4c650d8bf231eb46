"""JSON API for exchange rates and contracts."""

from flask import current_app, jsonify

from contracts.leads import capture_lead, get_lead_for, leads_of, update_lead
from contracts.schemas import (
    ContractInSchema,
    ContractOutSchema,
    ContractPatchSchema,
    FxRateInSchema,
    FxRateOutSchema,
    LeadOutSchema,
    LeadPatchSchema,
    LeadScanSchema,
)
from contracts.services import (
    add_fx_rate,
    contracts_for,
    get_contract_for,
    record_contract,
    update_contract,
    verify_contract,
)
from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from fairs.services import get_visible_fair

api_bp = Blueprint("contracts_api", __name__, url_prefix="/api/v1", description="Trade contracts")


@api_bp.route("/fairs/<int:fair_id>/fx-rates", methods=["POST"])
@api_auth_required("organizer")
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
@api_bp.response(200, ContractOutSchema(many=True))
def list_contracts_api(fair_id: int):
    """The fair's contracts: all of them for organizers and officers, an exhibitor's own otherwise."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return contracts_for(db.session, fair, api_user())


@api_bp.route("/contracts/<int:contract_id>", methods=["PATCH"])
@api_auth_required("organizer", "exhibitor")
@api_bp.arguments(ContractPatchSchema)
@api_bp.response(200, ContractOutSchema)
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Verified: organizers only")
def update_contract_api(body, contract_id: int):
    """Change a contract; values are converted again and the edit is audited (who, when, before, after)."""
    actor = api_user()
    contract = update_contract(db.session, get_contract_for(db.session, contract_id, actor), body, actor=actor,
                               now=utcnow(), margin_days=current_app.config["CONTRACT_DATE_MARGIN_DAYS"])
    db.session.commit()
    return contract


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
@api_bp.response(200, LeadOutSchema(many=True))
def list_leads_api(fair_id: int):
    """The leads of the caller's own enterprise at the fair."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return leads_of(db.session, fair, api_user())


@api_bp.route("/leads/<int:lead_id>", methods=["PATCH"])
@api_auth_required("exhibitor")
@api_bp.arguments(LeadPatchSchema)
@api_bp.response(200, LeadOutSchema)
def update_lead_api(body, lead_id: int):
    """Rate a lead and keep notes on it."""
    actor = api_user()
    lead = get_lead_for(db.session, lead_id, actor)
    lead = update_lead(db.session, lead, {"rating": lead.rating, "notes": lead.notes, **body}, actor=actor)
    db.session.commit()
    return lead
