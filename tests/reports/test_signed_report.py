"""The report an agency signs, checked against Nghị định 30/2020/NĐ-CP by reading the PDF (pdftotext, pdffonts) and
the DOCX (python-docx): the agency's heading, number, place and date, signer and recipients; the font and the page
numbers; money that reconciles with an enterprise in two programmes; contracts, orders and memoranda apart; exports
in USD; the projects' outcomes."""

import io
import re
import subprocess
import tempfile
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from docx import Document

from contracts.models import Contract
from core.audit import AuditEvent
from core.db import utcnow
from support.agencies import create_agency, set_member_agency
from support.projects import create_project, record_outcome

URL = "/api/v1/reports/supported-enterprises"
AGENCIES = "/api/v1/support/agencies"
HAI_PHONG = {"governing_body": "SỞ CÔNG THƯƠNG THÀNH PHỐ HẢI PHÒNG",
             "name": "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP HẢI PHÒNG", "abbreviation": "TTKCHP",
             "seat": "Hải Phòng", "signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC",
             "signer_name": "Lê Văn Hưng",
             "recipients": ["Sở Công Thương thành phố Hải Phòng (để b/c)", "Lưu: VT, KC."]}


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text as `pdftotext -layout` lays it out."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        text = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True).stdout
        fonts = subprocess.run(["pdffonts", handle.name], capture_output=True, check=True).stdout.decode()
    return text.decode().split("\f")[:-1], fonts


def flat(text: str) -> str:
    return " ".join(text.split())


def test_an_agency_is_recorded_read_and_changed_through_the_api(api):
    """POST → 201 with an id; GET gives it back; PATCH changes one field; a bad field is a 422 problem; an officer of
    another agency is refused with a 403 problem."""
    organizer = api("organizer")
    created = organizer.post(AGENCIES, HAI_PHONG)
    assert created.status_code == 201, created.json
    agency_id = created.json["id"]
    assert organizer.get(f"{AGENCIES}/{agency_id}").json["seat"] == "Hải Phòng"
    changed = organizer.patch(f"{AGENCIES}/{agency_id}", {"signer_name": "Phạm Thị Lan"})
    assert changed.status_code == 200 and changed.json["signer_name"] == "Phạm Thị Lan"
    assert changed.json["governing_body"] == HAI_PHONG["governing_body"]
    bad = organizer.post(AGENCIES, {**HAI_PHONG, "abbreviation": "BC/KC", "seat": ""})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert {error["field"] for error in bad.json["errors"]} == {"abbreviation", "seat"}
    refused = api("officer").patch(f"{AGENCIES}/{agency_id}", {"seat": "Hà Nội"})
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert organizer.get(f"{AGENCIES}/999999").status_code == 404


