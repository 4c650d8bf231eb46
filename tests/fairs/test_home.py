"""Each role lands on its work after logging in; the organizer's home says, for each fair, the next step and what
waits; the menu shows each role its pages."""

import re
from datetime import timedelta

import pytest

from booths.allocation.models import AllocationRun
from core.db import utcnow
from support.models import SupportGrant
from support.services import create_programme
from tests.conftest import login
from tests.factories import TEST_PASSWORD


@pytest.fixture
def client(app_ctx):
    """English pages."""
    browser = app_ctx.test_client()
    browser.set_cookie("lang", "en")
    return browser


@pytest.mark.parametrize(("role", "landing"), [
    ("organizer", "/fairs/"),
    ("exhibitor", "/portal"),
    ("officer", "/reports/supported"),
    ("admin", "/admin/users"),
])
def test_each_role_lands_on_its_work(client, make_user, session, role, landing):
    """The login redirects each role to its own start page."""
    user = make_user(role=role)
    session.commit()
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"] == landing
    assert client.get(landing).status_code in (200, 302)


def test_a_requested_page_still_wins_over_the_landing(client, make_user, session):
    """Logging in from a link to a page goes back to that page, not the role's start page."""
    user = make_user(role="officer")
    session.commit()
    response = client.post("/login?next=/programmes", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/programmes"


def _menu(page: str) -> list[str]:
    nav = re.search(r'<nav class="menu".*?</nav>', page, re.S).group(0)
    return re.findall(r'data-nav="(\w+)"', nav)


@pytest.mark.parametrize(("role", "expected"), [
    ("organizer", ["fairs", "report", "programmes", "enterprises", "account"]),
    ("officer", ["report", "programmes", "enterprises", "account"]),
    ("admin", ["fairs", "report", "programmes", "enterprises", "users", "mail", "account"]),
    ("exhibitor", ["portal", "enterprise", "account"]),
])
def test_the_menu_shows_the_roles_pages(client, login_as, role, expected):
    """The officer has a link to the report; the organizer to their fairs; each sees its own pages only."""
    login_as(role)
    assert _menu(client.get("/").get_data(as_text=True)) == expected


def test_the_organizer_home_says_the_next_step_and_what_waits(client, login_as, make_fair, make_application,
                                                              make_enterprise, make_user, session):
    """An open fair: 2 applications to review, 1 allocation preview to commit, 1 support grant to decide (an
    approved application that asked for support and has none); a draft says to lay out booths; closed fairs are
    listed apart, without work."""
    today = utcnow().date()
    open_fair = make_fair(status="open", code="OPEN-1", starts_on=today + timedelta(days=30),
                          ends_on=today + timedelta(days=33))
    draft = make_fair(status="draft", code="DRAFT-1", starts_on=today + timedelta(days=90),
                      ends_on=today + timedelta(days=93))
    make_fair(status="closed", code="OLD-1", starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=87))
    make_application(fair=open_fair)
    make_application(fair=open_fair)
    make_application(fair=open_fair, status="approved", support_requested=True)
    granted = make_application(fair=open_fair, status="approved", support_requested=True)
    make_application(fair=draft, status="rejected")
    programme = create_programme(session, {"name": "P", "level": "national", "year": today.year,
                                           "decision_ref": "1034/QĐ-UBND", "decision_date": "2026-03-06",
                                           "budget_vnd": 100_000_000, "agency": "Bộ Công Thương"},
                                 actor=None, now=utcnow())
    session.add(SupportGrant(programme_id=programme.id, enterprise_id=granted.enterprise_id, fair_id=open_fair.id,
                             content="booth_fee", amount_vnd=1_000_000, status="approved", source="application",
                             created_at=utcnow(), updated_at=utcnow()))
    session.add(AllocationRun(fair_id=open_fair.id, seed=1, status="preview", proposal={}, waitlist={}, metrics={},
                              created_at=utcnow()))
    session.commit()
    login_as("organizer")
    page = client.get("/fairs/").get_data(as_text=True)
    current = page.split('data-testid="current-fairs"')[1].split("Closed fairs")[0]
    cards = {part.split('"')[0]: part for part in current.split('data-fair="')[1:]}
    assert list(cards) == ["OPEN-1", "DRAFT-1"]  # the sooner first; the closed one is not a card
    work = dict((key, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
                for key, text in re.findall(r'data-work="(\w+)">(.*?)</li>', cards["OPEN-1"], re.S))
    assert work == {"applications": "2 applications to review", "allocation": "1 allocation preview to commit",
                    "grants": "1 support grant to decide"}
    assert "Review the applications" in cards["OPEN-1"]
    assert "data-work" not in cards["DRAFT-1"] and "Nothing waiting." in cards["DRAFT-1"]
    assert "Lay out the halls and booths" in cards["DRAFT-1"]
    assert "OLD-1" in page.split("Closed fairs")[1]
    assert f'/fairs/{open_fair.id}/applications?status=submitted' in cards["OPEN-1"]
