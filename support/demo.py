"""Demo agencies and programmes: the national khuyến công programme and Hanoi's, for the years of the demo fairs and
the year before (the supported-report demo's earlier fair), each managed by the agency named as after the 2025
reorganisation."""

from datetime import date, timedelta

import sqlalchemy as sa

from accounts.models import User
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE
from support.agencies import create_agency
from support.models import Agency, AgencyMember, ReportText, SupportProgramme
from support.services import create_programme

NATIONAL = "Chương trình khuyến công quốc gia"
HANOI = "Chương trình khuyến công thành phố Hà Nội"
# The earlier fair of the supported-report demo opens this many days before the demo fair.
EARLIER_FAIR_DAYS = 364
HANOI_AGENCY = {
    "governing_body": "SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI",
    "name": "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP", "abbreviation": "TTKC", "seat": "Hà Nội",
    "signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "Nguyễn Thị Minh Hằng",
    "recipients": ["Sở Công Thương thành phố Hà Nội (để b/c)",
                   "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công (để b/c)", "Ban Giám đốc Trung tâm",
                   "Lưu: VT, KC."],
}
NATIONAL_AGENCY = {
    "governing_body": "BỘ CÔNG THƯƠNG", "name": "CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG",
    "abbreviation": "ĐMST", "seat": "Hà Nội", "signer_authority": "KT. CỤC TRƯỞNG", "signer_title": "PHÓ CỤC TRƯỞNG",
    "signer_name": "Trần Quang Huy",
    "recipients": ["Bộ trưởng (để b/c)", "Thứ trưởng phụ trách (để b/c)", "Sở Công Thương các tỉnh, thành phố",
                   "Lưu: VT, ĐMST."],
}
DEMO_MEMBERS = ("admin@demo.hoicho.vn", "organizer@demo.hoicho.vn", "officer@demo.hoicho.vn")
# Section III of the Hanoi centre's cumulative report, as an officer drafts it (the number is given when it is issued).
DEMO_ASSESSMENT = (
    "1. Đánh giá chung: hoạt động hỗ trợ cơ sở công nghiệp nông thôn tham gia hội chợ đã giúp các cơ sở tiếp cận "
    "khách hàng trong nước và quốc tế, nhiều hợp đồng, đơn hàng được ký kết ngay tại hội chợ.\n"
    "2. Tồn tại, hạn chế: mức hỗ trợ còn thấp so với chi phí tham gia; một số hợp đồng do doanh nghiệp tự khai, chưa "
    "được xác minh; việc phân bổ kinh phí còn chậm.\n"
    "3. Kiến nghị: đề nghị Sở Công Thương tiếp tục bố trí kinh phí khuyến công địa phương cho nội dung xúc tiến "
    "thương mại và tăng cường kết nối với Chương trình khuyến công quốc gia.")


def _agencies(session, now) -> tuple[Agency, Agency]:
    found = {agency.name: agency for agency in session.scalars(sa.select(Agency))}
    hanoi = found.get(HANOI_AGENCY["name"]) or create_agency(session, HANOI_AGENCY, actor=None, now=now)
    national = found.get(NATIONAL_AGENCY["name"]) or create_agency(session, NATIONAL_AGENCY, actor=None, now=now)
    for user in session.scalars(sa.select(User).where(User.email.in_(DEMO_MEMBERS))):
        if session.get(AgencyMember, user.id) is None:
            session.add(AgencyMember(user_id=user.id, agency_id=hanoi.id))
    if session.scalar(sa.select(ReportText.id).where(ReportText.agency_id == hanoi.id)) is None:
        session.add(ReportText(agency_id=hanoi.id, period="all", assessment=DEMO_ASSESSMENT, updated_at=now))
    session.flush()
    return hanoi, national


def load_demo_programmes(session, now) -> list[str]:
    """The two agencies; both programmes for each year a demo fair runs in, the national one the year before
    (idempotent)."""
    hanoi, national = _agencies(session, now)
    starts = list(session.scalars(sa.select(Fair.starts_on).where(Fair.code.in_((DEMO_FAIR_CODE,
                                                                                 DEMO_OPEN_FAIR_CODE)))))
    earlier = [day - timedelta(days=EARLIER_FAIR_DAYS) for day in starts]
    lines = []
    for year in sorted({day.year for day in starts + earlier}):
        first = min(day for day in starts + earlier if day.year == year)
        if session.scalar(sa.select(SupportProgramme.id).where(SupportProgramme.year == year).limit(1)) is None:
            # The year before the demo's fairs has only the national programme (it paid for the earlier fair).
            lines.append(_programmes_of(session, year, first, now, hanoi=hanoi, national=national,
                                        local=any(day.year == year for day in starts)))
    return lines or ["Demo support programmes: already there"]


def _programmes_of(session, year: int, first_fair: date, now, *, hanoi: Agency, national: Agency,
                   local: bool) -> str:
    # Decided before the year's first fair: support cannot pay for a fair over before its decision.
    latest = first_fair - timedelta(days=10)
    national_programme = create_programme(session, {
        "name": NATIONAL, "level": "national", "year": year,
        "agency": "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công – Bộ Công Thương",
        "decision_ref": "1288/QĐ-BCT", "decision_date": min(date(year, 1, 15), latest).isoformat(),
        "budget_vnd": 1_500_000_000, "booth_fee_percent": 50, "booth_fee_max_booths": 1,
        "allowed_contents": ["fair_participation", "booth_fee", "travel", "training", "machinery", "product_design"],
    }, actor=None, now=now)
    national_programme.managing_agency = national
    if not local:
        session.flush()
        return f"Demo support programmes: national, {year}"
    hanoi_programme = create_programme(session, {
        "name": HANOI, "level": "provincial", "province": "Hà Nội", "year": year,
        "agency": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
        "decision_ref": "1034/QĐ-UBND", "decision_date": min(date(year, 3, 6), latest).isoformat(),
        "budget_vnd": 800_000_000, "booth_fee_percent": 100, "booth_fee_max_booths": 2,
        "allowed_contents": ["fair_participation", "booth_fee", "travel", "training", "product_design"],
    }, actor=None, now=now)
    hanoi_programme.managing_agency = hanoi
    session.flush()
    return f"Demo support programmes: national and Hà Nội, {year}"
