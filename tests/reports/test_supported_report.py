"""The supported-enterprise report: every total equals the sum of the raw records, in every format."""

import csv
import io
import re

import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.services import issue_api_token
from contracts.models import Contract
from core import pdf
from core.db import utcnow
from reports import supported_pdf
from reports.supported_pdf import split_rows
from support.models import SupportGrant
from support.scopes import set_officer_province
from tests.reports.conftest import add_grant

URL = "/api/v1/reports/supported-enterprises"


def raw_totals(session, fair_id: int) -> dict:
    """The fair's figures straight from the tables, without the report's code."""
    grants = session.execute(sa.select(SupportGrant.enterprise_id, SupportGrant.amount_vnd).where(
        SupportGrant.fair_id == fair_id, SupportGrant.status.in_(("approved", "disbursed")))).all()
    sellers = {enterprise_id for enterprise_id, _amount in grants}
    contracts = session.execute(sa.select(Contract.value_vnd).where(
        Contract.fair_id == fair_id, Contract.status != "cancelled",
        Contract.seller_enterprise_id.in_(sellers))).scalars().all()
    return {"enterprises": len(sellers), "grants": len(grants), "support_vnd": int(sum(a for _e, a in grants)),
            "contracts": len(contracts), "contract_value_vnd": int(sum(contracts))}


def test_json_totals_equal_the_raw_records(api, session, world):
    """Fair A: 3 enterprises, 4 committed grants (a planned one left out), 30 million; 3 contracts, 180 million."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id)
    assert response.status_code == 200, response.json
    totals = response.json["totals"]
    raw = raw_totals(session, world["fair_a"].id)
    assert {key: totals[key] for key in raw} == raw
    assert raw == {"enterprises": 3, "grants": 4, "support_vnd": 30_000_000, "contracts": 3,
                   "contract_value_vnd": 180_000_000}
    assert totals["booths"] == 1
    rows = response.json["enterprises"]
    for key in ("support_vnd", "contracts", "contract_value_vnd", "booths", "grants"):
        assert sum(row[key] for row in rows) == totals[key]
        if key != "booths" and key != "grants":
            assert sum(group[key] for group in response.json["by_province"]) == totals[key]
    assert sum(group["enterprises"] for group in response.json["by_province"]) == totals["enterprises"]


def test_a_former_province_name_counts_under_todays_unit(api, world):
    """Hà Tây joined Hà Nội, Hải Dương joined Hải Phòng: the report groups by today's units."""
    report = api("officer").get(URL, fair_id=world["fair_a"].id).json
    by_province = {group["province"]: group for group in report["by_province"]}
    assert set(by_province) == {"Hà Nội", "Hải Phòng"}
    assert (by_province["Hà Nội"]["enterprises"], by_province["Hà Nội"]["support_vnd"]) == (2, 21_000_000)
    assert by_province["Hải Phòng"]["contract_value_vnd"] == 30_000_000
    ha_tay = next(row for row in report["enterprises"] if row["id"] == world["ha_tay"].id)
    assert (ha_tay["province"], ha_tay["province_recorded"]) == ("Hà Nội", "Hà Tây")
    # filtering by a former name, or by today's, selects the same enterprises
    by_old = api("officer").get(URL, fair_id=world["fair_a"].id, province="Hà Tây").json
    by_new = api("officer").get(URL, fair_id=world["fair_a"].id, province="Hà Nội").json
    assert {r["id"] for r in by_old["enterprises"]} == {r["id"] for r in by_new["enterprises"]} == {
        world["ha_tay"].id, world["hanoi_firm"].id}
    assert by_new["totals"]["support_vnd"] == 21_000_000


