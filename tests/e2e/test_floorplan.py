"""An organizer generates a grid of booths, sees the plan with the right count, taps a booth and sees it."""

import re

from booths.layout.services import create_hall, create_zone
from core.db import utcnow
from core.extensions import db
from fairs.services import create_fair
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_user


def _fair_with_hall(live_app):
    with live_app.app_context(), live_app.test_request_context("/"):
        make_user(db.session, role="organizer", email="plan-e2e@example.vn")
        now = utcnow()
        fair = create_fair(db.session, {"code": "PLAN-E2E", "name_vi": "Hội chợ sơ đồ", "name_en": "Plan fair",
                                        "venue": "Hà Nội", "province": "Hà Nội", "starts_on": now.date(),
                                        "ends_on": now.date()}, actor=None, now=now)
        create_hall(db.session, fair, name="Nhà A", width_m=40, depth_m=30, actor=None, now=now)
        create_zone(db.session, fair, {"name_vi": "Khu trong nước", "name_en": "Domestic", "kind": "domestic"},
                    actor=None, now=now)
        db.session.commit()
        return fair.id


def test_organizer_generates_a_grid_and_inspects_a_booth(live_app, live_server, page):
    """Preview creates nothing; create makes rows × columns booths; a tap shows the booth's details."""
    fair_id = _fair_with_hall(live_app)
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "plan-e2e@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server + "/fairs/")

    page.goto(f"{live_server}/fairs/{fair_id}/booths/grid")
    page.fill("input[name=prefix]", "G-")
    page.fill("input[name=rows]", "4")
    page.fill("input[name=columns]", "6")
    page.fill("input[name=aisle_every]", "3")
    page.click("[data-testid=preview]")
    preview = page.locator("[data-testid=preview-plan] [data-booth-code]")
    assert preview.count() == 24
    screenshot(page, "grid-preview")

    page.click("[data-testid=create]")
    page.wait_for_url(re.compile(r".*/halls/\d+/plan$"))
    booths = page.locator("[data-testid=plan] [data-booth-code]")
    assert booths.count() == 24

    page.locator("[data-booth-code='G-08']").click()
    details = page.locator("[data-testid=booth-details]")
    assert "G-08" in details.inner_text()
    assert "Khu trong nước" in details.inner_text()
    assert "12.000.000" not in details.inner_text()  # price 0 was chosen, not a default
    screenshot(page, "floorplan-desktop")

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.locator("[data-booth-code='G-01']").click()
    assert "G-01" in details.inner_text()
    assert page.evaluate("document.body.scrollWidth") <= 360
    screenshot(page, "floorplan-phone")
