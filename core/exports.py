"""Tables to CSV and XLSX downloads: numbers stay numbers, headers stay frozen. Pure module.

A CSV is read by programs as well as people: numbers are plain (6000000, 2500.5; never a
locale's grouping such as "6.000"), dates ISO, and the unit is in the header. An XLSX is read
in a spreadsheet: numbers are numeric cells whose format groups thousands the way the reader's
spreadsheet does (6.000.000 in Vietnamese), dates are dates shown dd/mm/yyyy.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VND_FORMAT = "#,##0"
MILLIONS_FORMAT = "#,##0.000"
CENTS_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def plain_number(value: Decimal | int | float) -> str:
    """A number as programs read it: no grouping, a dot before decimals, no trailing zeros (6.000 → 6)."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def number_format_for(header: str) -> str | None:
    """The spreadsheet format of a column by its header: grouped đồng, millions to three places, dollars to the
    cent, else none (counts, years and ids stay plain)."""
    text = str(header).lower().strip()
    # The unit is the header's last word in brackets, "Kinh phí (triệu đồng)", or its suffix, "value_vnd": a
    # header merely naming the đồng ("Giá trị hợp đồng trên mỗi đồng hỗ trợ", a ratio) is not an amount.
    unit = text[text.rindex("(") + 1:-1] if text.endswith(")") and "(" in text else text.rpartition("_")[2]
    if "million" in unit or "triệu" in unit:
        return MILLIONS_FORMAT
    if unit == "usd":
        return CENTS_FORMAT
    return VND_FORMAT if unit in ("vnd", "vnđ", "đồng") else None


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        text = value.isoformat()
    elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        text = plain_number(value)
    else:
        text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it.
    if text[:1] in ("=", "+", "-", "@") and not isinstance(value, (int, float, Decimal)):
        text = "'" + text
    return text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM, so Excel opens Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_cell(value):
    """A value as a spreadsheet cell: naive datetimes (UTC), decimals as numbers, formula-like text quoted."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
    if isinstance(value, Decimal):
        # Decimals become floats only here, for the spreadsheet: to 3 places they are exact enough to read.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def format_cells(sheet, headers: Sequence[str]) -> None:
    """Give numeric cells of money columns their grouped format, and date cells dd/mm/yyyy."""
    formats = [number_format_for(header) for header in headers]
    for row in sheet.iter_rows(min_row=2):
        for cell, fmt in zip(row, formats, strict=False):
            value = cell.value
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.number_format = fmt


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet") -> bytes:
    """An XLSX workbook: bold frozen header, numeric cells as numbers, readable column widths."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in headers]
    for row in rows:
        values = [xlsx_cell(value) for value in row]
        sheet.append(values)
        widths = [max(width, len(str(value)) if value is not None else 0) for width, value in zip(widths, values,
                                                                                                 strict=False)]
    format_cells(sheet, headers)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

