"""JSON API of the supported-enterprise report (JSON, or CSV, XLSX and PDF downloads)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import marshmallow as ma

from core.api import PROBLEM_JSON, Blueprint, ProblemSchema, file_content
from core.auth import api_auth_required, api_user
from core.extensions import db
from core.i18n import current_language
from reports.supported_export import EXPORT_KINDS, document_heading, export_response, report_context

api_bp = Blueprint("supported_reports_api", __name__, url_prefix="/api/v1/reports",
                   description="Supported-enterprise report")


class SupportedQuerySchema(ma.Schema):
    """Filters of the report; the province may be a former name (it counts as today's unit)."""

    fair_id = ma.fields.String(load_default="", metadata={"pattern": r"^\d{0,10}$", "description": "a fair's id"})
    programme_id = ma.fields.String(load_default="", metadata={"pattern": r"^\d{0,10}$",
                                                               "description": "a programme's id"})
    year = ma.fields.String(load_default="", metadata={"pattern": r"^(20\d\d|2100)?$", "description": "2000 to 2100"})
    province = ma.fields.String(load_default="")
    agency_id = ma.fields.String(load_default="", metadata={
        "pattern": r"^\d{0,10}$", "description": "the issuing agency (heading, seat, signer); the caller's by default"})
    number = ma.fields.String(load_default="", metadata={
        "description": "the report's number (before /BC-…); else the one kept with the report"})
    format = ma.fields.String(load_default="json", validate=ma.validate.OneOf(EXPORT_KINDS))


class SupportedReportSchema(ma.Schema):
    """The report: totals, by province, the enterprises, and the breakdowns by content, programme and fair."""

    filters = ma.fields.Dict()
    period = ma.fields.Dict(allow_none=True, metadata={"description": "start and end (ISO dates) of the period"})
    totals = ma.fields.Dict(metadata={"description": "enterprises, grants, support_vnd, booths, contracts, "
                                                     "contract_value_vnd, meetings, leads"})
    by_province = ma.fields.List(ma.fields.Dict())
    by_content = ma.fields.List(ma.fields.Dict())
    programmes = ma.fields.List(ma.fields.Dict())
    by_kind = ma.fields.List(ma.fields.Dict(), metadata={"description": "beneficiaries by legal type"})
    funds = ma.fields.List(ma.fields.Dict(), metadata={"description": "national, provincial and total funds"})
    reconciliation = ma.fields.Dict(metadata={"description": "how the programme rows add up to the totals"})
    trade = ma.fields.Dict(metadata={"description": "contracts, orders, memoranda; verified or not; exports in USD"})
    outcomes = ma.fields.Dict(metadata={"description": "projects' outcomes: trainees, jobs, designs…"})
    issuer = ma.fields.Dict(metadata={"description": "the issuing agency's heading, number, date line, signer"})
    trend = ma.fields.Dict()
    enterprises = ma.fields.List(ma.fields.Dict())


@api_bp.route("/supported-enterprises", methods=["GET"])
@api_auth_required("organizer", "officer")
@api_bp.arguments(SupportedQuerySchema, location="query")
@api_bp.response(200, SupportedReportSchema)
@api_bp.doc(responses={"200": {"description": "JSON, or the file `format` asks for", "content": {
    "application/json": {"schema": SupportedReportSchema}, **file_content(
        "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf")}}})
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="An officer asking for a province outside their scope")
def supported_enterprises_api(query):
    """The supported-enterprise report for a fair, programme, year and province."""
    context = report_context(db.session, query, api_user(), language=current_language())
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    if query["format"] == "json":
        heading = document_heading(context, today=today)
        return {**context["report"], "issuer": {**heading, "today": today.isoformat()}}
    return export_response(context, query["format"], today=today)
