"""CSV cells are plain numbers and ISO dates; XLSX cells are numbers and dates with grouped and dd/mm/yyyy formats."""

import csv
import io
import tracemalloc
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from core.exports import number_format_for, to_csv, to_xlsx


def test_csv_numbers_are_plain_whatever_their_type():
    """6 million đồng in millions is "6" (never "6.000", six thousand to a Vietnamese reader); no grouping."""
    body = to_csv(["Kinh phí (đồng)", "Kinh phí (triệu đồng)", "Tỷ lệ", "Ngày", "Âm"],
                  [[6_000_000, Decimal("6.000"), Decimal("2500.50"), date(2027, 1, 15), Decimal("-5")]])
    (row,) = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    assert row == ["6000000", "6", "2500.5", "2027-01-15", "-5"]


def test_xlsx_cells_are_numbers_and_dates_in_the_readers_format():
    """Money columns (by their header's unit) group thousands; dates are dates shown dd/mm/yyyy; ids stay plain."""
    headers = ["Mã hồ sơ", "Giá (đồng)", "Kinh phí (triệu đồng)", "Ngày nộp", "value_usd"]
    row = [1234, 12_500_000, Decimal("6.5"), date(2027, 1, 15), Decimal("2500.50")]
    book = load_workbook(io.BytesIO(to_xlsx(headers, [row])))
    sheet = book.active
    ident, price, millions, day, dollars = sheet[2]
    assert (dollars.value, dollars.number_format) == (2500.5, "#,##0.00")
    assert (ident.value, ident.number_format) == (1234, "General")
    assert (price.value, price.number_format) == (12_500_000, "#,##0")
    assert (millions.value, millions.number_format) == (6.5, "#,##0.000")
    assert day.value.date() == date(2027, 1, 15) and day.number_format == "dd/mm/yyyy"


def test_only_amounts_get_a_money_format():
    """A header naming its unit in brackets or as a suffix is an amount; a ratio "per đồng" is not."""
    assert number_format_for("Kinh phí hỗ trợ (đồng)") == "#,##0"
    assert number_format_for("Support (million VND)") == "#,##0.000"
    assert number_format_for("value_vnd") == "#,##0" and number_format_for("value_usd") == "#,##0.00"
    assert number_format_for("Giá trị hợp đồng trên mỗi đồng hỗ trợ") is None
    assert number_format_for("Contract value per VND of support") is None


def _contract_rows(count: int):
    """A generator of contract-like rows, as an export's query would yield them."""
    for number in range(count):
        yield [f"Công ty Gốm {number}", Decimal(1_000_000 + number), date(2027, 1, 1 + number % 28),
               "=SUM(A1)" if number % 1000 == 0 else None, number]


LARGE_HEADERS = ["Bên bán", "Giá trị (đồng)", "Ngày ký", "Ghi chú", "Số"]


def test_a_large_xlsx_export_keeps_every_row_header_and_style():
    """6,000 rows (past the rows the widths are measured on) come back whole: bold frozen header, values, formats."""
    book = load_workbook(io.BytesIO(to_xlsx(LARGE_HEADERS, _contract_rows(6000), title="Hợp đồng")))
    sheet = book.active
    assert sheet.title == "Hợp đồng" and sheet.freeze_panes == "A2"
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header] == LARGE_HEADERS and all(cell.font.bold for cell in header)
    assert len(rows) == 6000
    for (seller, value, signed, note, number), expected in zip(rows, _contract_rows(6000), strict=True):
        assert seller.value == expected[0] and not seller.font.bold
        assert (value.value, value.number_format) == (int(expected[1]), "#,##0")
        assert signed.value.date() == expected[2] and signed.number_format == "dd/mm/yyyy"
        assert note.value == ("'=SUM(A1)" if expected[3] else None)
        assert (number.value, number.number_format) == (expected[4], "General")
    assert sheet.column_dimensions["A"].width == len("Công ty Gốm 1999") + 2


def test_xlsx_export_memory_stays_flat():
    """Rows are written as they come (write-only): four times the rows do not take four times the memory."""
    peaks = []
    for count in (5000, 20000):
        tracemalloc.start()
        to_xlsx(LARGE_HEADERS, _contract_rows(count))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 2 * peaks[0], peaks
