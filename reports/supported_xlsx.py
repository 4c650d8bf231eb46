"""The supported-enterprise report as an XLSX workbook: one sheet per table, numeric cells, frozen headers."""

import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import format_cells, xlsx_cell
from reports.supported_tables import (
    content_table,
    enterprise_table,
    programme_table,
    province_table,
    trend_table,
)


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list], *, totals: bool) -> None:
    # Excel refuses \ / ? * [ ] : in sheet names ("Tỉnh/thành phố").
    sheet = workbook.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", title)[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in headers]
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
        widths = [max(width, len(str(value or "")) + (len(str(value)) // 3 if isinstance(value, int) else 0))
                  for width, value in zip(widths, row, strict=True)]
    format_cells(sheet, headers)
    if totals and rows:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(50, max(8, width + 2))


def report_xlsx(report: dict) -> bytes:
    """The workbook: enterprises, provinces, contents, programmes, fairs."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, _("Enterprises"), *enterprise_table(report), totals=True)
    _sheet(workbook, _("By province"), *province_table(report), totals=True)
    _sheet(workbook, _("By content"), *content_table(report), totals=True)
    _sheet(workbook, _("Programmes"), *programme_table(report), totals=False)
    _sheet(workbook, _("By fair"), *trend_table(report), totals=False)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
