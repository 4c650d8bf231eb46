"""Build import files in memory: CSV text and XLSX workbooks (with openpyxl)."""

import io

from openpyxl import Workbook

from booths.layout.booth_rows import COLUMNS
from tests.booths.conftest import booth_csv

NUMERIC = ("x_m", "y_m", "width_m", "depth_m", "price_vnd")


def _cell(column: str, text: str):
    """A spreadsheet cell: numbers as numbers where the text is one, otherwise the text itself."""
    if column in NUMERIC:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text or None


def booth_xlsx(rows: list[dict], *, columns=COLUMNS) -> bytes:
    """An XLSX workbook whose first sheet has the header and `rows`, numbers stored as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gian hàng"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(column, row.get(column, "")) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def booth_file(kind: str, rows: list[dict]) -> bytes:
    """The rows as `kind` ("csv" or "xlsx") bytes."""
    return booth_csv(rows).encode("utf-8") if kind == "csv" else booth_xlsx(rows)
