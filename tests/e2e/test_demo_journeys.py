"""The exhibitor's and the buyer's journeys on the demo, at a desk (1366×768) and on a phone (390×844).

Exhibitor (the printed demo login): portal → profile → apply to the open fair with three ranked zones →
its booths on the plan → register a staff member → record a contract → scan a lead → propose a meeting.
Buyer: register for the running fair → badge → business matching → find an exhibitor by sector → book.
Screenshots go to test-artifacts/ (demo-<step>-<size>.png).
"""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from accounts.setup import DEMO_PASSWORD
from booths.applications.models import BoothApplication
from contracts.models import Meeting
from core.db import utcnow
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE
from tests.e2e.conftest import screenshot
from visitors.models import Badge, Visitor
from visitors.services import badge_code

SIZES = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def _page(browser, size: str, locale: str = "vi-VN"):
    context = browser.new_context(viewport=SIZES[size], locale=locale)
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _fresh_start(app) -> None:
    """Each run applies anew: forget the demo exhibitor's application to the open fair, if a run made one."""
    with app.app_context():
        open_fair = db.session.scalar(sa.select(Fair).where(Fair.code == DEMO_OPEN_FAIR_CODE))
        db.session.execute(sa.delete(BoothApplication).where(
            BoothApplication.fair_id == open_fair.id, BoothApplication.enterprise_id.in_(
                sa.select(Enterprise.id).where(Enterprise.email == "exhibitor@demo.hoicho.vn"))))
        db.session.commit()


def _visitor_code(app, index: int) -> str:
    """The signed badge code of a visitor of the running fair who is nobody's lead yet."""
    with app.app_context(), app.test_request_context("/"):
        fair = db.session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
        badge = db.session.scalar(sa.select(Badge).join(Visitor).where(
            Visitor.fair_id == fair.id, Visitor.visitor_type == "visitor", Badge.revoked_at.is_(None))
            .order_by(Visitor.id.desc()).offset(index))
        code = badge_code(db.session, badge, now=utcnow())
        db.session.commit()
        return code


