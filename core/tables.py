"""Read uploaded tables (CSV or XLSX) into rows of strings keyed by lower-case header. Pure module."""

import csv
import io
import re
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook


class TableError(ValueError):
    """The file is not a readable CSV or XLSX table."""


def _clean_header(names) -> list[str]:
    return [str(name or "").strip().lower() for name in names]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value).strip()


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV (a BOM is fine; `;` separators are recognised)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError("The CSV file is not UTF-8 text.") from error
    if "\x00" in text:
        raise TableError("The file is not a text CSV.")
    # Lines may end in LF, CRLF or a lone CR (old Mac exports): newline="" lets the csv module see all three,
    # and keeps a line break inside a quoted cell as it was written.
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _clean_header(next(reader))
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            rows.append({name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)})
    except StopIteration:
        return []
    except csv.Error as error:  # e.g. a quote left open; the line number helps find it
        raise TableError(f"The CSV file cannot be read (line {reader.line_num}): {error}.") from error
    return rows


def read_xlsx(data: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet of an XLSX workbook."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TableError("The file is not an XLSX workbook.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError("The XLSX workbook cannot be read.") from error
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = _clean_header(next(iterator))
    except StopIteration:
        return []
    rows = []
    for values in iterator:
        texts = [_cell_text(value) for value in values]
        if not any(texts):
            continue
        rows.append({name: (texts[i] if i < len(texts) else "") for i, name in enumerate(header) if name})
    workbook.close()
    return rows


def read_table(data: bytes, filename: str = "") -> list[dict[str, str]]:
    """Read CSV or XLSX, decided by the content (a ZIP container is XLSX), not the name alone."""
    if data[:2] == b"PK":
        return read_xlsx(data)
    if filename.lower().endswith(".xlsx"):
        raise TableError("The file is not an XLSX workbook.")
    return read_csv(data)


def estimate_rows(data: bytes) -> int:
    """An upper bound of the data rows, without parsing the file: line breaks of a CSV (a quoted line break
    counts too), the declared size of an XLSX sheet (a workbook that declares none counts as large)."""
    if data[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = workbook.worksheets[0].max_row
            workbook.close()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
            return 0  # unreadable: the import itself says why, at once
        return max(0, (rows or 1_000_000) - 1)
    breaks = max(data.count(b"\n"), data.count(b"\r"))
    lines = breaks if data.endswith((b"\n", b"\r")) else breaks + 1
    return max(0, lines - 1)  # the header is no row
