"""Supported-enterprise exports: plain đồng in the CSV, numbers and dates in the XLSX, units said once on the page."""

import csv
import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

URL = "/api/v1/reports/supported-enterprises"
GROUPED = re.compile(r"-?\d{1,3}(?:[.,]\d{3})+")


def test_the_csv_has_plain_numbers_and_no_million_column(api, world):
    """Every number is digits only (no "6.000" triệu that reads as six thousand); each amount names its unit."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="csv")
    header, *rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert not any("triệu" in name for name in header)
    support = header.index("Kinh phí hỗ trợ (đồng)")
    assert all(re.fullmatch(r"\d+", row[support]) for row in rows) and len(rows) > 1
    assert not [cell for row in rows for cell in row if GROUPED.fullmatch(cell)]


def test_the_xlsx_keeps_millions_as_numbers_and_fairs_open_on_dates(api, world):
    """The workbook still shows triệu đồng, numerically; the "by fair" sheet's opening day is a date cell."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="xlsx")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[5]]  # under the agency, title, period and unit lines
    millions = header.index("Kinh phí hỗ trợ (triệu đồng)")
    cells = [row[millions] for row in sheet.iter_rows(min_row=6)]
    assert all(isinstance(cell.value, (int, float)) and cell.number_format == "#,##0.000" for cell in cells)
    fairs = book.worksheets[-1]
    opens = [row[1] for row in fairs.iter_rows(min_row=6, max_row=fairs.max_row - 1)]  # the last row is the total
    assert opens and all(cell.is_date and cell.number_format == "dd/mm/yyyy" for cell in opens)


def test_the_report_page_says_its_unit_once_and_dates_day_first(client, login_as, world):
    """Tables carry "ĐVT: đồng" and plain grouped numbers (no ₫ on every cell); fairs open on dd/mm/yyyy."""
    login_as("organizer", locale="vi")
    page = client.get(f"/reports/supported?fair_id={world['fair_a'].id}").get_data(as_text=True)
    assert "ĐVT: đồng" in page
    table = page[page.index('data-testid="by-province"'):]
    table = table[:table.index("</table>")]
    assert "₫" not in table and re.search(r">\d{1,3}(\.\d{3})+<", table)
    assert world["fair_a"].starts_on.strftime("%d/%m/%Y") in page


def test_the_pdf_dates_its_report_as_an_official_document(api, world):
    """The place-and-date line reads "…, ngày 05 tháng 3 năm 2027"; programme decisions are dated dd/mm/yyyy."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    assert re.search(r", ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", text)
    decision = world["national"].decision_date
    assert decision.strftime("%d/%m/%Y") in text and decision.isoformat() not in text