@pytest.mark.parametrize("size", list(SIZES))
def test_the_demo_exhibitor_journey(demo_server, browser, size):
    """From the printed login to a proposed meeting, every step through the pages."""
    app, base = demo_server
    _fresh_start(app)
    run = list(SIZES).index(size)
    page = _page(browser, size)
    page.goto(base + "/login")
    page.fill("input[name=email]", "exhibitor@demo.hoicho.vn")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.goto(base + "/portal")
    expect(page.locator("[data-testid=booth-codes]").first).to_contain_text(re.compile(r"[A-Z]-\d{3}"))
    screenshot(page, f"demo-exhibitor-1-portal-{size}")

    page.goto(base + "/enterprise")
    expect(page.locator("input[name=legal_name]")).to_have_value("Hợp tác xã Gốm sứ Bát Tràng")
    page.click("main form button[type=submit] >> nth=0")
    screenshot(page, f"demo-exhibitor-2-profile-{size}")

    page.goto(base + "/portal")
    page.click(f"[data-testid=apply-{DEMO_OPEN_FAIR_CODE}]")
    zones = page.locator("select[name=zone_first] option").all_inner_texts()
    assert any("Hà Nội" in zone for zone in zones) and not any("quốc tế" in zone for zone in zones)
    page.select_option("select[name=zone_first]", label="Khu làng nghề Hà Nội")
    page.select_option("select[name=zone_second]", label="Khu sản phẩm OCOP các tỉnh")
    expect(page.locator("[data-testid=closed-zones]")).to_contain_text("Khu quốc tế")
    page.click("[data-testid=pick-plans] summary")
    page.locator(".plan-viewport--pick .booth.closed").first.click()
    expect(page.locator("[data-testid=pick-note]")).to_contain_text("nước ngoài")
    page.locator(".plan-viewport--pick .booth.available:not(.closed)").first.click()
    page.fill("textarea[name=products]", "Bình hoa men lam, bộ ấm chén")
    screenshot(page, f"demo-exhibitor-3-apply-{size}")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal$"))
    page.click("[data-testid=my-applications] a >> text=OCOP")
    expect(page.locator("[data-testid=preferred-zones] li").first).to_have_text("Khu làng nghề Hà Nội")
    expect(page.locator("[data-testid=preferred-zones] li").nth(1)).to_have_text("Khu sản phẩm OCOP các tỉnh")
    screenshot(page, f"demo-exhibitor-4-application-{size}")

    page.goto(base + "/portal")
    page.click("[data-testid=booth-codes] a")
    expect(page.locator("[data-testid=directory]")).to_contain_text("Bát Tràng")
    screenshot(page, f"demo-exhibitor-5-booths-on-plan-{size}")

    page.goto(base + "/portal")
    page.click("[data-testid=my-applications] a >> text=Quà tặng")
    page.click("[data-testid=staff-link]")
    page.fill("input[name=full_name]", f"Đỗ Minh Tuấn {run}")
    page.click("[data-testid=add-staff]")
    expect(page.locator("[data-testid=staff]")).to_contain_text(f"Đỗ Minh Tuấn {run}")
    expect(page.locator("[data-testid=staff-booths]")).to_contain_text(re.compile(r"[A-Z]-\d{3}"))
    screenshot(page, f"demo-exhibitor-6-staff-{size}")

    page.goto(base + "/portal")
    page.click("[data-testid=contracts-link]")
    yesterday = (utcnow() + timedelta(hours=7) - timedelta(days=1)).date().isoformat()
    page.fill("input[name=buyer_name]", f"Seoul Living Co. {run}")
    page.select_option("select[name=buyer_country]", "KR")
    page.select_option("select[name=category]", "handicraft")
    page.fill("input[name=amount]", "8600")
    page.fill("input[name=currency]", "USD")
    page.fill("input[name=signed_on]", yesterday)
    page.click("[data-testid=record-contract]")
    expect(page.locator("[data-testid=contracts]")).to_contain_text(f"Seoul Living Co. {run}")
    screenshot(page, f"demo-exhibitor-7-contract-{size}")

    page.goto(base + "/portal")
    page.click("[data-testid=leads-link]")
    page.fill("input[name=code]", _visitor_code(app, run))
    page.click("[data-testid=save-lead]")
    page.wait_for_load_state()
    screenshot(page, f"demo-exhibitor-8-lead-{size}")
    page.click("[data-testid=back-to-list]")
    page.click("[data-testid=leads] th a[data-sort=rating]")  # the best rated first after a second click
    page.click("[data-testid=leads] th a[data-sort=rating]")
    assert "sort=-rating" in page.url
    page.select_option("[data-testid=lead-filters] select[name=rating]", "1")
    page.click("[data-testid=lead-filters] button[type=submit]")
    rows = page.locator("[data-testid=leads] tbody tr")
    assert rows.count() >= 1
    screenshot(page, f"demo-exhibitor-8b-leads-list-{size}")
    rows.first.locator("td.col-name a").click()
    assert "rating=1" in page.url and "sort=-rating" in page.url
    page.click("[data-testid=back-to-list]")
    assert "rating=1" in page.url and "sort=-rating" in page.url
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM lead l JOIN enterprise e ON e.id = l.enterprise_id "
                                         "WHERE e.email = 'exhibitor@demo.hoicho.vn'")) >= 7 + run

    page.goto(base + "/portal")
    page.click("[data-testid=meetings-link]")
    page.select_option("select[name=bcountry]", "JP")
    page.click("[data-testid=buyer-filters] button")
    page.locator("[data-testid=buyer-choices] input[type=radio]").nth(run).check()
    page.select_option("select[name=slot]", index=3 + run)
    page.fill("#propose textarea[name=message]", "Mời quý khách ghé gian xem mẫu men lam mới")
    screenshot(page, f"demo-exhibitor-9-propose-{size}")
    page.click("[data-testid=propose-meeting]")
    expect(page.locator("[data-testid=proposals]")).to_contain_text("men lam")
    screenshot(page, f"demo-exhibitor-10-proposed-{size}")
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_buyer_journey(demo_server, browser, size):
    """Register as a trade buyer, open the badge, find a ceramics exhibitor from Hà Nội, book a meeting."""
    app, base = demo_server
    page = _page(browser, size, locale="en-US")
    page.goto(base + "/")
    screenshot(page, f"demo-buyer-1-home-{size}")
    page.click(f"a[href='/f/{DEMO_FAIR_CODE}']")
    expect(page.locator("[data-testid=public-directory-link]")).to_be_visible()
    screenshot(page, f"demo-buyer-2-fair-{size}")
    page.click("[data-testid=public-directory-link]")
    page.select_option("select[name=sector]", "handicraft")
    page.click("[data-testid=exhibitor-search] button")
    expect(page.locator("[data-testid=directory]")).to_be_visible()
    screenshot(page, f"demo-buyer-3-directory-{size}")

    page.goto(f"{base}/f/{DEMO_FAIR_CODE}/register")
    page.fill("input[name=full_name]", f"Tanaka Hiroshi {size}")
    page.fill("input[name=email]", f"tanaka-{size}@kyoto-trading.jp")
    page.fill("input[name=organisation]", "Kyoto Trading K.K.")
    page.select_option("select[name=country]", "JP")
    page.select_option("select[name=visitor_type]", "trade_buyer")
    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    expect(page.locator("[data-testid=badge-qr]")).to_be_visible()
    screenshot(page, f"demo-buyer-4-badge-{size}")

    page.click("a[href*='/meetings']")
    page.select_option("select[name=sector]", "handicraft")
    page.select_option("select[name=province]", "Hà Nội")
    page.fill("input[name=q]", "bat trang")
    page.click("[data-testid=exhibitor-filters] button")
    page.locator("[data-testid=exhibitor-choices] input[type=radio]").first.check()
    page.select_option("select[name=slot]", index=2)
    page.fill("textarea[name=message]", "Looking for blue-glaze tea sets, 500 pieces")
    screenshot(page, f"demo-buyer-5-choose-{size}")
    page.click("[data-testid=request-meeting]")
    expect(page.locator("[data-testid=meetings]")).to_contain_text("Bát Tràng")
    screenshot(page, f"demo-buyer-6-booked-{size}")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).join(
            Visitor, Visitor.id == Meeting.buyer_visitor_id).where(Visitor.email == f"tanaka-{size}@kyoto-trading.jp"))
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_organizer_finds_visitors_in_a_long_list(demo_server, browser, size):
    """Search, filter by country (chosen by name) and admitted, sort by name, open one, step to the next and back
    to the same filtered list; 'print all matching' names the filtered count."""
    _app, base = demo_server
    page = _page(browser, size, locale="en-US")
    page.goto(base + "/lang/en?next=/login")
    page.fill("input[name=email]", "organizer@demo.hoicho.vn")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    with _app.app_context():
        fair_id = db.session.scalar(sa.select(Fair.id).where(Fair.code == DEMO_FAIR_CODE))
    page.goto(f"{base}/fairs/{fair_id}/visitors")
    screenshot(page, f"demo-organizer-visitors-{size}")
    filters = page.locator("[data-testid=visitor-filters]")
    filters.locator("select[name=country]").select_option(label="Japan")
    filters.locator("select[name=admitted]").select_option("yes")
    filters.locator("button[type=submit]").click()
    page.click("[data-testid=visitors] th a[data-sort=name]")
    assert "country=JP" in page.url and "admitted=yes" in page.url and "sort=name" in page.url
    total = page.locator("[data-testid=visitor-total]").inner_text().strip("()")
    expect(page.locator("[data-testid=print-badges]")).to_contain_text(total)
    screenshot(page, f"demo-organizer-visitors-filtered-{size}")
    names = page.locator("[data-testid=visitors] tbody td.col-name a").all_inner_texts()
    page.locator("[data-testid=visitors] tbody td.col-name a").first.click()
    expect(page.locator("h1")).to_have_text(names[0])
    if len(names) > 1:
        page.click("[data-testid=next]")
        expect(page.locator("h1")).to_have_text(names[1])
    screenshot(page, f"demo-organizer-visitor-{size}")
    page.click("[data-testid=back-to-list]")
    assert "country=JP" in page.url and "admitted=yes" in page.url and "sort=name" in page.url
    page.context.close()