def test_the_xlsx_has_numeric_cells_frozen_headers_and_the_same_totals(api, session, world):
    """Every sheet: a title, a unit line, a frozen header, A4 landscape fitted to the width and a totals row; amounts
    are numbers; the totals row equals the raw sums."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    raw = raw_totals(session, world["fair_a"].id)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A6", sheet.title
        assert "Kết quả hỗ trợ" in sheet["A3"].value and sheet["A4"].value.startswith("ĐVT:")
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert any(str(cell.value).startswith("Tổng cộng") for cell in sheet[sheet.max_row][:2]), sheet.title
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[5]]
    body = list(sheet.iter_rows(min_row=6, values_only=True))
    support_column, value_column = header.index("Kinh phí hỗ trợ (đồng)"), header.index("Giá trị hợp đồng (đồng)")
    *rows, total = body
    assert all(isinstance(row[support_column], int) for row in rows)
    assert total[support_column] == sum(row[support_column] for row in rows) == raw["support_vnd"]
    assert total[value_column] == raw["contract_value_vnd"]
    assert total[header.index("Hợp đồng")] == raw["contracts"]
    provinces = book.worksheets[1]
    last = [cell.value for cell in provinces[provinces.max_row]]
    assert last[0] == "Tổng cộng" and last[3] == raw["support_vnd"] and last[1] == raw["enterprises"]
    assert all(sheet.column_dimensions[letter].width >= 8 for letter in "ABCDE")


def test_the_csv_totals_row_equals_the_raw_records(api, session, world):
    """The last CSV row is the total; the support column adds up to the raw sum."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, *body, total = rows
    column = header.index("Kinh phí hỗ trợ (đồng)")
    raw = raw_totals(session, world["fair_a"].id)
    assert int(total[column]) == sum(int(row[column]) for row in body) == raw["support_vnd"]
    assert int(total[header.index("Giá trị hợp đồng (đồng)")]) == raw["contract_value_vnd"]


def test_the_pdf_has_the_national_heading_and_the_totals(api, session, world):
    """A4 pages, the national heading and motto, the title, and the totals in VND and in triệu đồng."""
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    raw = raw_totals(session, world["fair_a"].id)
    assert f"{raw['support_vnd']:,}".replace(",", ".") in text          # 30.000.000
    assert f"{raw['contract_value_vnd']:,}".replace(",", ".") in text   # 180.000.000
    assert "30 triệu đồng" in text
    assert "Thành phố Hà Nội" in text and "Thành phố Hải Phòng" in text  # the document names provinces in full
    by_province = text.split("5. Theo tỉnh/thành phố")[1].split("III.")[0]
    assert "Hải Phòng" in by_province and "Hải Dương" not in by_province  # today's units only


def test_programme_and_trend_figures(api, world):
    """No filter: both fairs on the trend in date order; the national programme's budget, committed, disbursed."""
    report = api("organizer").get(URL).json
    assert [point["code"] for point in report["trend"]["by_fair"]] == ["FAIR-B", "FAIR-A"]
    national = next(p for p in report["programmes"] if p["id"] == world["national"].id)
    assert (national["budget_vnd"], national["committed_vnd"], national["disbursed_vnd"]) == (
        1_000_000_000, 30_000_000, 3_000_000)
    assert national["enterprises"] == 3 and national["grants"] == 4
    assert report["totals"]["grants"] == 6 and report["totals"]["support_vnd"] == 36_000_000
    by_content = {group["content"]: group for group in report["by_content"]}
    assert by_content["booth_fee"]["grants"] == 3 and by_content["training"]["support_vnd"] == 2_000_000
    # One rule of dates: the 2025 programme's grant for FAIR-B (2025) counts in 2025, its training grant (no fair,
    # recorded today) in the year it was recorded; contracts by their fair's opening day.
    yearly = api("organizer").get(URL, year=2025).json
    assert yearly["totals"]["support_vnd"] == 4_000_000
    assert yearly["totals"]["contract_value_vnd"] == 20_000_000  # only the 2025 fair's contracts
    assert yearly["period"] == {"start": "2025-01-01", "end": "2025-12-31"}


def test_officers_read_within_their_province(api, app, session, make_user, world):
    """An officer bound to Hải Phòng sees only its enterprises and is refused Hà Nội; exhibitors get 403."""
    officer = make_user(role="officer")
    set_officer_province(session, officer, "Hải Dương", actor=None, now=utcnow())
    token = issue_api_token(session, officer, "t", now=utcnow())
    session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    report = client.get(URL, query_string={"fair_id": world["fair_a"].id}, headers=headers).json
    assert [row["province"] for row in report["enterprises"]] == ["Hải Phòng"]
    assert report["totals"]["support_vnd"] == 9_000_000
    refused = client.get(URL, query_string={"province": "Hà Nội"}, headers=headers)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert api("exhibitor").get(URL).status_code == 403



