"""The supported-enterprise report as an official Vietnamese report (A4 PDF, WeasyPrint, data: URLs only).

The national heading, the agency, number and date, the title, tables with totals in VND and in
"triệu đồng", and a signature block. Official reports are written in Vietnamese, whatever the
reader's interface language.
"""

from datetime import date

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from core.pdf import html_to_pdf
from reports.supported_tables import content_labels, kind_labels
from support.budget import millions

DEFAULT_AGENCY = "Trung tâm Khuyến công"
DEFAULT_PARENT = "Sở Công Thương"


def report_heading(report: dict, *, fair_name: str | None, today: date) -> dict:
    """Agency, number, place and the scope line of the report, from the programmes and filters."""
    agencies = {p["agency"] for p in report["programmes"] if p["agency"]}
    agency = agencies.pop() if len(agencies) == 1 else DEFAULT_AGENCY
    filters = report["filters"]
    parts = []
    if fair_name:
        parts.append(fair_name)
    if filters["programme_id"] and report["programmes"]:
        parts.append(report["programmes"][0]["name"])
    if filters["year"]:
        parts.append(_("Year %(year)s", year=filters["year"]))
    if filters["province"]:
        parts.append(filters["province"])
    parent = "" if agency.startswith("Bộ") else "Bộ Công Thương" if agency.startswith("Cục") else DEFAULT_PARENT
    return {"agency": agency, "parent_agency": parent, "number": "……/BC-KC",
            "place": filters["province"] or "Hà Nội", "scope": " · ".join(parts) or _("All fairs and programmes"),
            "today": today}


def report_pdf(report: dict, *, fair_name: str | None, today: date) -> bytes:
    """Render the report to A4 PDF bytes in Vietnamese."""
    with force_locale("vi"):
        html = render_template("reports/supported_pdf.html", report=report, millions=millions,
                               contents=content_labels(), kinds=kind_labels(),
                               **report_heading(report, fair_name=fair_name, today=today))
    return html_to_pdf(html)