def test_the_pdf_and_docx_carry_the_agencys_heading_place_number_and_signer(api, world):
    """Done means: an agency made through the API heads its reports — governing body over name, "Số: 7/BC-TTKCHP",
    "Hải Phòng, ngày dd tháng mm năm yyyy", the signer; Liberation Serif; no page number on page 1, the next ones
    numbered at the top."""
    organizer = api("organizer")
    agency_id = organizer.post(AGENCIES, HAI_PHONG).json["id"]
    response = organizer.get(URL, format="pdf", number="7")  # the caller's agency by default
    assert response.status_code == 200
    pages, fonts = pdf_pages(response.data)
    first = pages[0]
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
    left = " ".join(re.split(r"\s{2,}", line)[0] for line in lines[:6])  # the heading's left column
    assert left.startswith("SỞ CÔNG THƯƠNG THÀNH PHỐ HẢI PHÒNG TRUNG TÂM KHUYẾN CÔNG")  # governing body over name
    assert "Số: 7/BC-TTKCHP" in first
    assert re.search(r"Hải Phòng, ngày \d{2} tháng (?:0[12]|[3-9]|1[0-2]) năm \d{4}", first)
    assert "BÁO CÁO" in first and "triển lãm lũy kế đến nay" in flat(first)  # the period in the title
    assert "Quyết định số 1288/QĐ-BCT ngày 15/01/2026" in flat(" ".join(pages))
    whole = flat(" ".join(pages))
    authority = whole.index("KT. GIÁM ĐỐC")  # then the title, then (after the space to sign) the name
    assert authority < whole.index("PHÓ GIÁM ĐỐC", authority) < whole.index("Lê Văn Hưng", authority)
    assert "Nơi nhận:" in whole and "- Sở Công Thương thành phố Hải Phòng (để" in whole and "- Lưu: VT, KC." in whole
    assert "Kèm theo Báo cáo số 7/BC-TTKCHP" in whole and "ĐVT:" in whole
    for title in ("I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ", "III. ĐÁNH GIÁ CHUNG"):
        assert title in whole
    # fonts-liberation2 holds every Vietnamese letter: no glyph falls back to DejaVu
    assert "LiberationSerif" in fonts.replace("-", "") and "DejaVu" not in fonts, fonts
    assert len(pages) >= 2
    assert not re.match(r"\s*\d+\s*$", first.splitlines()[0])  # page 1: no number above the heading
    for number, page in enumerate(pages[1:], start=2):
        assert page.splitlines()[0].strip() == str(number), page.splitlines()[0]

    docx = organizer.get(URL, format="docx", agency_id=agency_id, number="7")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(docx.data))
    heading = document.tables[0]
    left, right = (cell.text for cell in heading.rows[0].cells)
    assert left.splitlines() == ["SỞ CÔNG THƯƠNG THÀNH PHỐ HẢI PHÒNG", HAI_PHONG["name"], "Số: 7/BC-TTKCHP"]
    assert re.fullmatch(r"Hải Phòng, ngày \d{2} tháng (?:0[12]|[3-9]|1[0-2]) năm \d{4}", right.splitlines()[-1])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "I. TÌNH HÌNH CHUNG VÀ CĂN CỨ PHÁP LÝ" in text and "III. ĐÁNH GIÁ CHUNG" in text
    assert "Nghị định số 45/2012/NĐ-CP" in text and "235/2025/NĐ-CP" in text
    signature = document.tables[-2].rows[0].cells[1].text
    assert "KT. GIÁM ĐỐC" in signature and "PHÓ GIÁM ĐỐC" in signature and "Lê Văn Hưng" in signature
    style = document.styles["Normal"].font
    assert style.name == "Times New Roman" and style.size.pt == 13
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.top_margin.mm) == 20
    assert section.different_first_page_header_footer  # the number starts on page 2


def test_an_officer_issues_only_their_own_agencys_report(api):
    """An officer naming another agency is refused; an unknown agency is a 404 problem."""
    agency_id = api("organizer").post(AGENCIES, HAI_PHONG).json["id"]
    assert api("officer").get(URL, agency_id=agency_id).status_code == 403
    assert api("organizer").get(URL, agency_id=999999).status_code == 404


def test_an_enterprise_of_two_programmes_counts_once_and_the_rows_reconcile(api, world):
    """Hà Tây's establishment and the Bát Tràng cooperative are supported by both programmes: 3 enterprises in the
    total, 5 in the programme rows, and the PDF says why; support and grants add up exactly."""
    organizer = api("organizer")
    report = organizer.get(URL).json
    totals, programmes = report["totals"], report["programmes"]
    assert totals["enterprises"] == 3
    assert sum(p["enterprises"] for p in programmes) == 5
    assert sum(p["support_vnd"] for p in programmes) == totals["support_vnd"] == 36_000_000
    assert sum(p["grants"] for p in programmes) == totals["grants"]
    assert report["reconciliation"] == {"support_vnd": True, "grants": True, "enterprise_rows": 5, "enterprises": 3,
                                        "in_several_programmes": 2}
    funds = {line["level"]: line for line in report["funds"]}
    assert funds["total"]["budget_vnd"] == funds["national"]["budget_vnd"] + funds["provincial"]["budget_vnd"]
    assert "contract_value_per_vnd" not in totals and all("contract_value_per_vnd" not in p for p in programmes)
    pages, _fonts = pdf_pages(organizer.get(URL, format="pdf").data)
    text = flat(" ".join(pages))
    assert "2 doanh nghiệp, cơ sở được hỗ trợ từ nhiều chương trình" in text and "(5 lượt trong các dòng)" in text
    assert "Tổng cộng (mỗi doanh nghiệp tính một lần) 3" in text


