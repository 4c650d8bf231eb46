"""The floor plan at scale (issue 22, item 6): one hall at a time everywhere, and a search that jumps to the hall
holding a booth or an exhibitor and lights it up, by code or by name with or without accents."""

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothAssignment
from booths.layout import plans
from booths.layout.plan_search import find_on_plan
from core.db import utcnow
from core.extensions import db
from core.text import fold, fold_many
from tests.booths.test_views import booth_codes
from tests.conftest import login

NAME = "Công ty Gốm Chu Đậu"


@pytest.fixture
def halls(session, make_fair, make_hall, make_zone, make_booth, make_enterprise, make_application):
    """A published fair with three halls of two booths each; the second booth of Hall 3 is held by NAME."""
    fair = make_fair(status="published")
    zone = make_zone(fair=fair)
    drawn = {}
    for number in (1, 2, 3):
        hall = make_hall(fair=fair, name=f"Hall {number}")
        drawn[hall.name] = (hall, [make_booth(hall=hall, zone=zone, code=f"H{number}-{n}") for n in (1, 2)])
    application = make_application(fair=fair, enterprise=make_enterprise(legal_name=NAME), status="approved")
    session.add(BoothAssignment(booth=drawn["Hall 3"][1][1], application=application, assigned_at=utcnow()))
    session.commit()
    return {"fair": fair, "halls": {name: hall for name, (hall, _booths) in drawn.items()}}


def _plan(client, login_as, fair, **query):
    login_as("organizer")
    response = client.get(f"/fairs/{fair.id}/plan", query_string=query)
    assert response.status_code == 200
    return response


def test_the_organizer_plan_draws_the_first_hall_only(client, login_as, halls):
    """Without a search the plan is the first hall, and only its booths."""
    assert set(booth_codes(_plan(client, login_as, halls["fair"]))) == {"H1-1", "H1-2"}


@pytest.mark.parametrize("query", ["H2-1", "h2-1", " H2-1 "])
def test_a_booth_code_jumps_to_its_hall_and_lights_it_up(client, login_as, halls, query):
    """Searching a booth code shows the hall that holds it, with that booth (and no other) lit up."""
    codes = booth_codes(_plan(client, login_as, halls["fair"], q=query))
    assert set(codes) == {"H2-1", "H2-2"}
    assert "match" in codes["H2-1"].split() and "match" not in codes["H2-2"].split()


@pytest.mark.parametrize("query", ["Gốm Chu Đậu", "gom chu dau", "CHU DAU", "chu-dau"])
def test_an_exhibitor_name_with_or_without_accents_jumps_to_its_hall(client, login_as, halls, query):
    """Searching the exhibitor's name (accents, case and hyphens aside) shows its hall with its booth lit up."""
    response = _plan(client, login_as, halls["fair"], q=query)
    codes = booth_codes(response)
    assert set(codes) == {"H3-1", "H3-2"}
    assert "match" in codes["H3-2"].split() and "match" not in codes["H3-1"].split()
    assert NAME in response.get_data(as_text=True).split('data-testid="plan-found"')[1]


def test_a_search_that_finds_nothing_says_so_escaped(client, login_as, halls):
    """Nothing found: the first hall, nothing lit up, and the query echoed escaped."""
    response = _plan(client, login_as, halls["fair"], q='<b>"nobody"</b>')
    page = response.get_data(as_text=True)
    assert set(booth_codes(response)) == {"H1-1", "H1-2"} and " match" not in page.split('data-testid="plan"')[1]
    assert "&lt;b&gt;" in page and '<b>"nobody"</b>' not in page


def test_the_public_plan_finds_a_booth_code_and_an_exhibitor(client, halls):
    """Anyone, once the plan is published: a booth code or the exhibitor's unaccented name shows its hall."""
    fair = halls["fair"]
    by_code = booth_codes(client.get(f"/f/{fair.code}/plan", query_string={"q": "h2-2"}))
    assert set(by_code) == {"H2-1", "H2-2"} and "match" in by_code["H2-2"].split()
    by_name = booth_codes(client.get(f"/f/{fair.code}/plan", query_string={"q": "gom chu dau"}))
    assert set(by_name) == {"H3-1", "H3-2"} and "match" in by_name["H3-2"].split()