def test_the_page_shows_totals_charts_and_export_links(client, login_as, world):
    """The HTML report: totals, an SVG chart, the enterprise recorded under Hà Tây shown under Hà Nội."""
    login_as("officer")
    response = client.get("/reports/supported", query_string={"fair_id": world["fair_a"].id})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-stat="enterprises">3<' in html and "<svg" in html
    assert "Hà Tây" in html and 'data-export="pdf"' in html
    assert client.get("/reports/supported.xlsx").status_code == 200


def test_split_rows_covers_every_row_once_in_order():
    """The parts follow each other without gaps or empty parts; the work (heading, start-up, rows) is shared out."""
    for count, parts in ((2000, 2), (3, 2), (3, 4), (0, 2), (500, 4)):
        ranges = split_rows(count, parts, front=85, startup=120)
        assert ranges[0][0] == 0 and ranges[-1][1] == count
        assert all(end == next_start for (_s, end), (next_start, _e) in zip(ranges[:-1], ranges[1:], strict=True))
        assert all(end > start for start, end in ranges[1:])
    (start, middle), (_middle, end) = split_rows(2000, 2, front=85, startup=120)
    assert abs((middle - start + 85) - (end - middle + 120)) <= 1


def test_a_report_printed_in_parts_numbers_its_pages_across_them(api, monkeypatch, world):
    """Printed in two parts (one in a subprocess): every page shows its number out of the whole, and the heading,
    the enterprises in order, the totals row and the signatures each appear once."""
    monkeypatch.setattr(supported_pdf, "PARALLEL_FROM", 1)
    monkeypatch.setattr(supported_pdf, "parallel_parts", lambda: 2)
    monkeypatch.setattr(supported_pdf, "FRONT_ROWS", 0)
    monkeypatch.setattr(supported_pdf, "SUBPROCESS_ROWS", 0)
    rendered_elsewhere = []
    render = pdf._render_in_subprocess
    monkeypatch.setattr(pdf, "_render_in_subprocess", lambda html: rendered_elsewhere.append(html) or render(html))
    response = api("organizer").get(URL, fair_id=world["fair_a"].id, format="pdf")
    assert response.status_code == 200 and len(rendered_elsewhere) == 1
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages]
    assert len(pages) >= 2
    def numbered(text: str, number: int) -> bool:  # the stamped number is extracted before or after the page's text
        return bool(re.match(rf"{number}(\s|$)", text) or re.search(rf"\s{number}$", text))
    assert not numbered(pages[0], 1)  # no number on the first page
    for number, text in enumerate(pages[1:], start=2):
        assert numbered(text, number), (number, text[:80], text[-80:])
    text = " ".join(pages)
    assert text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 1 and "Độc lập - Tự do - Hạnh phúc" in pages[0]
    names = [row["name"] for row in api("organizer").get(URL, fair_id=world["fair_a"].id).json["enterprises"]]
    positions = [text.index(name) for name in names]
    assert all(text.count(name) == 1 for name in names) and positions == sorted(positions)
    assert "180.000.000" in text.split(names[-1])[1]  # the annex's totals row, after the last enterprise
    assert text.count("Nơi nhận") == 1 and text.index("Nơi nhận") < text.index("PHỤ LỤC") < text.index(names[0])


def test_beneficiaries_by_legal_type_include_cooperative_groups(api, session, world, make_enterprise):
    """Nghị định 45/2012 names cooperative groups (tổ hợp tác) among the beneficiaries: one is reported under its
    own type, in the JSON and in the Vietnamese PDF, and the types add up to the enterprises counted once."""
    group = make_enterprise(legal_name="Tổ hợp tác Mây tre Phú Nghĩa", province="Hà Nội", kind="cooperative_group")
    add_grant(session, world["national"], group, 5_000_000, fair=world["fair_a"])
    session.commit()
    report = api("organizer").get(URL, fair_id=world["fair_a"].id).json
    kinds = {line["kind"]: (line["enterprises"], line["support_vnd"]) for line in report["by_kind"]}
    assert kinds == {"rural_establishment": (2, 24_000_000), "cooperative": (1, 6_000_000),
                     "cooperative_group": (1, 5_000_000)}
    assert sum(count for count, _support in kinds.values()) == report["totals"]["enterprises"] == 4
    pdf_bytes = api("organizer").get(URL, fair_id=world["fair_a"].id, format="pdf").data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "Tổ hợp tác" in " ".join(text.split())
