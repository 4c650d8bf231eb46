"""Building the report for a request (filters, officer scope) and answering it in each format."""

from datetime import date

import sqlalchemy as sa
from flask import Response, jsonify
from flask_babel import force_locale
from flask_babel import gettext as _

from core.downloads import content_disposition, table_download
from core.errors import ValidationFailed
from core.exports import XLSX_MEDIA_TYPE
from fairs.models import Fair
from reports.supported import build_report
from reports.supported_docx import DOCX_MEDIA_TYPE, report_docx
from reports.supported_filters import parse_filters
from reports.supported_heading import NUMBER_LIMIT, choose_issuer, report_heading, stored_text
from reports.supported_pdf import report_pdf
from reports.supported_tables import enterprise_table
from reports.supported_xlsx import report_xlsx
from support.agencies import agency_id_of, list_agencies
from support.scopes import officer_province
from support.services import list_programmes

EXPORT_KINDS = ("json", "csv", "xlsx", "pdf", "docx")


def _number(args) -> str | None:
    text = (args.get("number") or "").strip()
    if len(text) > NUMBER_LIMIT or "/" in text:
        raise ValidationFailed([{"field": "number", "message": _(
            "The report's number, at most %(n)d characters and no slash (the rest is added).", n=NUMBER_LIMIT)}])
    return text or None


def report_context(session, args, user, *, language: str = "vi", build=None) -> dict:
    """The filters (held to an officer's province), the issuing agency, the report, and the filter form's choices;
    `build(session, filters)` makes the report (by default the whole one, every enterprise, as the exports need)."""
    scope = officer_province(session, user)
    filters = parse_filters(args, scope_province=scope)
    issuer = choose_issuer(session, args, user, filters)
    fair = session.get(Fair, filters.fair_id) if filters.fair_id else None
    return {"filters": filters, "scope": scope, "fair": fair, "issuer": issuer, "stored": stored_text(session, issuer),
            "number": _number(args),
            "report": build(session, filters) if build else build_report(session, filters, language=language),
            "fairs": list(session.scalars(sa.select(Fair).order_by(Fair.starts_on.desc()))),
            "programmes": list_programmes(session),
            # An officer issues only their own agency's reports: the choice offers no other.
            "agencies": [agency for agency in list_agencies(session)
                         if getattr(user, "role", None) != "officer" or agency.id == agency_id_of(session, user)]}


def document_heading(context: dict, *, today: date) -> dict:
    """The heading, number, date line, period and signature of the report's documents, in Vietnamese."""
    fair = context["fair"]
    with force_locale("vi"):
        return report_heading(context["report"], context["issuer"], context["stored"],
                              fair_name=fair.name_vi if fair else None, today=today, number=context["number"])


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


DOCUMENT_KINDS = ("xlsx", "docx", "pdf")


def check_report_args(session, args, user) -> None:
    """Refuse, before any work, filters that are malformed or outside an officer's province, and a bad number."""
    parse_filters(args, scope_province=officer_province(session, user))
    _number(args)


def report_document(context: dict, kind: str, *, today: date) -> tuple[bytes, str, str]:
    """The report as an XLSX, DOCX or PDF document: its bytes, media type and file name."""
    heading = document_heading(context, today=today)
    if kind == "xlsx":
        body, media_type = report_xlsx(context["report"], heading), XLSX_MEDIA_TYPE
    elif kind == "docx":
        body, media_type = report_docx(context["report"], heading), DOCX_MEDIA_TYPE
    else:
        body, media_type = report_pdf(context["report"], heading), "application/pdf"
    return body, media_type, f"{_filename(context)}.{kind}"


def export_response(context: dict, kind: str, *, today: date) -> Response:
    """The report as a download (CSV, XLSX, PDF, DOCX) or JSON."""
    report = context["report"]
    if kind == "json":
        return jsonify(report)
    if kind == "csv":
        headers, rows = enterprise_table(report, with_millions=False)
        return table_download(headers, rows, kind="csv", filename=_filename(context))
    body, media_type, filename = report_document(context, kind, today=today)
    return Response(body, mimetype=media_type, headers={"Content-Disposition": content_disposition(filename)})