def test_before_publication_a_name_search_finds_only_what_the_viewer_may_see(session, halls):
    """The search of names keeps the plan's privacy: a viewer allowed no names finds no exhibitor by name."""
    fair = halls["fair"]
    assert find_on_plan(session, fair, "chu dau", reveal=frozenset()).hits == []
    assert find_on_plan(session, fair, "chu dau", reveal=plans.EVERYONE).hall_id == halls["halls"]["Hall 3"].id


def test_the_apply_page_draws_one_hall_and_fetches_another(client, session, halls, make_user, make_enterprise):
    """The exhibitor's apply page draws the first hall only; another hall comes from its own small route."""
    fair = halls["fair"]
    fair.status, fair.application_deadline = "open", None
    exhibitor = make_user(role="exhibitor")
    make_enterprise(owner=exhibitor, legal_name="Hợp tác xã Mây Tre")
    session.commit()
    login(client, exhibitor)
    assert set(booth_codes(client.get(f"/f/{fair.code}/apply"))) == {"H1-1", "H1-2"}
    other = client.get(f"/f/{fair.code}/apply/plan", query_string={"hall": halls["halls"]["Hall 3"].id})
    assert set(booth_codes(other)) == {"H3-1", "H3-2"}
    assert NAME not in other.get_data(as_text=True)  # before publication another's booth is only taken


def test_the_api_draws_every_hall_only_up_to_the_bound(api, halls, monkeypatch):
    """Past MAX_DRAWN_BOOTHS the every-hall drawing is refused with a problem naming `hall`; one hall still draws."""
    fair, caller = halls["fair"], api("organizer")
    assert caller.get(f"/api/v1/fairs/{fair.id}/floorplan.svg").status_code == 200
    monkeypatch.setattr(plans, "MAX_DRAWN_BOOTHS", 5)
    refused = caller.get(f"/api/v1/fairs/{fair.id}/floorplan.svg")
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == "hall"
    assert caller.get(f"/api/v1/fairs/{fair.id}/floorplan.svg", hall="Hall 2").status_code == 200


def test_a_plan_page_asks_as_many_statements_however_many_halls(client, login_as, session, halls, make_hall,
                                                                   make_booth):
    """The organizer's plan and the public plan read one hall: twelve more halls add no statement."""
    fair = halls["fair"]
    counted = []

    def count(*_args):
        counted[-1] += 1

    login_as("organizer")
    paths = [f"/fairs/{fair.id}/plan", f"/fairs/{fair.id}/plan?q=gom+chu+dau", f"/f/{fair.code}/plan"]

    def statements():
        result = []
        for path in paths:
            client.get(path)  # warm caches
            counted.append(0)
            sa.event.listen(db.engine, "before_cursor_execute", count)
            try:
                assert client.get(path).status_code == 200
            finally:
                sa.event.remove(db.engine, "before_cursor_execute", count)
            result.append(counted[-1])
        return result

    few = statements()
    for number in range(4, 16):
        make_booth(hall=make_hall(fair=fair, name=f"Hall {number}"), code=f"H{number}-1")
    session.commit()
    assert statements() == few


def test_fold_many_folds_as_fold_does():
    """The one-pass fold gives fold()'s answer for Vietnamese, other scripts, separators and odd input."""
    texts = ["Công ty Gốm Chu Đậu", "ĐẶNG  THỊ-ÁNH_Hồng, Ltd", "北京 Trading", "ΟΔΟΣ Σ", "", None, "a\x00b",
             "e\u0301cole", "Ñandú – Çà"]
    assert fold_many(texts) == [fold(text) for text in texts]
    assert fold_many([]) == []
