"""An officer's province is a boundary (issue 21, finding 4): an officer bound to province A reads none of
province B's enterprises, applications, contracts, contract files, grants, reports, exports or API answers."""

import pytest

from booths.applications.services import get_application_for
from contracts.attachments import get_contract_file
from contracts.services import get_contract_for
from core.errors import NotFound
from enterprises.services import get_enterprise_for
from support.scopes import set_officer_province
from tests.conftest import login
from tests.security.conftest import markers, readable_text
from tests.security.routes import get_routes, get_urls, names_an_object


def test_the_sweep_walks_every_get_route(app, world):
    """The walk covers pages and API alike (a broken URL builder would make the sweep below vacuous)."""
    urls = get_urls(app, world, world["b"])
    b = world["b"]
    for expected in (f"/api/v1/enterprises/{b['enterprise'].id}", f"/applications/{b['application'].id}",
                     f"/contracts/{b['contract'].id}/files/{b['scan'].id}", "/enterprises/",
                     f"/fairs/{world['fair'].id}/contracts", f"/api/v1/fairs/{world['fair'].id}/contracts",
                     "/reports/supported.xlsx", f"/support/programmes/{world['programme'].id}"):
        assert expected in urls
    assert len(urls) > 60


def test_an_officer_bound_to_a_province_is_served_nothing_of_another(app, client, world, bearer, make_user):
    """Every GET route (pages with the officer's session, API with its token) naming B's objects, and every
    list: whatever answers 200 to the officer holds none of B's names, tax code, buyer or people, unless anyone
    gets the same (the public pages of a running fair; in the API, a newly signed-up exhibitor's token)."""
    headers = bearer(world["officer"])
    anonymous = Anyone(app.test_client(), bearer(make_user(role="exhibitor")))
    login(client, world["officer"])
    leaks, served = [], 0
    for url, rule in get_routes(app, world, world["b"]):
        response = client.get(url, headers=headers if url.startswith("/api/") else {})
        if response.status_code != 200:
            continue
        served += 1
        text = readable_text(response)
        found = [marker for marker in markers(world["b"]) if marker in text]
        if names_an_object(rule) and not found:
            found = ["(served B's object)"]  # a logo or a scan need not carry a name to be B's
        if found and not _public(anonymous, url, found):
            leaks.append((url, found))
    assert not leaks
    assert served > 10  # the officer did read pages: the sweep is not all 403s


class Anyone:
    """Who anyone can be: no account for pages; a self-registered exhibitor's token, without enterprise, for the
    API (sign-up is open)."""

    def __init__(self, client, headers: dict):
        self.client, self.headers = client, headers

    def get(self, url: str):
        """GET as anyone."""
        return self.client.get(url, headers=self.headers if url.startswith("/api/") else {})


def _public(anonymous, url: str, found: list[str]) -> bool:
    response = anonymous.get(url)
    text = readable_text(response)
    return response.status_code == 200 and all(marker in text or marker.startswith("(") for marker in found)


def test_the_same_sweep_serves_an_unbound_officer_both_provinces(app, client, world, bearer, session):
    """Positive control: an officer bound to no province reads B's contracts, enterprises and files."""
    set_officer_province(session, world["officer"], None, actor=None, now=world["fair"].updated_at)
    session.commit()
    login(client, world["officer"])
    b, fair = world["b"], world["fair"]
    assert client.get(f"/contracts/{b['contract'].id}/files/{b['scan'].id}").status_code == 200
    assert b["contract"].buyer_name in client.get(f"/fairs/{fair.id}/contracts").get_data(as_text=True)
    assert b["enterprise"].legal_name in client.get("/enterprises/").get_data(as_text=True)


@pytest.mark.parametrize("side, expected", [("a", 200), ("b", 404)])
def test_pages_and_api_of_each_object(client, world, bearer, side, expected):
    """The officer bound to A: A's enterprise, application, contract file and logo answer 200, B's 404."""
    headers = bearer(world["officer"])
    login(client, world["officer"])
    s = world[side]
    assert client.get(f"/api/v1/enterprises/{s['enterprise'].id}", headers=headers).status_code == expected
    assert client.get(f"/enterprises/{s['enterprise'].id}/logo").status_code == expected
    assert client.get(f"/contracts/{s['contract'].id}/files/{s['scan'].id}").status_code == expected


@pytest.mark.parametrize("path", ["/enterprises/", "/fairs/{fair}/contracts", "/api/v1/fairs/{fair}/contracts",
                                  "/api/v1/fairs/{fair}/applications", "/support/programmes/{programme}",
                                  "/reports/supported.csv"])
def test_lists_hold_the_officers_province_only(client, world, bearer, path):
    """Lists, API lists, grants and exports: A's rows are there (positive control), B's are not."""
    headers = bearer(world["officer"])
    login(client, world["officer"])
    url = path.format(fair=world["fair"].id, programme=world["programme"].id)
    response = client.get(url, headers=headers if url.startswith("/api/") else {})
    assert response.status_code == 200
    text = readable_text(response)
    a, b = world["a"], world["b"]
    assert a["enterprise"].legal_name in text or a["contract"].buyer_name in text or str(a["application"].id) in text
    assert not [marker for marker in markers(b) if marker in text]


@pytest.mark.parametrize("side", ["a", "b"])
def test_each_object_policy_holds_the_boundary(session, world, side):
    """The one policy per kind of object (enterprise, application, contract, contract file) refuses B's to the
    officer bound to A (NotFound), and gives A's (positive control), whatever route asks it."""
    officer, s = world["officer"], world[side]
    readers = [lambda: get_enterprise_for(session, s["enterprise"].id, officer),
               lambda: get_application_for(session, s["application"].id, officer),
               lambda: get_contract_for(session, s["contract"].id, officer),
               lambda: get_contract_file(session, s["contract"], s["scan"].id, officer)]
    for read in readers:
        if side == "a":
            assert read() is not None
        else:
            with pytest.raises(NotFound):
                read()
