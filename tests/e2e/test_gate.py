"""A visitor registers and downloads the badge; gate staff land on their fair's scanner, admit the badge, see
'already admitted', scan offline and see the scan sent; a fair not open yet and a refused camera. Each story runs on
the steward's phone (390 × 844) and at the gate's desk computer (1366 × 768) through the same helpers."""

import re
from datetime import date, timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from core.db import utcnow
from core.extensions import db
from fairs.models import Fair, FairStaff
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, assign_gate_staff, make_fair, make_user
from visitors.models import Scan, Visitor
from visitors.services import badge_code, current_badge, register_visitor


def _setup(live_app):
    with live_app.app_context():
        fair = make_fair(db.session, status="running", code="GATE-E2E", name_vi="Hội chợ Cổng 2027",
                         starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=2),
                         application_deadline=None)
        staff = make_user(db.session, role="staff", email="gate-e2e@example.vn", display_name="Lê Văn Cổng",
                          locale="en")
        assign_gate_staff(db.session, staff, fair)
        db.session.commit()
        return fair.id, fair.code


def _log_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _code_of(live_app, email):
    with live_app.app_context():
        visitor = db.session.scalars(sa.select(Visitor).where(Visitor.email == email)).one()
        code = badge_code(db.session, current_badge(db.session, visitor), now=utcnow())
        db.session.commit()
        return code


def _walk_in(live_app, fair_id, email, full_name="Kim Min-jun", country="KR"):
    with live_app.app_context():
        visitor, _created = register_visitor(
            db.session, db.session.get(Fair, fair_id),
            {"full_name": full_name, "email": email, "country": country, "visitor_type": "trade_buyer"},
            source="desk", actor=None, now=utcnow())
        db.session.commit()
    return _code_of(live_app, email)


# The gate's two stations: the steward's phone, and the desk computer (1366 × 768) with a handheld scanner.
STATIONS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
    "desk": {"viewport": {"width": 1366, "height": 768}},
}


def _station(browser, live_server, email, size, **context_options):
    """A steward logged in on the phone or at the desk: (context, page)."""
    context = browser.new_context(locale="en-US", **STATIONS[size], **context_options)
    page = context.new_page()
    page.set_default_timeout(15000)
    _log_in(page, live_server, email)
    return context, page


def _scan(page, code, result):
    """Type a code as the handheld scanner does and wait for the verdict `result`."""
    page.fill("[data-testid=code-input]", code)
    page.press("[data-testid=code-input]", "Enter")
    page.locator(f"[data-verdict][data-result={result}]").wait_for()
    return page.locator("[data-testid=verdict]")


def _fits(page, size):
    """Nothing needs sideways scrolling at this station's width."""
    assert page.evaluate("document.documentElement.scrollWidth") <= STATIONS[size]["viewport"]["width"]


def _admit_then_offline_and_back(live_app, context, page, *, fair_id, code, name, offline_code, offline_name,
                                 size):
    """On the scanner: a badge admitted, the same again 'already admitted', then the network lost: another badge
    verified offline (named from the cached badge list) and queued, sent once back online."""
    with live_app.app_context():
        first_scan = db.session.scalar(sa.select(sa.func.max(Scan.id))) or 0
    page.locator("[data-scanner][data-badge-list]").wait_for(state="attached")  # the badge list is cached
    verdict = _scan(page, code, "admitted")
    assert name in verdict.inner_text()
    _fits(page, size)
    screenshot(page, f"scanner-admitted-{size}")
    assert "Already admitted" in _scan(page, code, "already_admitted").inner_text()

    context.set_offline(True)
    page.fill("[data-testid=code-input]", offline_code)
    page.press("[data-testid=code-input]", "Enter")
    expect(page.locator("[data-pending]")).to_have_text("1")
    assert page.locator("[data-verdict]").get_attribute("data-result") == "admitted"  # verified offline
    assert offline_name in verdict.inner_text()
    _fits(page, size)
    screenshot(page, f"scanner-offline-{size}")
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Scan.id > first_scan)) == 2

    context.set_offline(False)
    expect(page.locator("[data-pending]")).to_have_text("0", timeout=20000)
    with live_app.app_context():
        results = db.session.scalars(sa.select(Scan.result).where(Scan.id > first_scan).order_by(Scan.id)).all()
    assert results == ["admitted", "already_admitted", "admitted"]
    assert len(page.locator("[data-testid=scan-log] li").all()) == 3
    log_text = page.locator("[data-testid=scan-log]").inner_text()
    assert "will be sent" not in log_text and "sent" in log_text  # the queued scan's line now says it was sent
    assert "will be sent" not in verdict.inner_text()
    screenshot(page, f"scanner-back-online-{size}")


def _camera_refused(live_app, page, *, fair_id, size):
    """The camera refused (or absent): a sentence in words, the last verdict kept, no scan stored."""
    with live_app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).where(Scan.fair_id == fair_id))
    last_result = page.locator("[data-verdict]").get_attribute("data-result")
    page.click("[data-testid=camera]")
    message = page.locator("[data-testid=camera-message]")
    expect(message).to_be_visible()
    assert message.get_attribute("data-kind") in ("denied", "missing")
    assert "Camera refused" in message.inner_text() or "No camera" in message.inner_text()
    assert page.locator("[data-verdict]").get_attribute("data-result") == last_result  # no verdict of its own
    _fits(page, size)
    screenshot(page, f"scanner-camera-refused-{size}")
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Scan.fair_id == fair_id)) == before


