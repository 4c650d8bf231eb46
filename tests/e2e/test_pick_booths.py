"""An exhibitor picks preferred booths by tapping them on the floor plan of the apply form."""

import re

import sqlalchemy as sa

from booths.applications.models import BoothApplication
from booths.layout.grid import GridSpec
from booths.layout.services import create_grid, create_hall, create_zone
from core.db import utcnow
from core.extensions import db
from enterprises.models import Enterprise
from fairs.services import change_fair_status, create_fair
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_enterprise, make_user


def _fair_with_booths(live_app) -> None:
    with live_app.app_context(), live_app.test_request_context("/"):
        owner = make_user(db.session, role="exhibitor", email="pick-e2e@example.vn")
        make_enterprise(db.session, owner=owner, legal_name="Công ty Mây tre Phú Vinh")
        now = utcnow()
        fair = create_fair(db.session, {"code": "PICK-E2E", "name_vi": "Hội chợ Chọn gian", "name_en": "Pick fair",
                                        "venue": "Hà Nội", "province": "Hà Nội", "starts_on": now.date(),
                                        "ends_on": now.date()}, actor=None, now=now)
        hall = create_hall(db.session, fair, name="Nhà A", width_m=40, depth_m=20, actor=None, now=now)
        zone = create_zone(db.session, fair, {"name_vi": "Khu trong nước", "name_en": "Domestic", "kind": "domestic"},
                           actor=None, now=now)
        create_grid(db.session, fair, GridSpec("P-", 2, 8, 300, 300, 4, 300, 200, 200), hall, zone,
                    booth_type="standard", price_vnd=12_000_000, actor=None, now=now)
        other = create_hall(db.session, fair, name="Nhà B", width_m=40, depth_m=20, actor=None, now=now)
        create_grid(db.session, fair, GridSpec("Q-", 1, 4, 300, 300, 4, 300, 200, 200), other, zone,
                    booth_type="standard", price_vnd=12_000_000, actor=None, now=now)
        change_fair_status(db.session, fair, "open", actor=None, now=now)
        db.session.commit()


def test_tapping_booths_fills_the_preferences(live_app, live_server, page):
    """Two taps add two codes, a third tap on one removes it; the plan shows one hall at a time, and picking the
    other hall swaps the drawing in place, the codes typed so far kept; the application keeps them all."""
    _fair_with_booths(live_app)
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "pick-e2e@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal$"))
    page.goto(live_server + "/f/PICK-E2E/apply")
    page.click("[data-testid=pick-plans] summary")
    page.locator(".plan-viewport--pick [data-booth-code='P-03']").click()
    page.locator(".plan-viewport--pick [data-booth-code='P-04']").click()
    page.locator(".plan-viewport--pick [data-booth-code='P-10']").click()
    page.locator(".plan-viewport--pick [data-booth-code='P-10']").click()
    assert page.input_value("input[name=preferred_booths]") == "P-03 P-04"
    assert page.locator(".plan-viewport--pick [data-booth-code='Q-02']").count() == 0  # one hall at a time
    page.click("[data-testid=pick-halls] a:has-text('Nhà B')")
    page.locator(".plan-viewport--pick [data-booth-code='Q-02']").click()
    assert page.locator(".plan-viewport--pick [data-booth-code='P-03']").count() == 0
    assert page.input_value("input[name=preferred_booths]") == "P-03 P-04 Q-02"
    assert "/apply" in page.url and "hall=" not in page.url  # swapped in place, the form as typed
    screenshot(page, "apply-pick-booths")
    page.fill("input[name=booths_requested]", "3")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal$"))
    with live_app.app_context():
        preferred = db.session.scalar(sa.select(BoothApplication.preferred_booths).join(Enterprise)
                                      .where(Enterprise.legal_name == "Công ty Mây tre Phú Vinh"))
        assert preferred == ["P-03", "P-04", "Q-02"]
