"""Building the report for a request (filters, officer scope) and answering it in each format."""

from datetime import date

import sqlalchemy as sa
from flask import Response, jsonify

from core.downloads import content_disposition, table_download
from core.exports import XLSX_MEDIA_TYPE
from fairs.models import Fair
from reports.supported import build_report, parse_filters
from reports.supported_pdf import report_pdf
from reports.supported_tables import enterprise_table
from reports.supported_xlsx import report_xlsx
from support.services import list_programmes, officer_province

EXPORT_KINDS = ("json", "csv", "xlsx", "pdf")


def report_context(session, args, user, *, language: str = "vi") -> dict:
    """The filters (held to an officer's province), the report, and the choices of the filter form."""
    scope = officer_province(session, user)
    filters = parse_filters(args, scope_province=scope)
    fair = session.get(Fair, filters.fair_id) if filters.fair_id else None
    return {"filters": filters, "scope": scope, "fair": fair, "report": build_report(session, filters,
                                                                                       language=language),
            "fairs": list(session.scalars(sa.select(Fair).order_by(Fair.starts_on.desc()))),
            "programmes": list_programmes(session)}


def _filename(context: dict) -> str:
    filters = context["filters"]
    parts = ["bao-cao-ho-tro"]
    if context["fair"]:
        parts.append(context["fair"].code)
    if filters.year:
        parts.append(str(filters.year))
    if filters.province:
        parts.append(filters.province)
    return "-".join(parts)


def export_response(context: dict, kind: str, *, today: date) -> Response:
    """The report as a download (CSV, XLSX, PDF) or JSON."""
    report = context["report"]
    name = _filename(context)
    if kind == "json":
        return jsonify(report)
    if kind == "csv":
        headers, rows = enterprise_table(report, with_millions=False)
        return table_download(headers, rows, kind="csv", filename=name)
    if kind == "xlsx":
        body, media_type = report_xlsx(report), XLSX_MEDIA_TYPE
    else:
        fair = context["fair"]
        body = report_pdf(report, fair_name=fair.name_vi if fair else None, today=today)
        media_type = "application/pdf"
    return Response(body, mimetype=media_type,
                    headers={"Content-Disposition": content_disposition(f"{name}.{kind}")})
