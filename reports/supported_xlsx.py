"""The supported-enterprise report as an XLSX workbook: one sheet per table, numeric cells, frozen headers."""

import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.exports import number_format_for, xlsx_cell, xlsx_row
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
    # Write-only: widths before the first row (the report's rows are in memory already), then rows as they come.
    widths = [len(str(header)) for header in headers]
    for row in rows:
        widths = [max(width, len(str(value or "")) + (len(str(value)) // 3 if isinstance(value, int) else 0))
                  for width, value in zip(widths, row, strict=True)]
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(50, max(8, width + 2))
    sheet.append(xlsx_row(sheet, headers, (), bold=True))
    formats = [number_format_for(header) for header in headers]
    for number, row in enumerate(rows, start=1):
        sheet.append(xlsx_row(sheet, [xlsx_cell(value) for value in row], formats,
                              bold=totals and number == len(rows)))


def report_xlsx(report: dict) -> bytes:
    """The workbook: enterprises, provinces, contents, programmes, fairs."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, _("Enterprises"), *enterprise_table(report), totals=True)
    _sheet(workbook, _("By province"), *province_table(report), totals=True)
    _sheet(workbook, _("By content"), *content_table(report), totals=True)
    _sheet(workbook, _("Programmes"), *programme_table(report), totals=False)
    _sheet(workbook, _("By fair"), *trend_table(report), totals=False)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
