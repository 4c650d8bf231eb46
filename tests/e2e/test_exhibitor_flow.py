"""An exhibitor signs up, confirms, fills the profile, applies for 2 booths; the organizer approves."""

import re

import sqlalchemy as sa

from core.db import utcnow
from core.extensions import db
from core.mail import OutboxMessage
from fairs.services import change_fair_status, create_fair
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_user


def _open_fair(live_app) -> None:
    with live_app.app_context(), live_app.test_request_context("/"):
        make_user(db.session, role="organizer", email="org-apps@example.vn")
        now = utcnow()
        fair = create_fair(db.session, {"code": "APPLY-E2E", "name_vi": "Hội chợ Đăng ký", "name_en": "Apply fair",
                                        "venue": "Hà Nội", "province": "Hà Nội", "starts_on": now.date(),
                                        "ends_on": now.date()}, actor=None, now=now)
        change_fair_status(db.session, fair, "open", actor=None, now=now)
        db.session.commit()


def _confirmation_link(live_app, email: str) -> str:
    with live_app.app_context():
        body = db.session.scalar(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == email)
                                 .order_by(OutboxMessage.id.desc()))
    return re.search(r"https?://\S+/confirm/\S+", body).group(0)


def _log_in(page, live_server, email, password):
    page.goto(live_server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


def test_exhibitor_applies_and_sees_the_approval(live_app, live_server, browser):
    """The whole journey of a new exhibitor, with the organizer's approval in between."""
    _open_fair(live_app)
    exhibitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = exhibitor.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server + "/signup")
    page.fill("input[name=display_name]", "Lê Thị Lan")
    page.fill("input[name=email]", "lan-e2e@example.vn")
    page.fill("input[name=password]", "gom-bat-trang-1")
    page.fill("input[name=confirm]", "gom-bat-trang-1")
    page.click("main form button[type=submit]")
    assert "lan-e2e@example.vn" in page.inner_text("main")

    page.goto(_confirmation_link(live_app, "lan-e2e@example.vn"))
    _log_in(page, live_server, "lan-e2e@example.vn", "gom-bat-trang-1")
    page.wait_for_url(re.compile(r".*/enterprise.*"))  # no enterprise yet: the profile comes first
    page.fill("input[name=legal_name]", "Hợp tác xã Gốm Bát Tràng")
    page.select_option("select[name=kind]", "cooperative")
    page.fill("input[name=tax_code]", "0100109106")
    page.select_option("select[name=country]", "VN")
    page.select_option("select[name=province]", "Hà Nội")
    page.select_option("select[name=sector]", "handicraft")
    page.check("input[name=is_rural_industry]")
    screenshot(page, "enterprise-profile-phone")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal$"))

    page.click("[data-testid=apply-APPLY-E2E]")
    page.fill("input[name=booths_requested]", "2")
    page.check("input[name=support_requested]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal$"))
    assert page.locator("[data-testid=my-applications] [data-status=submitted]").count() == 1

    organizer = browser.new_context(viewport={"width": 1280, "height": 900})
    org_page = organizer.new_page()
    org_page.set_default_timeout(15000)
    _log_in(org_page, live_server, "org-apps@example.vn", TEST_PASSWORD)
    org_page.wait_for_url(re.compile(r".*/fairs/$"))
    org_page.click("text=APPLY-E2E")
    org_page.goto(org_page.url + "/applications")
    org_page.click("text=Hợp tác xã Gốm Bát Tràng")
    org_page.select_option("select[name=status]", "approved")
    org_page.click("[data-testid=decide]")
    org_page.wait_for_url(re.compile(r".*/applications$"))
    screenshot(org_page, "review-queue")
    assert org_page.locator("[data-testid=review-queue] [data-status=approved]").count() == 1

    page.reload()
    assert page.locator("[data-testid=my-applications] [data-status=approved]").count() == 1
    screenshot(page, "portal-approved-phone")
    with live_app.app_context():
        subjects = list(db.session.scalars(sa.select(OutboxMessage.subject)
                                           .where(OutboxMessage.recipient == "lan-e2e@example.vn")))
    assert len(subjects) == 3  # confirmation, submitted, approved
    exhibitor.close()
    organizer.close()
