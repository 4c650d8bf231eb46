"""The supported-enterprise report as an XLSX workbook: one sheet per table, each with the agency and title, the unit
line, numeric cells, a frozen header, a totals row, and printed A4 landscape fitted to the page's width."""

import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.exports import number_format_for, xlsx_cell, xlsx_row
from reports.supported_tables import (
    content_table,
    enterprise_table,
    programme_table,
    province_table,
    trend_table,
)

HEADER_ROW = 5  # agency, title, period, unit line, then the header


def _styled(sheet, value, font: Font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list], *, heading: dict,
           unit: str) -> None:
    # Excel refuses \ / ? * [ ] : in sheet names ("Tỉnh/thành phố").
    sheet = workbook.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", title)[:31])
    # A write-only sheet (flat memory, however many enterprises) takes its widths, panes and print settings
    # before its first row.
    widths = [len(str(header)) for header in headers]
    for row in rows:
        widths = [max(width, len(str(value or "")) + (len(str(value)) // 3 if isinstance(value, int) else 0))
                  for width, value in zip(widths, row, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(50, max(8, width + 2))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.append([heading["agency_name"] or heading["governing_body"] or ""])
    sheet.append([_styled(sheet, _("Report No. %(number)s: %(title)s", number=heading["number"], title=title),
                          Font(bold=True, size=13))])
    sheet.append([_styled(sheet, _("Results of support to enterprises and rural industrial establishments taking "
                                   "part in trade fairs") + " " + heading["period_title"], Font(bold=True))])
    sheet.append([_styled(sheet, unit, Font(italic=True))])
    sheet.append(xlsx_row(sheet, headers, (), bold=True))
    formats = [number_format_for(header) for header in headers]
    for number, row in enumerate(rows, start=1):
        # The last row is the sheet's totals, in bold.
        sheet.append(xlsx_row(sheet, [xlsx_cell(value) for value in row], formats, bold=number == len(rows)))


def report_xlsx(report: dict, heading: dict) -> bytes:
    """The workbook: enterprises, provinces, contents, programmes, fairs; a totals row on every sheet."""
    workbook = Workbook(write_only=True)
    vnd = _("Unit: VND")
    _sheet(workbook, _("Enterprises"), *enterprise_table(report), heading=heading, unit=vnd)
    _sheet(workbook, _("By province"), *province_table(report), heading=heading, unit=vnd)
    _sheet(workbook, _("By content"), *content_table(report), heading=heading, unit=vnd)
    _sheet(workbook, _("Programmes"), *programme_table(report), heading=heading,
           unit=vnd + ". " + _("Plan, committed and disbursed are whole programmes'; enterprises count once in the "
                               "total."))
    _sheet(workbook, _("By fair"), *trend_table(report), heading=heading,
           unit=vnd + ". " + _("An enterprise supported at several fairs counts at each."))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
