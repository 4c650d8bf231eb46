"""Reading uploaded tables: UTF-8 CSV (BOM, ';'), XLSX, and refusing anything else with TableError."""

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from core.tables import TableError, estimate_rows, read_csv, read_table, read_xlsx


def xlsx(rows: list[list]) -> bytes:
    """An XLSX workbook in memory whose first sheet holds `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_rows_are_keyed_by_lower_case_header():
    """Each data row is a dict of stripped strings keyed by the cleaned header."""
    data = "Code, Hall ,ZONE\nA-01, Nhà A ,Khu quốc tế\n".encode()
    assert read_csv(data) == [{"code": "A-01", "hall": "Nhà A", "zone": "Khu quốc tế"}]


def test_a_byte_order_mark_does_not_stick_to_the_first_column():
    """Excel's UTF-8 BOM is dropped, so the first column is still "code"."""
    data = "\ufeffcode,hall\nA-01,Nhà A\n".encode()
    assert read_table(data, "booths.csv") == [{"code": "A-01", "hall": "Nhà A"}]


def test_semicolon_separated_csv_is_recognised():
    """A ';' file (Excel in a comma-decimal locale) keeps its decimal commas intact."""
    data = b"code;x_m;price_vnd\nA-01;3,5;12.000.000\n"
    assert read_table(data) == [{"code": "A-01", "x_m": "3,5", "price_vnd": "12.000.000"}]


def test_blank_lines_are_skipped_and_short_rows_padded():
    """Empty lines vanish and missing trailing cells read as empty strings."""
    data = b"code,hall,zone\n\nA-01,Hall A\n , , \nA-02,Hall A,Z\n"
    assert read_csv(data) == [{"code": "A-01", "hall": "Hall A", "zone": ""},
                              {"code": "A-02", "hall": "Hall A", "zone": "Z"}]


def test_an_empty_file_has_no_rows():
    """No header, no rows; a header alone, no rows."""
    assert read_table(b"") == [] and read_table(b"code,hall\n") == []


def test_xlsx_cells_become_text():
    """Whole floats lose their .0, other numbers and dates become plain text, empty cells empty strings."""
    data = xlsx([["Code", "X_M", "Width_m", "Price_VND", "Opened", "Note"],
                 ["A-01", 3.0, 3.5, 12_000_000, datetime(2026, 5, 1, 9, 30), None],
                 [None, None, None, None, None, None],
                 ["A-02", 0, 2.25, 0, date(2026, 5, 2), " x "]])
    assert read_table(data, "booths.xlsx") == [
        {"code": "A-01", "x_m": "3", "width_m": "3.5", "price_vnd": "12000000", "opened": "2026-05-01", "note": ""},
        {"code": "A-02", "x_m": "0", "width_m": "2.25", "price_vnd": "0", "opened": "2026-05-02", "note": "x"},
    ]


def test_xlsx_is_recognised_by_content_not_name():
    """A workbook uploaded with a .csv name is still read as a workbook."""
    assert read_table(xlsx([["code"], ["A-01"]]), "booths.csv") == [{"code": "A-01"}]


@pytest.mark.parametrize("data", [
    "code,hall\nA-01,Café\n".encode("latin-1"),
    "mã,nhà\nA-01,Nhà A\n".encode("utf-16"),
    bytes(range(256)),
    b"code,hall\nA-01,\x00\x00\x00\n",
])
def test_non_utf8_or_binary_files_raise_table_error(data):
    """Latin-1, UTF-16, random bytes or NULs are not a readable CSV."""
    with pytest.raises(TableError):
        read_table(data, "booths.csv")


def test_a_zip_that_is_not_a_workbook_raises_table_error():
    """A ZIP archive without a workbook inside is refused, not a crash."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TableError):
        read_table(buffer.getvalue(), "booths.xlsx")


def test_a_truncated_zip_raises_table_error():
    """Bytes that start like a ZIP but are not one are refused."""
    with pytest.raises(TableError):
        read_xlsx(b"PK\x03\x04 not really a zip")


def test_a_csv_named_xlsx_raises_table_error():
    """A .xlsx name with text inside is refused rather than read as CSV."""
    with pytest.raises(TableError):
        read_table(b"code\nA-01\n", "booths.xlsx")


@pytest.mark.parametrize(("data", "rows"), [
    (b"code,hall\nA,1\nB,2\n", 2),        # LF, last line ended
    (b"code,hall\r\nA,1\r\nB,2", 2),      # CRLF, last line open
    (b"code,hall\rA,1\rB,2\r", 2),        # old Mac CR only
    (b"code,hall\n", 0),                  # a header alone
])
def test_the_rows_of_a_csv_are_counted_without_parsing_it(data, rows):
    """The count an import uses to choose between the request and a job: data rows, the header aside."""
    assert estimate_rows(data) == rows


def test_the_rows_of_a_workbook_are_its_declared_size():
    """An XLSX's first sheet: its rows less the header; an unreadable one counts as none (refused at once)."""
    assert estimate_rows(xlsx([["code"], ["A"], ["B"], ["C"]])) == 3
    assert estimate_rows(b"PK\x03\x04 not a zip") == 0
