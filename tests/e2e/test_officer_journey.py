"""The officer's journey on the demo, at a desk (1366×768) and on a phone (390×844): log in, land on the
supported-enterprise report, narrow it to a programme, and take it away as PDF and XLSX.

Screenshots go to test-artifacts/ (officer-<step>-<size>.png).
"""

import io

import openpyxl
import pypdfium2
import pytest

from accounts.setup import DEMO_PASSWORD
from tests.e2e.conftest import screenshot

SIZES = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_the_officer_logs_in_reads_the_report_and_downloads_pdf_and_xlsx(demo_server, browser, size):
    """Login leads to the report; its totals show; a programme filter keeps to it; PDF and XLSX are real files."""
    _app, base = demo_server
    context = browser.new_context(viewport=SIZES[size], locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "officer@demo.hoicho.vn")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/reports/supported")  # the officer's home is the report
    totals = page.locator("[data-testid=report-totals]")
    assert totals.is_visible()
    assert page.locator("[data-testid=enterprises] tbody tr").count() > 0
    screenshot(page, f"officer-report-{size}")

    # The city's programme of the demo's year of grants (the next year's programmes have none yet).
    programme = page.locator("select[name=programme_id] option", has_text="Hà Nội").last
    name = programme.inner_text().split(" (")[0]
    page.select_option("select[name=programme_id]", programme.get_attribute("value"))
    page.locator("[data-testid=filters] button[type=submit]").click()
    page.wait_for_url("**programme_id=*")
    rows = page.locator("[data-testid=programmes] tbody tr")
    assert rows.count() == 1 and name in rows.first.inner_text()
    screenshot(page, f"officer-report-programme-{size}")

    report_url = page.url
    page.click("[data-export=pdf]")  # made by a background job: its page follows it, then offers the file
    with page.expect_download() as pdf_download:
        page.click("[data-testid=job-download]")
    pdf = pypdfium2.PdfDocument(open(pdf_download.value.path(), "rb").read())
    first_page = pdf[0].get_textpage().get_text_range()
    pages = len(pdf)
    pdf.close()
    assert pages >= 1 and "BÁO CÁO" in first_page.upper()

    page.goto(report_url)
    page.click("[data-export=xlsx]")
    with page.expect_download() as xlsx_download:
        page.click("[data-testid=job-download]")
    workbook = openpyxl.load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))
    assert workbook.sheetnames and workbook[workbook.sheetnames[0]].max_row > 1
    context.close()
