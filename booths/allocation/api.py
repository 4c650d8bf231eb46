"""JSON API for allocation runs: preview or commit, then commit a preview."""

import marshmallow as ma

from booths.allocation.runs import commit_run, get_run, run_allocation, run_summary, runs_page
from core.api import PROBLEM_JSON, Blueprint, BoundedInteger, ProblemSchema
from core.auth import api_auth_required, api_user
from core.db import utcnow
from core.extensions import db
from core.i18n import current_language
from core.inputs import INT32_MAX
from fairs.services import get_visible_fair

api_bp = Blueprint("allocation_api", __name__, url_prefix="/api/v1", description="Booth allocation")


class AllocationInSchema(ma.Schema):
    """Run the engine: a preview (dry run) or straight to assignments."""

    dry_run = ma.fields.Boolean(load_default=True)
    seed = BoundedInteger(load_default=0, maximum=INT32_MAX)
    replan = ma.fields.Boolean(load_default=False,
                               metadata={"description": "Place the unlocked automatic assignments again too."})


class AllocationOutSchema(ma.Schema):
    """A run: its metrics, the booths per application and the waitlist with reasons."""

    run_id = ma.fields.Integer()
    status = ma.fields.String()
    seed = ma.fields.Integer()
    replan = ma.fields.Boolean()
    metrics = ma.fields.Dict()
    assignments = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "application_id, booths (codes) and a one-sentence explanation in the Accept-Language"})
    waitlist = ma.fields.List(ma.fields.Dict(), metadata={"description": "application_id, reason, code, explanation"})
    changes = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "per application: change (added, moved, kept, removed), before and after booth codes"})


@api_bp.route("/fairs/<int:fair_id>/allocations", methods=["POST"])
@api_auth_required("organizer")
@api_bp.arguments(AllocationInSchema)
@api_bp.response(201, AllocationOutSchema)
def run_allocation_api(body, fair_id: int):
    """Allocate the approved applications (a dry run assigns nothing)."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    run = run_allocation(db.session, fair, seed=body["seed"], dry_run=body["dry_run"], replan=body["replan"],
                         actor=api_user(), now=utcnow())
    db.session.commit()
    return run_summary(db.session, run, language=current_language())


@api_bp.route("/allocations/<int:run_id>/commit", methods=["POST"])
@api_auth_required("organizer")
@api_bp.response(200, AllocationOutSchema)
@api_bp.alt_response(409, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="Not a preview, or booths changed")
def commit_allocation_api(run_id: int):
    """Commit a previewed run: exactly its booths are assigned."""
    run = commit_run(db.session, get_run(db.session, run_id), actor=api_user(), now=utcnow())
    db.session.commit()
    return run_summary(db.session, run, language=current_language())


class RunListSchema(ma.Schema):
    """A run as the list shows it: when, how, its metrics, and whether it was committed."""

    run_id = ma.fields.Integer(attribute="id")
    status = ma.fields.String(metadata={"example": "preview"})
    seed = ma.fields.Integer()
    replan = ma.fields.Boolean()
    metrics = ma.fields.Dict()
    created_at = ma.fields.DateTime()
    committed_at = ma.fields.DateTime(allow_none=True)


@api_bp.route("/fairs/<int:fair_id>/allocations", methods=["GET"])
@api_auth_required("organizer")
@api_bp.response(200, RunListSchema(many=True))
@api_bp.paginate()
def list_allocations_api(fair_id: int, pagination_parameters):
    """The fair's allocation runs (previews and committed), newest first, a page at a time."""
    fair = get_visible_fair(db.session, fair_id, include_unpublished=True)
    return runs_page(db.session, fair, pagination_parameters)
