"""An organizer logs in, creates a fair, switches the language and sees the fair listed."""

import re

from core.extensions import db
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_user


def _make_organizer(live_app, email):
    with live_app.app_context():
        make_user(db.session, role="organizer", email=email, display_name="Nguyễn Thu Hà")
        db.session.commit()


def test_organizer_creates_a_fair_and_switches_language(live_app, live_server, page):
    """Vietnamese by default, the form works with its CSRF token, English one click away."""
    _make_organizer(live_app, "org-e2e@example.vn")
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, "home-vi")

    page.goto(live_server + "/login")
    page.fill("input[name=email]", "org-e2e@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server + "/fairs/")

    page.goto(live_server + "/fairs/new")
    page.fill("input[name=code]", "hn-e2e-2027")
    page.fill("input[name=name_vi]", "Hội chợ Quà tặng Hà Nội 2027")
    page.fill("input[name=name_en]", "Hanoi Gift Fair 2027")
    page.fill("input[name=venue]", "91 Trần Hưng Đạo, Hà Nội")
    page.select_option("select[name=province]", "Hà Nội")
    page.fill("input[name=starts_on]", "2027-04-20")
    page.fill("input[name=ends_on]", "2027-04-18")  # wrong on purpose: ends before it starts
    page.click("main form button[type=submit]")
    error = page.locator("#ends_on-error")
    assert error.is_visible()
    screenshot(page, "fair-form-error-vi")

    page.fill("input[name=ends_on]", "2027-04-23")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/fairs/\d+$"))
    assert "HN-E2E-2027" in page.inner_text("main")

    page.click("[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server + "/fairs/")
    table = page.locator("[data-testid=fair-table]")
    assert "HN-E2E-2027" in table.inner_text()
    assert "Hanoi Gift Fair 2027" in table.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"  # remembered across pages
    screenshot(page, "fairs-list-en")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/fairs/")
    screenshot(page, "fairs-list-phone")
    # Nothing overflows sideways on a 360 px phone except inside the scrollable table.
    body_width = page.evaluate("document.body.scrollWidth")
    assert body_width <= 360
