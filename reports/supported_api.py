"""JSON API of the supported-enterprise report (JSON, or CSV, XLSX and PDF downloads)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import marshmallow as ma

from core.api import PROBLEM_JSON, Blueprint, ProblemSchema, file_content
from core.auth import api_auth_required, api_user
from core.extensions import db
from core.i18n import current_language
from core.pagination import parse_sort
from reports.schemas import SupportedReportSchema
from reports.supported import paged_report
from reports.supported_export import EXPORT_KINDS, document_heading, export_response, report_context
from reports.supported_rows import DEFAULT_SORT, ENTERPRISE_SORTS

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
    format = ma.fields.String(load_default="json", validate=ma.validate.OneOf(EXPORT_KINDS), metadata={
        "description": "json: totals, breakdowns and one page of the enterprises; the files hold every enterprise"})
    sort = ma.fields.String(load_default=DEFAULT_SORT, validate=ma.validate.OneOf(
        [*ENTERPRISE_SORTS, *(f"-{key}" for key in ENTERPRISE_SORTS)]), metadata={
        "description": "the enterprises' order (`-` descending); origin: province (today's unit), then name"})


@api_bp.route("/supported-enterprises", methods=["GET"])
@api_auth_required("organizer", "officer")
@api_bp.arguments(SupportedQuerySchema, location="query")
@api_bp.response(200, SupportedReportSchema)
@api_bp.doc(responses={"200": {"description": "JSON, or the file `format` asks for", "content": {
    "application/json": {"schema": SupportedReportSchema}, **file_content(
        "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf")}}})
@api_bp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM_JSON,
                     description="An officer asking for a province outside their scope")
@api_bp.paginate()
def supported_enterprises_api(query, pagination_parameters):
    """The supported-enterprise report for a fair, programme, year and province: totals and breakdowns of all its
    enterprises, and a page of them (X-Pagination has their total); a file (`format`) holds every enterprise."""
    language, today = current_language(), datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    if query["format"] != "json":
        context = report_context(db.session, query, api_user(), language=language)
        pagination_parameters.item_count = context["report"]["totals"]["enterprises"]
        return export_response(context, query["format"], today=today)
    sort = parse_sort(query["sort"], ENTERPRISE_SORTS, DEFAULT_SORT)

    def build(session, filters):
        return paged_report(session, filters, sort, page=pagination_parameters.page,
                            per_page=pagination_parameters.page_size, language=language, past_end_empty=True)

    context = report_context(db.session, query, api_user(), language=language, build=build)
    pagination_parameters.item_count = context["report"]["enterprise_page"].total
    heading = document_heading(context, today=today)
    return {**context["report"], "issuer": {**heading, "today": today.isoformat()}}
