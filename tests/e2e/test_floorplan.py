"""An organizer generates a grid of booths, sees the plan with the right count, taps a booth and sees it."""

import re

from booths.applications.assignments import assign_booths
from booths.layout.grid import GridSpec
from booths.layout.services import create_grid, create_hall, create_zone
from core.db import utcnow
from core.extensions import db
from fairs.services import create_fair
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_application, make_enterprise, make_user


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


def _fair_with_two_provinces(live_app):
    """A 2 × 6 grid: G-01, G-02 held by a Hà Nội firm, G-03, G-04 by a Bắc Ninh one beside it."""
    with live_app.app_context(), live_app.test_request_context("/"):
        organizer = make_user(db.session, role="organizer", email="legend-e2e@example.vn")
        now = utcnow()
        fair = create_fair(db.session, {"code": "LEGEND-E2E", "name_vi": "Hội chợ chú giải", "name_en": "Legend fair",
                                        "venue": "Hà Nội", "province": "Hà Nội", "starts_on": now.date(),
                                        "ends_on": now.date()}, actor=None, now=now)
        hall = create_hall(db.session, fair, name="Nhà A", width_m=40, depth_m=30, actor=None, now=now)
        zone = create_zone(db.session, fair, {"name_vi": "Khu trong nước", "name_en": "Domestic", "kind": "domestic"},
                           actor=None, now=now)
        spec = GridSpec(prefix="G-", rows=2, columns=6, booth_width=300, booth_depth=300, aisle_every=0,
                        aisle_width=300, origin_x=200, origin_y=200)
        create_grid(db.session, fair, spec, hall, zone, booth_type="standard", price_vnd=0, actor=None, now=now)
        for province, codes in (("Hà Nội", ["G-01", "G-02"]), ("Bắc Ninh", ["G-03", "G-04"])):
            application = make_application(db.session, fair=fair, enterprise=make_enterprise(db.session,
                                                                                              province=province),
                                           status="approved")
            assign_booths(db.session, application, codes, actor=organizer, now=now)
        db.session.commit()
        return fair.id, hall.id


def test_the_province_legend_is_legible_and_lights_up_its_booths(live_app, live_server, page):
    """Coloured by province: neighbours differ in colour, the legend's words are at least 11 px, and tapping
    an entry lights up exactly its province's booths (again: all back)."""
    fair_id, hall_id = _fair_with_two_provinces(live_app)
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "legend-e2e@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/fairs/{fair_id}/halls/{hall_id}/plan?colour=province")
        fills = {code: page.locator(f"[data-booth-code='{code}'] rect").get_attribute("fill")
                 for code in ("G-02", "G-03")}
        assert fills["G-02"] != fills["G-03"]
        assert page.locator("[data-booth-code='G-01'] text.g").text_content() == "HN"
        legend = page.locator("[data-testid=plan-legend] .plan-legend__label")
        assert legend.all_inner_texts()[:2] == ["Bắc Ninh", "Hà Nội"]
        sizes = legend.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert min(sizes) >= 11
        page.locator(".plan-legend__item", has_text="Hà Nội").click()
        lit = page.locator("[data-testid=plan] .booth.lit")
        assert sorted(lit.evaluate_all("els => els.map(e => e.dataset.boothCode)")) == ["G-01", "G-02"]
        screenshot(page, f"plan-legend-lit-{width}")
        page.locator(".plan-legend__item", has_text="Hà Nội").click()
        assert page.locator("[data-testid=plan] .booth.lit").count() == 0
