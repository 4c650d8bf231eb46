"""The IDOR matrix (issue 21, deliver 10): two enterprises, every object type each owns (application and its
files, booth staff and their badges, contract and its scans, logo, leads, meetings, grants), through pages,
downloads and the API. Enterprise B's owner gets 403 or 404 on each of A's objects; A's owner, the positive
control, reads them."""

import pytest

from booths.applications.attachments import attach_file, get_file_for
from booths.applications.services import get_application_for
from contracts.attachments import attach_contract_file, get_contract_file
from contracts.leads import get_lead_for
from contracts.meetings import get_meeting_for
from contracts.services import get_contract_for
from core.db import utcnow
from core.errors import NotFound
from enterprises.services import get_enterprise_for
from tests.conftest import login
from tests.security.conftest import PDF, markers, readable_text
from tests.security.routes import get_routes, names_an_object
from tests.security.test_officer_province import Anyone
from visitors.staff import staff_member


def _as(client, headers, url, method="GET"):
    if url.startswith("/api/"):
        return client.open(url, method=method, headers=headers, json={} if method != "GET" else None)
    return client.open(url, method=method, data={} if method != "GET" else None)


def test_b_reads_nothing_of_a(app, client, world, bearer, make_user):
    """Every GET route naming A's objects, and every list, as B's owner (session for pages, token for the API):
    A's objects are 403/404, and no answer holds A's names, tax code, buyer, staff, notes or files unless
    anyone gets the same (the public pages of a running fair)."""
    headers = bearer(world["b"]["owner"])
    anyone = Anyone(app.test_client(), bearer(make_user(role="exhibitor")))
    login(client, world["b"]["owner"])
    leaks = []
    for url, rule in get_routes(app, world, world["a"]):
        response = _as(client, headers, url)
        text = readable_text(response) if response.status_code == 200 else ""
        found = [marker for marker in markers(world["a"]) if marker in text]
        if response.status_code == 200 and names_an_object(rule) and not found:
            found = ["(served A's object)"]
        if found:
            public = anyone.get(url)
            public_text = readable_text(public)
            if not (public.status_code == 200 and all(m in public_text or m.startswith("(") for m in found)):
                leaks.append((url, found))
    assert not leaks


def test_b_changes_nothing_of_a(app, client, world, bearer):
    """Every POST or PATCH route naming A's objects (withdraw, files, staff, payment, support, leads, meetings,
    contracts and their scans), as B's owner: 403 or 404."""
    headers = bearer(world["b"]["owner"])
    login(client, world["b"]["owner"])
    accepted = []
    for method in ("POST", "PATCH"):
        for url, rule in get_routes(app, world, world["a"], method=method):
            if not names_an_object(rule):
                continue
            response = _as(client, headers, url, method)
            if response.status_code not in (403, 404):
                accepted.append((method, url, response.status_code))
    assert not accepted


OWN_OBJECTS = [
    "/applications/{application}", "/applications/{application}/files/{licence}",
    "/applications/{application}/staff", "/applications/{application}/staff/{staff}/edit",
    "/applications/{application}/staff/{staff}/badge.pdf", "/leads/{lead}",
    "/contracts/{contract}/files/{scan}", "/enterprises/{enterprise}/logo", "/api/v1/enterprises/{enterprise}",
]


@pytest.mark.parametrize("path", OWN_OBJECTS)
@pytest.mark.parametrize("reader, expected", [("a", {200}), ("b", {403, 404})])
def test_each_object_by_its_owner_and_by_the_other(client, world, bearer, path, reader, expected):
    """A's owner reads each of A's objects (positive control); B's owner gets 403 or 404 on the same URL."""
    a = world["a"]
    url = path.format(application=a["application"].id, licence=a["licence"].id, staff=a["staff"].id,
                      lead=a["lead"].id, contract=a["contract"].id, scan=a["scan"].id,
                      enterprise=a["enterprise"].id)
    owner = world[reader]["owner"]
    login(client, owner)
    response = _as(client, bearer(owner), url)
    assert response.status_code in expected, (url, response.status_code)


@pytest.mark.parametrize("path", ["/fairs/{fair}/leads", "/fairs/{fair}/leads.xlsx", "/fairs/{fair}/meetings",
                                  "/fairs/{fair}/meetings.pdf", "/fairs/{fair}/contracts",
                                  "/api/v1/fairs/{fair}/contracts", "/api/v1/fairs/{fair}/leads",
                                  "/api/v1/fairs/{fair}/applications", "/portal"])
def test_lists_hold_only_the_readers_own(client, world, bearer, path):
    """An exhibitor's lists and exports at the fair hold its own objects (positive control) and none of A's."""
    url = path.format(fair=world["fair"].id)
    login(client, world["b"]["owner"])
    response = _as(client, bearer(world["b"]["owner"]), url)
    assert response.status_code == 200
    text = readable_text(response)
    assert not [marker for marker in markers(world["a"]) if marker in text]


@pytest.mark.parametrize("reader", ["a", "b"])
def test_each_object_policy_refuses_the_other_enterprise(app, session, world, reader):
    """Each kind of object's own policy, asked directly (routes ask the parent's first, so these are the second
    lock): A's owner is served (positive control), B's owner gets NotFound for A's application, its files, its
    staff, contract, scans, lead, meeting and enterprise, and may attach nothing to them."""
    a, user = world["a"], world[reader]["owner"]
    readers = [
        lambda: get_application_for(session, a["application"].id, user),
        lambda: get_file_for(session, a["application"], a["licence"].id, user),
        lambda: staff_member(session, a["application"], a["staff"].id, actor=user),
        lambda: get_contract_for(session, a["contract"].id, user),
        lambda: get_contract_file(session, a["contract"], a["scan"].id, user),
        lambda: get_lead_for(session, a["lead"].id, user),
        lambda: get_meeting_for(session, a["meeting"].id, user),
        lambda: get_enterprise_for(session, a["enterprise"].id, user),
    ]
    writers = [
        lambda: attach_file(session, a["application"], purpose="licence", filename="x.pdf", data=PDF, actor=user,
                            now=utcnow()),
        lambda: attach_contract_file(session, a["contract"], filename="x.pdf", data=PDF, actor=user, now=utcnow()),
    ]
    for call in readers + writers:
        if reader == "a":
            assert call() is not None
        else:
            with pytest.raises(NotFound):
                call()
    session.rollback()
