"""The gate scanner with no network at all: installable, opened again offline through its service worker, judging
badges from the badge list kept on the phone, its queue surviving a browser restart, and an honest reconciliation
when it syncs (a badge admitted meanwhile at another gate)."""

import re
from datetime import date, timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from accounts.services import issue_api_token
from core.db import utcnow
from core.extensions import db
from tests.e2e.conftest import CHROMIUM_ARGS, screenshot
from tests.factories import TEST_PASSWORD, assign_gate_staff, make_fair, make_user
from visitors.models import Scan
from visitors.services import badge_code, current_badge, register_visitor, reissue_badge

QUEUED_NONCES = """() => new Promise((resolve, reject) => {
  const request = indexedDB.open("gate-scanner");
  request.onerror = () => reject(request.error);
  request.onsuccess = () => {
    const all = request.result.transaction("scans").objectStore("scans").getAll();
    all.onsuccess = () => { resolve(all.result.map((scan) => [scan.nonce, scan.offline])); request.result.close(); };
  };
})"""


def _visitor(fair, name, email, organisation=None):
    values = {"full_name": name, "email": email, "country": "VN", "province": "Hà Nội",
              "organisation": organisation, "visitor_type": "trade_buyer"}
    visitor, _created = register_visitor(db.session, fair, values, source="desk", actor=None, now=utcnow())
    return visitor


def _setup(live_app):
    """A running fair with a genuine badge, a revoked one, and a badge of another fair; its gate staff; an
    organizer's API token for the other gate."""
    with live_app.app_context():
        session = db.session
        days = {"starts_on": date.today() - timedelta(days=1), "ends_on": date.today() + timedelta(days=2),
                "application_deadline": None, "status": "running"}
        fair = make_fair(session, code="OFFLINE-E2E", name_vi="Hội chợ Ngoại tuyến", **days)
        other = make_fair(session, code="OTHER-E2E", **days)
        staff = make_user(session, role="staff", email="offline-gate@example.vn", display_name="Đỗ Văn Cổng")
        assign_gate_staff(session, staff, fair)
        organizer = make_user(session, role="organizer", email="offline-org@example.vn")
        lan = _visitor(fair, "Phạm Thị Lan", "lan-offline@example.vn", "HTX Mây tre Phú Vinh")
        lost = _visitor(fair, "Lê Văn Mất", "mat-offline@example.vn")
        revoked = badge_code(session, current_badge(session, lost), now=utcnow())
        reissue_badge(session, lost, actor=organizer, now=utcnow())
        stranger = _visitor(other, "Kim Min-jun", "kim-offline@example.kr")
        codes = {"valid": badge_code(session, current_badge(session, lan), now=utcnow()), "revoked": revoked,
                 "other_fair": badge_code(session, current_badge(session, stranger), now=utcnow())}
        signature = codes["valid"][-10:]
        codes["tampered"] = codes["valid"][:-10] + ("A" if signature[0] != "A" else "B") + signature[1:]
        token = issue_api_token(session, organizer, "gate 2", now=utcnow())
        session.commit()
        return fair.id, codes, token


def _scan(page, code, result):
    page.fill("[data-testid=code-input]", code)
    page.press("[data-testid=code-input]", "Enter")
    page.locator(f"[data-verdict][data-result={result}]").wait_for()
    return page.locator("[data-testid=verdict]").inner_text()


def _open(browser, chromium_executable, user_data, **options):
    """Chromium with a profile on disk (a phone's browser keeps its storage across restarts)."""
    context = browser.browser_type.launch_persistent_context(
        str(user_data), executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 390, "height": 844}, locale="vi-VN", **options)
    context.set_default_timeout(15000)
    return context, context.pages[0] if context.pages else context.new_page()


