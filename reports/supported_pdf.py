"""The supported-enterprise report as an official Vietnamese report (A4 PDF, WeasyPrint, data: URLs only).

The national heading, the agency, number and date, the title, tables with totals in VND and in
"triệu đồng", and a signature block. Official reports are written in Vietnamese, whatever the
reader's interface language.
"""

from datetime import date

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from core.i18n import current_language
from core.pdf import html_to_pdf, parallel_parts, parts_to_pdf
from core.reference.provinces import province_label
from reports.supported_tables import content_labels, kind_labels
from support.budget import millions

DEFAULT_AGENCY = "Trung tâm Khuyến công"
DEFAULT_PARENT = "Sở Công Thương"

# A4 with the margins of Decree 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), page numbers below.
PAGE = "@page { size: A4; margin: 20mm 15mm 20mm 30mm; %s }"
PAGE_NUMBERS = '@bottom-center { content: counter(page) "/" counter(pages); font-size: 9pt; color: #555; }'
# From this many enterprises the report is laid out in parallel parts (one per CPU): a fair's report stays one
# document; the 5-year selection (2,000 enterprises, 110 pages) takes about 6 s instead of 9 s on two free CPUs.
PARALLEL_FROM = 400
# Work in annex rows (about 5 ms each): the heading before the first table, and starting a subprocess part.
FRONT_ROWS, SUBPROCESS_ROWS = 40, 120


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
        parts.append(province_label(filters["province"], current_language(), full=True))  # a document names it in full
    parent = "" if agency.startswith("Bộ") else "Bộ Công Thương" if agency.startswith("Cục") else DEFAULT_PARENT
    return {"agency": agency, "parent_agency": parent, "number": "……/BC-KC",
            "place": filters["province"] or "Hà Nội", "scope": " · ".join(parts) or _("All fairs and programmes"),
            "today": today}


def split_rows(count: int, parts: int, *, front: int, startup: int) -> list[tuple[int, int]]:
    """Row ranges (start, end) for `parts` parts of about equal work: the first also lays out `front` rows' worth
    of heading and tables, each other one first spends `startup` rows' worth starting up."""
    share = (count + front + startup * (parts - 1)) / parts
    ends = [min(count, max(1, round(share * number - front - startup * (number - 1)))) for number in range(1, parts)]
    ends.append(count)
    starts = [0] + ends[:-1]
    ranges = list(zip(starts, ends, strict=True))
    return ranges[:1] + [(start, end) for start, end in ranges[1:] if end > start]


def report_pdf(report: dict, *, fair_name: str | None, today: date) -> bytes:
    """Render the report to A4 PDF bytes in Vietnamese."""
    rows = report["enterprises"]
    parts = parallel_parts() if len(rows) >= PARALLEL_FROM else 1
    front = FRONT_ROWS + len(report["programmes"]) + len(report["by_province"]) + len(report["by_content"])
    ranges = split_rows(len(rows), parts, front=front, startup=SUBPROCESS_ROWS)
    with force_locale("vi"):
        context = {"report": report, "millions": millions, "contents": content_labels(), "kinds": kind_labels(),
                   **report_heading(report, fair_name=fair_name, today=today)}
        if len(ranges) == 1:
            return html_to_pdf(render_template("reports/supported_pdf.html", page_css=PAGE % PAGE_NUMBERS,
                                               part={"front": True, "back": True, "rows": rows, "start": 0},
                                               **context))
        # Each part is its own document, so WeasyPrint cannot count the pages: they are numbered once joined.
        html = [render_template("reports/supported_pdf.html", page_css=PAGE % "", **context, part={
            "front": number == 0, "back": number == len(ranges) - 1, "rows": rows[start:end], "start": start})
            for number, (start, end) in enumerate(ranges)]
    return parts_to_pdf(html, page_css=PAGE % PAGE_NUMBERS)
