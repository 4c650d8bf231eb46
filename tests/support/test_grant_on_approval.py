"""Money is never granted silently: approving an application that asked for support shows the grant that would
follow and makes it only when the organizer (or the API caller) says so; the portal shows due and grant apart."""

import re

import pytest
import sqlalchemy as sa

from booths.applications.fees import support_offer
from booths.applications.models import BoothApplication
from booths.applications.services import approve_many, decide_application
from core.db import utcnow
from support.models import SupportGrant
from tests.conftest import login, table_count
from tests.enterprises.helpers import field_errors, flashes


@pytest.fixture
def client(app_ctx):
    """English pages, so assertions can quote English messages."""
    browser = app_ctx.test_client()
    browser.set_cookie("lang", "en")
    return browser


@pytest.fixture
def supported(session, make_booth, make_application, make_enterprise, make_programme, make_user):
    """An open fair with a 12-million booth, a rural establishment of Hà Nội asking support for 3 booths, and
    Hà Nội's programme paying 100 % of at most 2 booths out of 100 million (30 million already committed)."""
    booth = make_booth(price_vnd=12_000_000)
    fair = booth.hall.fair
    fair.status = "open"
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(is_rural_industry=True, kind="rural_establishment", owner=owner)
    application = make_application(fair=fair, enterprise=enterprise, booths_requested=3, support_requested=True,
                                   zone_preferences=[booth.zone_id])
    programme = make_programme(name="Khuyến công Hà Nội", level="provincial", province="Hà Nội",
                               year=fair.starts_on.year, booth_fee_percent=100, booth_fee_max_booths=2)
    other = make_enterprise()
    session.add(SupportGrant(programme_id=programme.id, enterprise_id=other.id, content="booth_fee",
                             amount_vnd=30_000_000, status="approved", source="manual", created_at=utcnow(),
                             updated_at=utcnow()))
    session.commit()
    return {"application": application, "programme": programme, "fair": fair, "owner": owner}


def _grants(session) -> list[tuple[int, str]]:
    return [(int(g.amount_vnd), g.status) for g in session.scalars(
        sa.select(SupportGrant).where(SupportGrant.source == "application"))]


# --- the service ----------------------------------------------------------------------------------------------------


def test_the_offer_says_programme_amount_and_budget_left(session, supported):
    """Before deciding: Hà Nội's programme would pay 24 million for 2 booths, with 70 of 100 million left."""
    offer = support_offer(session, supported["application"])
    assert (offer.programme.id, offer.amount_vnd, offer.booths, offer.remaining_vnd, offer.budget_vnd,
            offer.status) == (supported["programme"].id, 24_000_000, 2, 70_000_000, 100_000_000, "approved")


def test_approving_without_saying_so_grants_nothing(session, supported, make_user):
    """decide_application approves and, unless told to grant, records no grant."""
    decide_application(session, supported["application"], "approved", actor=make_user(role="organizer"),
                       now=utcnow())
    assert supported["application"].status == "approved"
    assert _grants(session) == []


def test_bulk_approval_grants_only_when_asked(session, supported, make_user):
    """approve_many leaves the support alone by default."""
    approve_many(session, [supported["application"]], actor=make_user(role="organizer"), now=utcnow())
    assert _grants(session) == []


# --- the API --------------------------------------------------------------------------------------------------------


def test_the_api_grants_by_default_and_returns_the_grant(api, supported, session):
    """POST …/decision without grant_support keeps the behaviour it had: the grant is made, and returned."""
    response = api("organizer").post(f"/api/v1/applications/{supported['application'].id}/decision",
                                      {"status": "approved"})
    assert response.status_code == 200
    grant = response.get_json()["booth_fee_grant"]
    assert (grant["amount_vnd"], grant["status"], grant["programme_name"], grant["booths"]) == (
        24_000_000, "approved", "Khuyến công Hà Nội", 2)
    assert _grants(session) == [(24_000_000, "approved")]


def test_the_api_approves_without_the_grant_when_told(api, supported, session):
    """grant_support: false approves and records no grant; the answer says so with a null grant."""
    response = api("organizer").post(f"/api/v1/applications/{supported['application'].id}/decision",
                                      {"status": "approved", "grant_support": False})
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["booth_fee_grant"]) == ("approved", None)
    assert _grants(session) == []


# --- the page -------------------------------------------------------------------------------------------------------


def _organizer(client, make_user, session):
    user = make_user(role="organizer")
    session.commit()
    login(client, user)
    return user


