"""Tables to CSV and XLSX downloads: numbers stay numbers, headers stay frozen. Pure module.

A CSV is read by programs as well as people: numbers are plain (6000000, 2500.5; never a
locale's grouping such as "6.000"), dates ISO, and the unit is in the header. An XLSX is read
in a spreadsheet: numbers are numeric cells whose format groups thousands the way the reader's
spreadsheet does (6.000.000 in Vietnamese), dates are dates shown dd/mm/yyyy.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VND_FORMAT = "#,##0"
MILLIONS_FORMAT = "#,##0.000"
CENTS_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Sheets are written in openpyxl's write-only mode (rows go to the file as they come, memory stays flat), so
# column widths must be set before the first row: they are measured on the header and the first rows.
WIDTH_SAMPLE_ROWS = 2000
BOLD = Font(bold=True)


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


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence], *, chunk_rows: int = 500) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM, so Excel opens Vietnamese text correctly, as pieces of `chunk_rows` rows (a download
    streams them as `rows` yields, memory stays flat)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(headers)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if count % chunk_rows == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM, so Excel opens Vietnamese text correctly."""
    return b"".join(csv_chunks(headers, rows))


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


def cell_format(value, column_format: str | None) -> str | None:
    """The number format of a cell: dates dd/mm/yyyy, numbers of money columns grouped, else none."""
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if column_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        return column_format
    return None


def xlsx_row(sheet, values: Sequence, formats: Sequence[str | None], *, bold: bool = False) -> list:
    """One row for a write-only `sheet`: plain values, or styled cells where a format or bold applies."""
    row = []
    for index, value in enumerate(values):
        number_format = cell_format(value, formats[index] if index < len(formats) else None)
        if number_format is None and not bold:
            row.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD
        row.append(cell)
    return row


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet") -> bytes:
    """An XLSX workbook: bold frozen header, numeric cells as numbers, readable column widths."""
    cells = ([xlsx_cell(value) for value in row] for row in rows)
    sample = list(islice(cells, WIDTH_SAMPLE_ROWS))
    widths = [len(str(header)) for header in headers]
    for values in sample:
        widths = [max(width, len(str(value)) if value is not None else 0) for width, value in zip(widths, values,
                                                                                                 strict=False)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
    sheet.append(xlsx_row(sheet, list(headers), (), bold=True))
    formats = [number_format_for(header) for header in headers]
    for values in chain(sample, cells):
        sheet.append(xlsx_row(sheet, values, formats))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