def _log_in(page, live_server):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "offline-gate@example.vn")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_the_scanner_installs_starts_offline_keeps_its_queue_and_reconciles(live_app, live_server, browser,
                                                                            chromium_executable, tmp_path):
    """Online once; then offline: reload, four badges judged on the phone, a browser restart with the queue
    intact; online again: every scan sent once, the badge another gate admitted meanwhile listed as differing."""
    fair_id, codes, token = _setup(live_app)
    scanner_url = f"{live_server}/fairs/{fair_id}/scan"
    profile = tmp_path / "profile"

    context, page = _open(browser, chromium_executable, profile)
    _log_in(page, live_server)
    page.wait_for_url(re.compile(rf".*/fairs/{fair_id}/scan$"))
    page.locator("html[data-offline-ready]").wait_for(state="attached")  # the service worker is active
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.locator("[data-scanner][data-badge-list]").wait_for(state="attached")  # the badge list is on the phone
    expect(page.locator("[data-testid=list-status]")).to_contain_text(re.compile(r"\d\d:\d\d"))
    # The staff home offers the install, and Chromium would install it (valid manifest and icons, a service
    # worker, a secure origin). Its own page: a CDP session changes how the page sees the offline emulation.
    home = context.new_page()
    home.goto(f"{live_server}/gate?list=1")
    home.locator("[data-testid=install-button]").wait_for()
    home.wait_for_function("navigator.serviceWorker.controller !== null")
    cdp = context.new_cdp_session(home)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    cdp.detach()
    home.close()

    context.set_offline(True)
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker  # the shell, with no network
    verdict = _scan(page, codes["valid"], "admitted")
    assert "Phạm Thị Lan" in verdict and "HTX Mây tre Phú Vinh" in verdict  # named from the list on the phone
    screenshot(page, "scanner-offline-after-reload-admitted")
    verdict = _scan(page, codes["revoked"], "revoked")
    assert "Lê Văn Mất" in verdict
    screenshot(page, "scanner-offline-after-reload-revoked")
    _scan(page, codes["tampered"], "invalid")
    _scan(page, codes["other_fair"], "wrong_fair")
    expect(page.locator("[data-pending]")).to_have_text("4")
    queued = dict(page.evaluate(QUEUED_NONCES))
    assert sorted(queued.values()) == ["admitted", "invalid", "revoked", "wrong_fair"]
    context.close()

    # The browser restarts, still with no network: the scanner opens and its queue is intact.
    context, page = _open(browser, chromium_executable, profile, offline=True)
    page.goto(scanner_url)
    expect(page.locator("[data-pending]")).to_have_text("4")
    assert dict(page.evaluate(QUEUED_NONCES)) == queued
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)
                                 .where(Scan.fair_id == fair_id)) == 0  # nothing reached the server

    # Meanwhile gate 2 admits the genuine badge online.
    admitted = live_app.test_client().post(
        f"/api/v1/fairs/{fair_id}/checkins", headers={"Authorization": f"Bearer {token}"},
        json={"code": codes["valid"], "gate": "Cổng 2", "nonce": "gate2-" + "0" * 20})
    assert admitted.json["result"] == "admitted"

    # Back online: the session ended with the browser, so the scanner asks to log in again and keeps its queue.
    context.set_offline(False)
    page.locator("[data-testid=login-message]").wait_for()
    assert page.locator("[data-pending]").inner_text() == "4"
    _log_in(page, live_server)
    page.wait_for_url(re.compile(rf".*/fairs/{fair_id}/scan$"))
    expect(page.locator("[data-pending]")).to_have_text("0", timeout=20000)
    reconciled = page.locator("[data-testid=reconcile] li")
    expect(reconciled).to_have_count(1)
    assert reconciled.get_attribute("data-offline") == "admitted"
    assert reconciled.get_attribute("data-server") == "already_admitted"
    assert "Phạm Thị Lan" in reconciled.inner_text() and "Cổng 2" in reconciled.inner_text()
    screenshot(page, "scanner-reconciliation-after-sync")

    # Logging out takes the fair's badge list, the queue and the cached pages off the phone.
    page.click("form[data-logout] button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    assert "gate-scanner" not in page.evaluate("indexedDB.databases().then((all) => all.map((d) => d.name))")
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((all) => all.length)") == 0
    context.close()

    with live_app.app_context():
        rows = db.session.execute(sa.select(Scan.nonce, Scan.result, Scan.offline_result)
                                  .where(Scan.fair_id == fair_id, Scan.offline_result.is_not(None))).all()
        assert {row.nonce: row.offline_result for row in rows} == queued  # each queued scan stored once
        assert sorted(row.result for row in rows) == ["already_admitted", "invalid", "revoked", "wrong_fair"]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan).where(Scan.fair_id == fair_id)) == 5
