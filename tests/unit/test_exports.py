"""CSV cells are plain numbers and ISO dates; XLSX cells are numbers and dates with grouped and dd/mm/yyyy formats."""

import csv
import io
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
