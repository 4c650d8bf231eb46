"""A Vietnamese exhibitor types amounts as Vietnamese people write them, in the browser."""

from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import expect

from contracts.models import FxRate
from core.db import utcnow
from core.extensions import db
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_application, make_enterprise, make_fair, make_user


def _setup(live_app):
    with live_app.app_context():
        fair = make_fair(db.session, status="running", code="VND-E2E", name_en="Money Fair 2027")
        exhibitor = make_user(db.session, role="exhibitor", email="vnd-seller-e2e@example.vn", locale="vi")
        make_application(db.session, fair=fair, enterprise=make_enterprise(db.session, owner=exhibitor),
                         status="approved")
        db.session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=Decimal("25000"),
                              valid_on=fair.starts_on - timedelta(days=1), created_at=utcnow()))
        db.session.commit()
        return fair.id, fair.starts_on.isoformat()


def _record(page, amount: str, currency: str, signed_on: str):
    page.fill("input[name=buyer_name]", "Công ty Sao Mai")
    page.select_option("select[name=buyer_country]", "JP")
    page.fill("input[name=amount]", amount)
    page.fill("input[name=currency]", currency)
    page.fill("input[name=signed_on]", signed_on)
    page.click("[data-testid=record-contract]")


def test_dots_group_thousands_and_a_comma_marks_decimals(live_app, live_server, browser):
    """1,5 đồng is refused saying why; 12.500.000 đồng is recorded as twelve and a half million."""
    fair_id, signed_on = _setup(live_app)
    # A Vietnamese browser, so its date input shows dd/mm/yyyy as the exhibitor's would.
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "vnd-seller-e2e@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server}/fairs/{fair_id}/contracts")
    expect(page.locator("#amount").locator("xpath=..")).to_contain_text("Ví dụ: 12.500.000.")
    _record(page, "1,5", "VND", signed_on)
    expect(page.locator("#amount-error")).to_contain_text("Đồng không có phần lẻ")
    screenshot(page, "contract-form-vi-refused")
    _record(page, "12.500.000", "VND", signed_on)
    row = page.locator("[data-testid=contracts] tbody tr").first
    expect(row.locator("[data-testid=value-vnd]")).to_have_text("12.500.000")
    screenshot(page, "contract-form-vi-recorded")
    page.context.close()
