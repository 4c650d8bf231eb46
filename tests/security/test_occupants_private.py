"""Who holds which booth stays private until the fair's plan is published (issue 21, finding 1).

Before publication an exhibitor (or gate staff) sees free, taken and its own booths: no other enterprise's
name, province or country in the apply page's drawing or in the API's SVG. Organizers see everything; after
publication everyone sees what the public directory shows.
"""

import pytest

from accounts.services import issue_api_token
from booths.applications.models import BoothAssignment
from core.db import utcnow
from tests.conftest import login

OTHER_NAME = "Công ty Gốm Bí Mật Bát Tràng"
OTHER_PROVINCE = "Đắk Lắk"
OWN_NAME = "Công ty Mây Tre Của Tôi"


@pytest.fixture
def plan(session, make_fair, make_hall, make_zone, make_booth, make_user, make_enterprise, make_application):
    """An open fair whose hall has a booth held by another enterprise and one held by the exhibitor's own."""
    fair = make_fair(status="open")
    hall = make_hall(fair=fair)
    zone = make_zone(fair=fair)
    other = make_enterprise(legal_name=OTHER_NAME, province=OTHER_PROVINCE)
    exhibitor = make_user(role="exhibitor")
    own = make_enterprise(owner=exhibitor, legal_name=OWN_NAME)
    for code, enterprise in (("B-1", other), ("B-2", own)):
        application = make_application(fair=fair, enterprise=enterprise, status="approved")
        session.add(BoothAssignment(booth=make_booth(hall=hall, zone=zone, code=code), application=application,
                                    assigned_at=utcnow()))
    make_booth(hall=hall, zone=zone, code="B-3")
    session.commit()
    return {"fair": fair, "exhibitor": exhibitor}


def _svg(api_get, fair, **query):
    response = api_get(f"/api/v1/fairs/{fair.id}/floorplan.svg", **query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["exhibitor", "staff", "officer"])
@pytest.mark.parametrize("colour", ["status", "province", "country"])
def test_the_api_plan_of_an_unpublished_fair_names_no_occupant(api, plan, role, colour):
    """A non-organizer token reads the SVG of a fair not yet published: booths are taken, nobody is named."""
    svg = _svg(api(role).get, plan["fair"], colour=colour)
    assert 'data-booth-code="B-1"' in svg and "booth assigned" in svg  # the booth is there, and taken
    assert OTHER_NAME not in svg and OTHER_PROVINCE not in svg and "data-occupant" not in svg
    assert "data-g=" not in svg  # no province or country group written on a booth


def test_the_organizer_sees_every_occupant_in_the_api_plan(api, plan):
    """Positive control: the organizer's token draws both occupants and their provinces."""
    svg = _svg(api("organizer").get, plan["fair"], colour="province")
    assert OTHER_NAME in svg and OWN_NAME in svg and OTHER_PROVINCE in svg


def test_an_exhibitor_token_sees_its_own_booth_only(client, session, plan):
    """The exhibitor's own booth carries its name; the other's does not."""
    token = issue_api_token(session, plan["exhibitor"], "t", now=utcnow())
    session.commit()
    response = client.get(f"/api/v1/fairs/{plan['fair'].id}/floorplan.svg",
                          headers={"Authorization": f"Bearer {token}"})
    svg = response.get_data(as_text=True)
    assert OWN_NAME in svg and OTHER_NAME not in svg


def test_after_publication_the_api_plan_shows_what_the_directory_shows(api, plan, session):
    """Once published the occupants are public, as in the directory."""
    plan["fair"].status = "published"
    session.commit()
    svg = _svg(api("exhibitor").get, plan["fair"], colour="province")
    assert OTHER_NAME in svg and OTHER_PROVINCE in svg


def test_the_apply_page_draws_no_other_occupant(client, plan):
    """The apply page's hall drawings name the exhibitor's own booth only."""
    login(client, plan["exhibitor"])
    page = client.get(f"/f/{plan['fair'].code}/apply").get_data(as_text=True)
    assert 'data-booth-code="B-1"' in page
    assert OTHER_NAME not in page and OTHER_PROVINCE not in page
    assert f'data-occupant="{OWN_NAME}"' in page