def test_the_decision_page_shows_the_grant_that_would_follow(client, supported, make_user, session):
    """Programme, amount (2 booths at 100 %), budget left and what stays after it, and the two choices."""
    _organizer(client, make_user, session)
    page = client.get(f"/applications/{supported['application'].id}").get_data(as_text=True)
    offer = re.search(r'data-testid="support-offer">(.*?)</div>', page, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", offer).split())
    assert "Khuyến công Hà Nội" in text
    assert "24,000,000" in text and "2 booths at 100%" in text
    remaining = re.search(r'data-testid="offer-remaining">(.*?)</dd>', offer, re.S).group(1)
    assert re.findall(r"\d[\d,]*\d", remaining) == ["70,000,000", "100,000,000"]
    assert 'data-testid="grant-yes"' in page and 'data-testid="grant-no"' in page


def test_approving_with_the_grant_makes_it(client, supported, make_user, session):
    """Choosing "with the grant" approves and records the 24-million grant, approved within the budget."""
    _organizer(client, make_user, session)
    response = client.post(f"/applications/{supported['application'].id}",
                           data={"status": "approved", "grant_support": "yes", "reason": ""})
    assert response.status_code == 302
    assert _grants(session) == [(24_000_000, "approved")]


def test_approving_without_the_grant_makes_none(client, supported, make_user, session):
    """Choosing "without a grant" approves and records no grant."""
    _organizer(client, make_user, session)
    response = client.post(f"/applications/{supported['application'].id}",
                           data={"status": "approved", "grant_support": "no", "reason": ""})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(BoothApplication, supported["application"].id).status == "approved"
    assert _grants(session) == []


def test_approving_without_choosing_is_refused_on_the_field(client, supported, make_user, session):
    """When a grant could follow, the organizer must say yes or no: 422, the message under the choice."""
    _organizer(client, make_user, session)
    response = client.post(f"/applications/{supported['application'].id}", data={"status": "approved",
                                                                                 "reason": ""})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "grant_support") == [
        "Say whether the approval grants the support asked for."]
    session.expire_all()
    assert session.get(BoothApplication, supported["application"].id).status == "submitted"
    assert _grants(session) == []


def test_the_grant_can_follow_an_approval_made_without_it(client, supported, make_user, session):
    """An application approved without its grant offers "Grant …" on its page; that button records it."""
    organizer = _organizer(client, make_user, session)
    decide_application(session, supported["application"], "approved", actor=organizer, now=utcnow())
    session.commit()
    page = client.get(f"/applications/{supported['application'].id}").get_data(as_text=True)
    assert 'data-testid="grant-support"' in page
    response = client.post(f"/applications/{supported['application'].id}/support", follow_redirects=True)
    [flash] = flashes(response.get_data(as_text=True))
    assert flash.startswith("A booth-fee grant of") and "24,000,000" in flash and "Khuyến công Hà Nội" in flash
    assert _grants(session) == [(24_000_000, "approved")]
    again = client.post(f"/applications/{supported['application'].id}/support", follow_redirects=True)
    assert flashes(again.get_data(as_text=True)) == ["This application already has its booth-fee grant."]
    assert table_count(session, SupportGrant) == 2  # the other enterprise's, and this one


def test_bulk_approval_with_the_box_ticked_grants(client, supported, make_user, session):
    """The queue's "also grant" box makes the grants of the approved applications that asked for support."""
    _organizer(client, make_user, session)
    fair_id = supported["fair"].id
    client.post(f"/fairs/{fair_id}/applications", data={"application": [str(supported["application"].id)]})
    assert _grants(session) == []
    other = supported["application"]
    other.status = "submitted"
    session.commit()
    client.post(f"/fairs/{fair_id}/applications", data={"application": [str(other.id)], "grant_support": "y"})
    assert _grants(session) == [(24_000_000, "approved")]


def test_the_portal_shows_the_amount_due_and_the_grant_apart(client, supported, make_user, session):
    """After approval with the grant, the exhibitor reads "Amount due" (36 − 24 = 12 million) and the grant
    with its state on separate lines."""
    decide_application(session, supported["application"], "approved", actor=make_user(role="organizer"),
                       now=utcnow(), grant_support=True)
    session.commit()
    login(client, supported["owner"])
    page = client.get("/portal").get_data(as_text=True)
    due = re.search(r'data-testid="amount-due">(.*?)</div>', page, re.S).group(1)
    grant = re.search(r'data-testid="grant-line">(.*?)</div></div>', page, re.S).group(1)
    assert "12,000,000" in due and "Unpaid" in due
    assert "24,000,000" in grant and "Approved" in grant and "Khuyến công Hà Nội" in grant


def test_the_queue_finds_the_support_still_to_decide(client, supported, make_application, make_enterprise, make_user,
                                                     session):
    """"Requested, not granted" lists approved applications asking for support without an approved grant; the
    organizer's home links its count there."""
    organizer = make_user(role="organizer")
    decide_application(session, supported["application"], "approved", actor=organizer, now=utcnow())
    granted = make_application(fair=supported["fair"], support_requested=True, zone_preferences=[],
                               enterprise=make_enterprise(legal_name="Gốm Chu Đậu", kind="rural_establishment",
                                                          is_rural_industry=True))
    decide_application(session, granted, "approved", actor=organizer, now=utcnow(), grant_support=True)
    session.commit()
    login(client, organizer)
    page = client.get(f"/fairs/{supported['fair'].id}/applications",
                      query_string={"status": "approved", "support": "ungranted"}).get_data(as_text=True)
    assert re.findall(r'name="application" value="(\d+)"', page) == [str(supported["application"].id)]
    home = client.get("/fairs/").get_data(as_text=True)
    assert f"/fairs/{supported['fair'].id}/applications?status=approved&amp;support=ungranted" in home
