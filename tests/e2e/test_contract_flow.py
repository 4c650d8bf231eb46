"""An exhibitor records a USD contract and sees it in VND and USD; the organizer verifies it; the results change."""

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
        fair = make_fair(db.session, status="running", code="DEAL-E2E", name_en="Deals Fair 2027")
        exhibitor = make_user(db.session, role="exhibitor", email="seller-e2e@example.vn", locale="en")
        make_user(db.session, role="organizer", email="deal-org-e2e@example.vn", locale="en")
        make_application(db.session, fair=fair, enterprise=make_enterprise(db.session, owner=exhibitor,
                                                                           legal_name="HTX Gốm Bát Tràng"),
                         status="approved")
        db.session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=Decimal("25400.5"),
                              valid_on=fair.starts_on - timedelta(days=1), created_at=utcnow()))
        db.session.commit()
        return fair.id, fair.starts_on.isoformat()


def _login(page, base, email):
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_a_usd_contract_is_recorded_verified_and_counted(live_app, live_server, page, browser):
    """12,345.67 USD at 25,400.5 shows as 313,586,191 VND; verifying it moves the verified total."""
    fair_id, signed_on = _setup(live_app)
    organizer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    _login(organizer, live_server, "deal-org-e2e@example.vn")
    organizer.goto(f"{live_server}/fairs/{fair_id}/results")
    expect(organizer.locator("[data-stat=contracts]")).to_have_text("0")

    _login(page, live_server, "seller-e2e@example.vn")
    page.goto(f"{live_server}/fairs/{fair_id}/contracts")
    page.fill("input[name=buyer_name]", "Kyoto Trading K.K.")
    page.select_option("select[name=buyer_country]", "JP")
    page.select_option("select[name=category]", "handicraft")
    page.fill("input[name=amount]", "12345.67")
    page.fill("input[name=currency]", "USD")
    page.fill("input[name=signed_on]", signed_on)
    page.click("[data-testid=record-contract]")
    row = page.locator("[data-testid=contracts] tbody tr").first
    expect(row.locator("[data-testid=value-vnd]")).to_have_text("313,586,191")
    expect(row.locator("[data-testid=value-usd]")).to_have_text("12,345.67")
    screenshot(page, "contract-recorded-en")

    organizer.goto(f"{live_server}/fairs/{fair_id}/results")
    expect(organizer.locator("[data-stat=contracts]")).to_have_text("1")
    expect(organizer.locator("[data-stat=value_vnd]")).to_contain_text("313,586,191")
    assert "0 verified" in organizer.inner_text("[data-testid=results-totals]")
    organizer.goto(f"{live_server}/fairs/{fair_id}/contracts")
    organizer.click("[data-testid=verify]")
    expect(organizer.locator("[data-testid=contracts]")).to_contain_text("Verified")
    organizer.goto(f"{live_server}/fairs/{fair_id}/results")
    assert "1 verified" in organizer.inner_text("[data-testid=results-totals]")
    screenshot(organizer, "fair-results-en")
    organizer.context.close()