def test_register_download_badge_then_admit_at_the_gate_online_and_offline(live_app, live_server, page, browser):
    """The whole gate story in a browser, on the phone and again at the desk: admitted, already admitted, a scan
    queued offline and synced when back online; the badge admitted on the phone is already admitted at the desk."""
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
    walk_in = _walk_in(live_app, fair_id, "kim-e2e@example.kr")  # registered at the desk before the gate opens
    gate, staff = _station(browser, live_server, "gate-e2e@example.vn", "phone")
    staff.wait_for_url(re.compile(rf".*/fairs/{fair_id}/scan$"))  # their one fair today: straight to its scanner
    _admit_then_offline_and_back(live_app, gate, staff, fair_id=fair_id, code=code, name="Phạm Thị Lan",
                                 offline_code=walk_in, offline_name="Kim Min-jun", size="phone")
    gate.close()

    # The same steward at the gate's desk computer: straight to the scanner; the badge admitted on the phone is
    # already admitted here; then the same story with two other badges.
    desk_badge = _walk_in(live_app, fair_id, "lee-e2e@example.kr", full_name="Lee Seo-yeon")
    desk_walk_in = _walk_in(live_app, fair_id, "tanaka-e2e@example.jp", full_name="Tanaka Hiro", country="JP")
    desk, station = _station(browser, live_server, "gate-e2e@example.vn", "desk")
    station.wait_for_url(re.compile(rf".*/fairs/{fair_id}/scan$"))
    assert "Phạm Thị Lan" in _scan(station, code, "already_admitted").inner_text()
    _fits(station, "desk")
    screenshot(station, "scanner-already-admitted-desk")
    station.reload()  # a fresh log, as at the start of a shift
    _admit_then_offline_and_back(live_app, desk, station, fair_id=fair_id, code=desk_badge, name="Lee Seo-yeon",
                                 offline_code=desk_walk_in, offline_name="Tanaka Hiro", size="desk")
    desk.close()


def test_a_fair_not_open_yet_is_amber_and_a_refused_camera_is_words_not_a_scan(live_app, live_server, browser):
    """Two months early: amber "not open yet", stored as such; the camera refused: a sentence, no scan; on the
    phone and at the desk."""
    with live_app.app_context():
        fair = make_fair(db.session, status="published", code="GATE-EARLY", name_vi="Hội chợ sắp mở")
        staff = make_user(db.session, role="staff", email="early-e2e@example.vn", locale="en")
        assign_gate_staff(db.session, staff, fair)
        visitor, _created = register_visitor(db.session, fair, {
            "full_name": "Sato Yuki", "email": "sato-e2e@example.jp", "country": "JP", "visitor_type": "trade_buyer"},
            source="desk", actor=None, now=utcnow())
        db.session.commit()
        fair_id = fair.id
    code = _code_of(live_app, "sato-e2e@example.jp")
    for size in ("phone", "desk"):
        context, page = _station(browser, live_server, "early-e2e@example.vn", size,
                                 permissions=[])  # the camera is not allowed
        if size == "phone":
            assert "no-gate-today" in page.content()  # nothing open today: the page says so, lists the coming fair
            screenshot(page, "gate-home-nothing-today-phone")
        page.goto(f"{live_server}/fairs/{fair_id}/scan")
        verdict = _scan(page, code, "not_open")
        assert "not open yet" in verdict.inner_text()
        assert "verdict--amber" in verdict.get_attribute("class")
        _fits(page, size)
        screenshot(page, f"scanner-not-open-{size}")
        _camera_refused(live_app, page, fair_id=fair_id, size=size)
        assert len(page.locator("[data-testid=scan-log] li").all()) == 1
        context.close()
    with live_app.app_context():
        assert db.session.scalars(sa.select(Scan.result).where(Scan.fair_id == fair_id)).all() == ["not_open"] * 2


def test_the_organizer_assigns_gate_staff_and_set_up_days_with_the_forms(live_app, live_server, browser):
    """CSRF-protected forms: pick a staff account, add another by e-mail, set two set-up days, unassign one."""
    with live_app.app_context():
        fair = make_fair(db.session, status="published", code="GATE-ORG", name_vi="Hội chợ phân công")
        make_user(db.session, role="organizer", email="org-gates@example.vn", locale="vi")
        picked = make_user(db.session, role="staff", email="pick-gates@example.vn", display_name="Đỗ Văn Chọn")
        make_user(db.session, role="staff", email="typed-gates@example.vn", display_name="Ngô Thị Gõ")
        db.session.commit()
        fair_id, picked_id = fair.id, picked.id
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    _log_in(page, live_server, "org-gates@example.vn")
    page.goto(f"{live_server}/fairs/{fair_id}/gates")
    form = page.locator("[data-testid=add-gate-staff]")
    form.locator("select[name=user_id]").select_option(str(picked_id))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    form = page.locator("[data-testid=add-gate-staff]")
    form.locator("input[name=email]").fill("typed-gates@example.vn")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("input[name=setup_days]", "2")
    page.locator("input[name=setup_days]").press("Enter")
    page.wait_for_load_state()
    staff_table = page.locator("[data-testid=gate-staff]")
    assert "Đỗ Văn Chọn" in staff_table.inner_text() and "Ngô Thị Gõ" in staff_table.inner_text()
    screenshot(page, "fair-gates-organizer-desktop")
    staff_table.locator("tr", has_text="Đỗ Văn Chọn").locator("button").click()
    page.wait_for_load_state()
    assert "Đỗ Văn Chọn" not in page.locator("[data-testid=gate-staff]").inner_text()
    with live_app.app_context():
        assert db.session.get(Fair, fair_id).setup_days == 2
        assert db.session.scalars(sa.select(FairStaff.user_id).where(FairStaff.fair_id == fair_id)).all() != []
    context.close()
