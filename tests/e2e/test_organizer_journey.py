"""The organizer's journey at a desk and on a phone: login → home → fair → review queue with search and filters →
approve with and without a grant → start allocation → assign a booth → publish with confirmation."""

import re

import pytest

from core.db import utcnow
from core.extensions import db
from support.services import create_programme
from tests import factories
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD

VIEWPORTS = {"desk": (1366, 768), "phone": (390, 844)}


def _prepare(live_app, tag: str) -> dict:
    """An open fair with a hall of booths, 60 applications (2 from Bát Tràng asking for support, one of them
    Japanese-named), Hà Nội's programme paying booth fees, and the organizer."""
    with live_app.app_context():
        session = db.session
        email = f"org-journey-{tag}@example.vn"
        factories.make_user(session, role="organizer", email=email, display_name="Nguyễn Thu Hà")
        fair = factories.make_fair(session, status="open", code=f"JOURNEY-{tag.upper()}",
                                   name_vi=f"Hội chợ Hành trình {tag}", name_en=f"Journey Fair {tag}")
        hall = factories.make_hall(session, fair=fair, name="Nhà A")
        zone = factories.make_zone(session, fair=fair)
        for number in range(1, 7):
            factories.make_booth(session, hall=hall, zone=zone, code=f"A-{number:02d}", price_vnd=12_000_000,
                                 x_cm=(number - 1) * 300, y_cm=0)
        create_programme(session, {"name": "Khuyến công Hà Nội", "level": "provincial", "province": "Hà Nội",
                                   "year": fair.starts_on.year, "decision_ref": "1034/QĐ-UBND",
                                   "decision_date": f"{fair.starts_on.year}-01-06", "budget_vnd": 500_000_000,
                                   "agency": "Sở Công Thương Hà Nội", "booth_fee_percent": 50,
                                   "booth_fee_max_booths": 2, "allowed_contents": ["booth_fee"]},
                         actor=None, now=utcnow())
        for number in range(58):
            factories.make_application(session, fair=fair, booths_requested=1, enterprise=factories.make_enterprise(
                session, legal_name=f"Công ty Thương mại {number:02d}", name_en=None, sector="food_processing"))
        for name in ("Hợp tác xã Gốm Bát Tràng", "Xưởng Gốm Bát Tràng Cổ"):
            factories.make_application(session, fair=fair, booths_requested=2, support_requested=True,
                                       zone_preferences=[zone.id], enterprise=factories.make_enterprise(
                                           session, legal_name=name, name_en=None, kind="rural_establishment",
                                           is_rural_industry=True, province="Hà Nội"))
        session.commit()
        return {"email": email, "fair_id": fair.id, "code": fair.code}


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_organizer_reviews_approves_and_publishes(live_app, live_server, browser, size):
    """Every step by clicking, as the organizer would, with a screenshot at each."""
    data = _prepare(live_app, size)
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    questions: list[str] = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))

    def shot(step: str) -> None:
        screenshot(page, f"organizer-{step}-{size}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, f"{step} scrolls sideways"

    page.goto(live_server + "/login")
    page.fill("input[name=email]", data["email"])
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/fairs/$"))
    card = page.locator(f"[data-fair={data['code']}]")
    assert "60 đơn chờ xét duyệt" in " ".join(card.locator("[data-work=applications]").inner_text().split())
    shot("1-home")

    card.locator("a", has_text=data["code"]).click()
    page.wait_for_url(re.compile(r".*/fairs/\d+$"))
    primary = page.locator("[data-testid=lifecycle] .button--primary")
    assert primary.inner_text().strip() == "Bắt đầu phân bổ"
    shot("2-fair")

    page.click("[data-testid=applications-link]")
    page.wait_for_url(re.compile(r".*/applications$"))
    assert page.locator("[data-testid=review-queue] tbody tr").count() == 50
    assert "1–50 trong 60" in page.locator("[data-testid=pager]").inner_text()
    shot("3-queue")

    page.fill("input[name=q]", "gom bat trang")
    page.select_option("select[name=support]", "yes")
    page.click("[data-testid=queue-filters] button[type=submit]")
    page.wait_for_url(re.compile(r".*q=gom\+bat\+trang.*"))
    rows = page.locator("[data-testid=review-queue] tbody tr")
    assert rows.count() == 2
    shot("4-queue-search")

    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r".*/applications/\d+\?.*"))
    offer = page.locator("[data-testid=support-offer]")
    assert "Khuyến công Hà Nội" in offer.inner_text() and "12.000.000" in offer.inner_text()
    shot("5-application-offer")
    page.check("[data-testid=grant-yes]")
    page.click("[data-testid=decide]")
    page.wait_for_url(re.compile(r".*/applications\?.*"))
    assert page.locator("[data-testid=review-queue] [data-status=approved]").count() == 1

    page.locator("[data-testid=review-queue] tbody tr", has=page.locator("[data-status=submitted]")) \
        .locator("a").first.click()
    page.wait_for_url(re.compile(r".*/applications/\d+\?.*"))
    page.check("[data-testid=grant-no]")
    page.click("[data-testid=decide]")
    page.wait_for_url(re.compile(r".*/applications\?.*"))
    assert page.locator("[data-testid=review-queue] [data-status=approved]").count() == 2
    shot("6-queue-approved")

    page.goto(live_server + f"/fairs/{data['fair_id']}")
    page.click("[data-step=allocating]")
    page.wait_for_load_state()
    assert questions and "58 đơn vẫn đang chờ quyết định" in questions[-1]
    assert page.locator("[data-testid=lifecycle] .button--primary").inner_text().strip() == "Công bố sơ đồ gian hàng"

    page.goto(live_server + f"/fairs/{data['fair_id']}/applications?status=approved&sort=name")
    page.locator("[data-testid=review-queue] tbody a").first.click()
    page.fill("input[name=assign-codes]", "A-01")
    page.click("[data-testid=assign]")
    page.wait_for_load_state()
    assert "A-01" in page.locator("[data-testid=assigned-booths]").inner_text()
    shot("7-application-booths")

    page.goto(live_server + f"/fairs/{data['fair_id']}")
    shot("8-fair-allocating")
    questions.clear()
    page.click("[data-step=published]")
    page.wait_for_load_state()
    assert len(questions) == 1
    assert "1 doanh nghiệp sẽ nhận e-mail báo gian hàng" in questions[0]
    assert "1 đơn đã duyệt chưa có gian hàng" in questions[0]
    assert "không thể hoàn tác" in questions[0]
    assert page.locator(".page-head .badge--published").count() == 1
    shot("9-fair-published")
    context.close()
