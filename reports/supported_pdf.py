"""The supported-enterprise report as an official Vietnamese report (A4 PDF, WeasyPrint, data: URLs only).

Laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I has it: Liberation Serif (Times New Roman's metrics) at 13-14 pt, the
issuing agency's heading and number beside the national heading, the seat and date, the title with its period,
sections I-III, the signature and recipients, and the list of enterprises as an annex. Official reports are written
in Vietnamese, whatever the reader's interface language.
"""

from flask import render_template
from flask_babel import force_locale

from core.pdf import html_to_pdf, parallel_parts, parts_to_pdf
from reports.supported_tables import content_labels, contract_kind_labels, kind_labels
from reports.supported_text import decision_phrase, document_text
from support.budget import millions

# A4 with the margins of Nghị định 30/2020/NĐ-CP, Phụ lục I (top and bottom 20 mm, left 30 mm, right 15 mm); the page
# number centred in the top margin from the second page on, none on the first.
PAGE = "@page { size: A4; margin: 20mm 15mm 20mm 30mm; %s } @page :first { @top-center { content: none; } }"
PAGE_NUMBERS = '@top-center { content: counter(page); font-family: "Liberation Serif"; font-size: 13pt; }'
# From this many enterprises the report is laid out in parallel parts (one per CPU): a fair's report stays one
# document; the 5-year selection (2,000 enterprises, 110 pages) takes about 6 s instead of 9 s on two free CPUs.
PARALLEL_FROM = 400
# Work in annex rows (about 5 ms each): the heading before the first table, and starting a subprocess part.
FRONT_ROWS, SUBPROCESS_ROWS = 40, 120


def split_rows(count: int, parts: int, *, front: int, startup: int) -> list[tuple[int, int]]:
    """Row ranges (start, end) for `parts` parts of about equal work: the first also lays out `front` rows' worth
    of heading and tables, each other one first spends `startup` rows' worth starting up."""
    share = (count + front + startup * (parts - 1)) / parts
    ends = [min(count, max(1, round(share * number - front - startup * (number - 1)))) for number in range(1, parts)]
    ends.append(count)
    starts = [0] + ends[:-1]
    ranges = list(zip(starts, ends, strict=True))
    return ranges[:1] + [(start, end) for start, end in ranges[1:] if end > start]


def report_pdf(report: dict, heading: dict) -> bytes:
    """Render the report to A4 PDF bytes in Vietnamese, under the issuing agency's `heading`."""
    rows = report["enterprises"]
    parts = parallel_parts() if len(rows) >= PARALLEL_FROM else 1
    front = FRONT_ROWS + len(report["programmes"]) + len(report["by_province"]) + len(report["by_content"])
    ranges = split_rows(len(rows), parts, front=front, startup=SUBPROCESS_ROWS)
    with force_locale("vi"):
        context = {"report": report, "millions": millions, "contents": content_labels(), "kinds": kind_labels(),
                   "contract_kinds": contract_kind_labels(), "h": heading,
                   "text": document_text(report, heading),
                   "decision_phrase": decision_phrase}
        if len(ranges) == 1:
            return html_to_pdf(render_template("reports/supported_pdf.html", page_css=PAGE % PAGE_NUMBERS,
                                               part={"front": True, "back": True, "rows": rows, "start": 0},
                                               **context))
        # Each part is its own document, so WeasyPrint cannot count the pages: they are numbered once joined.
        html = [render_template("reports/supported_pdf.html", page_css=PAGE % "", **context, part={
            "front": number == 0, "back": number == len(ranges) - 1, "rows": rows[start:end], "start": start})
            for number, (start, end) in enumerate(ranges)]
    return parts_to_pdf(html, page_css=PAGE % PAGE_NUMBERS)