def test_a_province_filter_says_so_and_marks_whole_programme_figures(api, world):
    """Filtered to Hải Phòng: the PDF says what is filtered and that plan and spending are the whole programme's."""
    report = api("organizer").get(URL, province="Hải Phòng").json
    assert report["totals"]["support_vnd"] == 9_000_000
    assert all(p["whole_programme"] for p in report["programmes"])
    pages, _fonts = pdf_pages(api("organizer").get(URL, province="Hải Phòng", format="pdf").data)
    text = flat(" ".join(pages))
    assert "Số liệu lọc theo Thành phố Hải Phòng" in text
    assert "là số liệu toàn chương trình" in text


def _contract(session, fair, seller, kind: str, value_vnd: int, country: str, *, verified: bool) -> None:
    now = utcnow()
    session.add(Contract(fair_id=fair.id, seller_enterprise_id=seller.id, buyer_name="Buyer", buyer_country=country,
                         kind=kind, category="handicraft", amount=Decimal(value_vnd), currency="VND",
                         fx_rate_to_vnd=Decimal(1), value_vnd=Decimal(value_vnd),
                         value_usd=Decimal(value_vnd) / 25000, signed_on=fair.starts_on, status="signed",
                         confidential=False, verified_at=now if verified else None, created_at=now, updated_at=now))


def test_contracts_orders_and_memoranda_are_apart_verified_or_not_with_exports_in_usd(api, session, world):
    """The world's three fair-A contracts are self-declared contracts to Japan; an order to the US verified, a
    memorandum with France: each in its line, exports in USD by buyer country (a memorandum sells nothing)."""
    _contract(session, world["fair_a"], world["hai_duong"], "order", 50_000_000, "US", verified=True)
    _contract(session, world["fair_a"], world["hai_duong"], "mou", 250_000_000, "FR", verified=False)
    session.commit()
    report = api("organizer").get(URL, fair_id=world["fair_a"].id).json
    kinds = {line["kind"]: line for line in report["trade"]["by_kind"]}
    assert (kinds["contract"]["declared_count"], kinds["contract"]["verified_count"]) == (3, 0)
    assert (kinds["order"]["verified_count"], kinds["order"]["verified_value_usd"]) == (1, 2000.0)
    assert (kinds["mou"]["declared_count"], kinds["mou"]["declared_value_vnd"]) == (1, 250_000_000)
    exports = {line["country"]: line["value_usd"] for line in report["trade"]["exports"]}
    assert exports == {"JP": 7200.0, "US": 2000.0}
    pages, _fonts = pdf_pages(api("organizer").get(URL, fair_id=world["fair_a"].id, format="pdf").data)
    text = flat(" ".join(pages))
    assert "Biên bản ghi nhớ 0 0 0 1 250 10.000" in text and "Đơn hàng 1 50 2.000 0 0 0" in text
    assert "Kim ngạch xuất khẩu (USD)" in text and "Hoa Kỳ 1 2.000" in text


def test_trainees_jobs_and_designs_of_a_project_appear_in_the_outcomes(api, session, world):
    """A training project of Hà Nội's programme records 20 trainees (17 employed), 6 jobs, 4 designs for one
    cooperative in 2025: the 2025 report shows them; the 2026 one does not (outcomes count by their date)."""
    project = create_project(session, world["hanoi"], {
        "code": "ĐA-07", "name": "Đào tạo nghề gốm", "content": "training", "decision_ref": "88/QĐ-KC",
        "decision_date": "2025-04-01", "implementing_unit": "Trung tâm Khuyến công Hà Nội",
        "state_budget_vnd": 90_000_000, "counterpart_vnd": 30_000_000}, actor=None, now=utcnow())
    record_outcome(session, project, {"enterprise_id": world["hanoi_firm"].id, "recorded_on": date(2025, 6, 30),
                                      "trainees": 20, "employed_after": 17, "jobs_created": 6, "new_designs": 4},
                   actor=None, now=utcnow())
    session.commit()
    report = api("organizer").get(URL, year=2025).json
    [line] = report["outcomes"]["projects"]
    assert (line["trainees"], line["employed_after"], line["jobs_created"], line["new_designs"]) == (20, 17, 6, 4)
    assert report["outcomes"]["total"]["employed_percent"] == 85.0
    assert api("organizer").get(URL, year=2026).json["outcomes"]["projects"] == []
    pages, _fonts = pdf_pages(api("organizer").get(URL, year=2025, format="pdf").data)
    text = flat(" ".join(pages))
    assert "ĐA-07 – Đào tạo nghề gốm" in text and "Tổng cộng 1 20 17 6 4 0 0" in text
    assert "85,0% số học viên có việc làm sau đào tạo" in text
    assert "năm 2025" in text  # the period in the title


