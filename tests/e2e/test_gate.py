"""A visitor registers and downloads the badge; gate staff admit it, see 'already admitted', and scan offline."""

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from core.db import utcnow
from core.extensions import db
from fairs.models import Fair
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_fair, make_user
from visitors.models import Scan, Visitor
from visitors.services import badge_code, current_badge, register_visitor


def _setup(live_app):
    with live_app.app_context():
        fair = make_fair(db.session, status="running", code="GATE-E2E", name_vi="Hội chợ Cổng 2027")
        make_user(db.session, role="staff", email="gate-e2e@example.vn", display_name="Lê Văn Cổng", locale="en")
        db.session.commit()
        return fair.id, fair.code


def _code_of(live_app, email):
    with live_app.app_context():
        visitor = db.session.scalars(sa.select(Visitor).where(Visitor.email == email)).one()
        code = badge_code(db.session, current_badge(db.session, visitor), now=utcnow())
        db.session.commit()
        return code


def _walk_in(live_app, fair_id, email):
    with live_app.app_context():
        visitor, _created = register_visitor(
            db.session, db.session.get(Fair, fair_id),
            {"full_name": "Kim Min-jun", "email": email, "country": "KR", "visitor_type": "trade_buyer"},
            source="desk", actor=None, now=utcnow())
        db.session.commit()
    return _code_of(live_app, email)


def test_register_download_badge_then_admit_at_the_gate_online_and_offline(live_app, live_server, page, browser):
    """The whole gate story in a browser, including a scan queued offline and synced when back online."""
    fair_id, fair_code = _setup(live_app)

    page.goto(f"{live_server}/f/{fair_code}/register")
    page.fill("input[name=full_name]", "Phạm Thị Lan")
    page.fill("input[name=organisation]", "HTX Mây tre Phú Vinh")
    page.fill("input[name=email]", "lan-e2e@example.vn")
    page.select_option("select[name=country]", "VN")
    page.select_option("select[name=province]", "Hà Nội")
    page.select_option("select[name=visitor_type]", "trade_buyer")
    page.check("input[name=sectors][value=handicraft]")
    page.check("input[name=consent]")
    screenshot(page, "visitor-register-vi")
    page.click("[data-testid=register]")
    page.wait_for_url(re.compile(r".*/badges/[^/]+$"))
    assert page.locator("[data-testid=badge-qr]").is_visible()
    screenshot(page, "visitor-badge-vi")
    with page.expect_download() as download_info:
        page.click("[data-testid=badge-pdf]")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    code = _code_of(live_app, "lan-e2e@example.vn")
    gate = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
    staff = gate.new_page()
    staff.set_default_timeout(15000)
    staff.goto(f"{live_server}/login")
    staff.fill("input[name=email]", "gate-e2e@example.vn")
    staff.fill("input[name=password]", TEST_PASSWORD)
    staff.click("main form button[type=submit]")
    staff.wait_for_load_state()
    staff.goto(f"{live_server}/fairs/{fair_id}/scan")
    verdict = staff.locator("[data-testid=verdict]")

    staff.fill("[data-testid=code-input]", code)
    staff.press("[data-testid=code-input]", "Enter")
    staff.locator("[data-verdict][data-result=admitted]").wait_for()
    assert "Phạm Thị Lan" in verdict.inner_text()
    screenshot(staff, "scanner-admitted-phone")

    staff.fill("[data-testid=code-input]", code)
    staff.press("[data-testid=code-input]", "Enter")
    staff.locator("[data-verdict][data-result=already_admitted]").wait_for()
    assert "Already admitted" in verdict.inner_text()

    walk_in = _walk_in(live_app, fair_id, "kim-e2e@example.kr")
    gate.set_offline(True)
    staff.fill("[data-testid=code-input]", walk_in)
    staff.press("[data-testid=code-input]", "Enter")
    expect(staff.locator("[data-pending]")).to_have_text("1")
    assert staff.locator("[data-verdict]").get_attribute("data-result") == "admitted"  # verified offline
    screenshot(staff, "scanner-offline-phone")
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 2

    gate.set_offline(False)
    expect(staff.locator("[data-pending]")).to_have_text("0", timeout=20000)
    with live_app.app_context():
        results = db.session.scalars(sa.select(Scan.result).order_by(Scan.id)).all()
    assert results == ["admitted", "already_admitted", "admitted"]
    assert len(staff.locator("[data-testid=scan-log] li").all()) == 3
    gate.close()
