"""The main pages of each role, on the demo, read in a real browser: axe-core finds nothing serious or critical,
no country or sector code stands where a name should, and on a phone no page scrolls sideways.

axe-core comes from the npm registry, pinned and vendored for these tests (tests/e2e/vendor/axe-core, with its
licence). It runs in the page through the browser's devtools protocol; the context bypasses the site's CSP only
so that the test can inject it. Each role's pages are read in Vietnamese at a desk and on a phone, and in
English at a desk.
"""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from accounts.setup import DEMO_PASSWORD
from booths.applications.models import BoothApplication
from contracts.models import Contract, Lead
from core.reference.sectors import SECTOR_CODES
from enterprises.models import Enterprise
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE
from support.models import SupportProgramme
from visitors.models import Visitor

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
SEVERE = ("serious", "critical")
VIEWS = [("vi", {"width": 1366, "height": 768}), ("vi", {"width": 390, "height": 844}),
         ("en", {"width": 1366, "height": 768})]


def _paths(app) -> dict[str | None, list[str]]:
    """The pages each role's journeys visit, with the demo's own ids."""
    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
        application = session.scalar(sa.select(BoothApplication).where(BoothApplication.fair_id == fair.id)
                                     .order_by(BoothApplication.id))
        own = session.scalar(sa.select(BoothApplication).join(Enterprise).where(
            BoothApplication.fair_id == fair.id, Enterprise.legal_name.like("%Bát Tràng%")))
        programme = session.scalar(sa.select(SupportProgramme.id).order_by(SupportProgramme.id))
        visitor = session.scalar(sa.select(Visitor.id).where(Visitor.fair_id == fair.id).order_by(Visitor.id))
        lead = session.scalar(sa.select(Lead.id).where(Lead.enterprise_id == own.enterprise_id).order_by(Lead.id))
    f = f"/fairs/{fair.id}"
    return {
        "organizer": ["/fairs/", f, f"{f}/applications", f"/applications/{application.id}", f"{f}/layout",
                      f"{f}/plan", f"{f}/allocation", f"{f}/visitors",
                      f"{f}/visitors?country=KR&admitted=yes&sort=name", f"{f}/visitors/{visitor}", f"{f}/gates",
                      f"{f}/attendance",
                      f"{f}/contracts", f"{f}/results", "/enterprises/"],
        "exhibitor": ["/portal", "/enterprise", f"/f/{DEMO_OPEN_FAIR_CODE}/apply", f"/applications/{own.id}",
                      f"/applications/{own.id}/staff", f"{f}/contracts", f"{f}/leads", f"{f}/leads?rating=1&sort=name",
                      f"/leads/{lead}", f"{f}/meetings"],
        "officer": ["/reports/supported", "/support/programmes", f"/support/programmes/{programme}"],
        "staff": ["/gate", f"{f}/scan"],
        "admin": ["/admin/users"],
        None: ["/", f"/f/{DEMO_FAIR_CODE}", f"/f/{DEMO_FAIR_CODE}/register", f"/f/{DEMO_FAIR_CODE}/plan",
               f"/f/{DEMO_FAIR_CODE}/exhibitors", f"/f/{DEMO_FAIR_CODE}/results", "/login", "/signup"],
    }


SEPARATORS = re.compile(r"\s*[·,;:()|/\n]\s*")


def _stored_codes(app) -> set[str]:
    """The country and sector codes the demo stores: none may be read bare on a page."""
    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        countries = set(session.scalars(sa.select(Enterprise.country))) | set(session.scalars(sa.select(
            Visitor.country))) | set(session.scalars(sa.select(Contract.buyer_country)))
    return {code for code in countries if code} | set(SECTOR_CODES)


def _bare_codes(page, codes: set[str]) -> set[str]:
    """Codes standing alone between separators in the text the reader sees (not in the plan's drawing)."""
    text = page.evaluate("""() => { const clone = document.body.cloneNode(true);
        clone.querySelectorAll('svg, script, style, [hidden]').forEach(e => e.remove()); return clone.innerText; }""")
    return {piece for piece in SEPARATORS.split(text) if piece in codes}


def _violations(page) -> list[str]:
    page.evaluate(AXE)
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
    return found


@pytest.mark.parametrize(("language", "viewport"), VIEWS, ids=["vi-desk", "vi-phone", "en-desk"])
def test_the_main_pages_of_every_role_are_accessible_named_and_fit_the_screen(demo_server, browser, language,
                                                                              viewport):
    """Every page each role's journey visits, as that role: 0 serious or critical axe-core violations, no bare
    country or sector code, no sideways scrolling of the page itself."""
    app, base = demo_server
    codes = _stored_codes(app)
    problems = []
    for role, paths in _paths(app).items():
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base}/lang/{language}?next=/")
        if role:
            page.goto(f"{base}/login")
            page.fill("input[name=email]", f"{role}@demo.hoicho.vn")
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
        for path in paths:
            response = page.goto(base + path)
            assert response.status < 400, f"{role} {path}: {response.status}"
            problems += [f"{role} {path}: {problem}" for problem in _violations(page)]
            problems += [f"{role} {path}: bare code {code}" for code in sorted(_bare_codes(page, codes))]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"] + 1:
                problems.append(f"{role} {path}: the page is {width} px wide at {viewport['width']}")
        context.close()
    assert problems == []


def test_the_checker_itself_finds_a_serious_violation(demo_server, browser):
    """A control: an image without text and an unlabelled field on the demo's home page are reported."""
    _, base = demo_server
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/")
    page.evaluate("""() => { const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<img src="/static/favicon.svg"><input type="text">'); }""")
    found = _violations(page)
    context.close()
    assert any(item.startswith("image-alt") for item in found)
    assert any(item.startswith("label") for item in found)