def test_a_grant_cannot_pay_for_a_fair_over_before_its_programmes_decision(api, world):
    """FAIR-B (April 2025) ended before the national programme's decision (15/01/2026): refused, by field."""
    response = api("organizer").post("/api/v1/support/grants", {
        "programme_id": world["national"].id, "enterprise_id": world["hanoi_firm"].id,
        "fair_id": world["fair_b"].id, "content": "booth_fee", "amount_vnd": 1_000_000, "status": "approved"})
    assert response.status_code == 422, response.json
    assert [error["field"] for error in response.json["errors"]] == ["fair_id"]


def test_a_local_fund_paying_another_provinces_enterprise_needs_a_confirmation_and_is_audited(api, session, world):
    """Hà Nội's fund for Chu Đậu (Hải Dương, now Hải Phòng): 409 until confirmed, then recorded and audited."""
    body = {"programme_id": world["hanoi"].id, "enterprise_id": world["hai_duong"].id, "content": "training",
            "amount_vnd": 1_000_000, "status": "approved"}
    organizer = api("organizer")
    refused = organizer.post("/api/v1/support/grants", body)
    assert refused.status_code == 409 and refused.mimetype == "application/problem+json"
    recorded = organizer.post("/api/v1/support/grants", {**body, "confirm_other_province": True})
    assert recorded.status_code == 201, recorded.json
    assert recorded.json["project_id"] is not None  # in the programme's training project
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "support_grant.other_province")) == 1
    # the programme's own province needs no confirmation
    own = organizer.post("/api/v1/support/grants", {**body, "enterprise_id": world["hanoi_firm"].id})
    assert own.status_code == 201


def test_the_officer_keeps_the_number_and_assessment_with_the_report(client, login_as, session, world):
    """An officer of the agency saves "12" and section III on the page: the PDF is "Số: 12/BC-TTKCHP" and prints
    the paragraphs; an officer of no agency cannot write another agency's report."""
    officer = login_as("officer")
    agency = create_agency(session, HAI_PHONG, actor=None, now=utcnow())
    set_member_agency(session, officer, agency, actor=None, now=utcnow())
    session.commit()
    saved = client.post("/reports/supported/text?year=2026", data={
        "number": "12", "assessment": "Kết quả tốt.\nKiến nghị tăng kinh phí."})
    assert saved.status_code == 302
    pdf = client.get("/reports/supported.pdf?year=2026")
    pages, _fonts = pdf_pages(pdf.data)
    text = flat(" ".join(pages))
    assert "Số: 12/BC-TTKCHP" in text and "Kết quả tốt. Kiến nghị tăng kinh phí." in text
    assert "Số: ……/BC-TTKCHP" in flat(pdf_pages(client.get("/reports/supported.pdf?year=2025").data)[0][0])
    client.post("/logout")
    login_as("officer")
    refused = client.post(f"/reports/supported/text?year=2026&agency_id={agency.id}", data={"number": "13"})
    assert refused.status_code == 403


def test_a_programme_names_its_managing_agency_which_heads_its_report(api, session, world):
    """A programme recorded with managing_agency_id: its report, asked by someone of no agency, carries that
    agency's heading."""
    agency_id = api("organizer").post(AGENCIES, HAI_PHONG).json["id"]
    created = api("organizer").post("/api/v1/support/programmes", {
        "name": "Khuyến công Hải Phòng", "level": "provincial", "province": "Hải Phòng", "year": 2026,
        "decision_ref": "45/QĐ-UBND", "decision_date": "2026-02-01", "budget_vnd": 300_000_000,
        "managing_agency_id": agency_id})
    assert created.status_code == 201 and created.json["managing_agency_id"] == agency_id
    issuer = api("organizer").get(URL, programme_id=created.json["id"]).json["issuer"]
    assert (issuer["governing_body"], issuer["seat"]) == ("SỞ CÔNG THƯƠNG THÀNH PHỐ HẢI PHÒNG", "Hải Phòng")
    assert api("organizer").get(URL).json["issuer"]["agency_configured"] is False
