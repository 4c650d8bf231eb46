"""Exhibitor leads: staff scan a badge, rate and annotate; each exhibitor sees only its own leads."""

import csv
import io

import pytest
import sqlalchemy as sa

from accounts.services import issue_api_token
from contracts.models import Lead
from core.db import utcnow
from tests.conftest import csrf_token_from, login
from visitors.services import reissue_badge


@pytest.fixture
def booths_of_two(session, running_fair, make_user, make_enterprise, make_application):
    """Two exhibitors of the running fair, each with its owner account, and one that does not exhibit."""
    owners = []
    for index, status in enumerate(("approved", "approved", "rejected")):
        owner = make_user(role="exhibitor")
        make_application(fair=running_fair, enterprise=make_enterprise(owner=owner, legal_name=f"Gian {index}"),
                         status=status)
        owners.append(owner)
    session.commit()
    return owners


def _token(session, user):

    token = issue_api_token(session, user, name="test", now=utcnow())
    session.commit()
    return token


@pytest.fixture
def as_user(client, session):
    """`as_user(user)` → a small API caller with that user's bearer token."""

    def _as_user(user):
        headers = {"Authorization": f"Bearer {_token(session, user)}"}

        class Caller:
            def post(self, url, body):
                return client.post(url, json=body, headers=headers)

            def get(self, url):
                return client.get(url, headers=headers)

            def patch(self, url, body):
                return client.patch(url, json=body, headers=headers)

        return Caller()

    return _as_user


def test_a_scan_makes_a_lead_and_a_second_scan_counts_again(session, running_fair, registered, booths_of_two, as_user):
    """201 with the visitor's contact details; the same badge again: 200, two scans, still one lead."""
    visitor, code = registered(full_name="Trần Văn Mua", organisation="Siêu thị Việt", email="mua@example.vn")
    staff = as_user(booths_of_two[0])
    first = staff.post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": code})
    assert first.status_code == 201, first.json
    assert first.json["visitor"]["email"] == "mua@example.vn" and first.json["scans"] == 1
    again = staff.post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": code})
    assert again.status_code == 200 and again.json["scans"] == 2 and again.json["id"] == first.json["id"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Lead)) == 1


def test_each_exhibitor_sees_only_its_own_leads(session, running_fair, registered, booths_of_two, as_user):
    """Another exhibitor neither lists, reads nor rates the lead; its own scan makes its own lead."""
    _visitor, code = registered()
    mine, theirs = as_user(booths_of_two[0]), as_user(booths_of_two[1])
    lead_id = mine.post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": code}).json["id"]
    assert theirs.get(f"/api/v1/fairs/{running_fair.id}/leads").json == []
    assert theirs.patch(f"/api/v1/leads/{lead_id}", {"rating": 1}).status_code == 404
    assert theirs.post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": code}).status_code == 201
    rated = mine.patch(f"/api/v1/leads/{lead_id}", {"rating": 5, "notes": "Muốn đặt 2.000 sản phẩm"})
    assert rated.status_code == 200 and rated.json["rating"] == 5
    assert mine.patch(f"/api/v1/leads/{lead_id}", {"notes": "Gọi lại thứ Hai"}).json["rating"] == 5  # kept
    assert mine.patch(f"/api/v1/leads/{lead_id}", {"rating": 9}).status_code == 422
    listed = mine.get(f"/api/v1/fairs/{running_fair.id}/leads").json
    assert [lead["notes"] for lead in listed] == ["Gọi lại thứ Hai"]


def test_bad_and_replaced_badges_are_refused_naming_the_code(session, running_fair, registered, booths_of_two,
                                                             as_user, make_fair, make_user):
    """Garbage, a tampered code and a replaced badge: 422 on `code`; a non-exhibitor: 403."""
    visitor, code = registered()
    staff = as_user(booths_of_two[0])
    tampered = code[:-3] + ("AAA" if code[-3:] != "AAA" else "BBB")
    for bad in ("hello", tampered):
        response = staff.post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": bad})
        assert response.status_code == 422 and response.json["errors"][0]["field"] == "code"
    reissue_badge(session, visitor, actor=make_user(role="organizer"), now=utcnow())
    session.commit()
    assert staff.post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": code}).status_code == 422
    assert as_user(booths_of_two[2]).post(f"/api/v1/fairs/{running_fair.id}/leads",
                                          {"code": code}).status_code == 403
    assert session.scalar(sa.select(sa.func.count()).select_from(Lead)) == 0


def test_the_lead_pages_scan_rate_and_export(client, session, running_fair, registered, booths_of_two):
    """The handheld scanner types into the form; the lead is rated on its page; the CSV lists it."""

    _visitor, code = registered(full_name="Lê Thị Khách")
    login(client, booths_of_two[0])
    page = client.get(f"/fairs/{running_fair.id}/leads")
    assert page.status_code == 200
    scanned = client.post(f"/fairs/{running_fair.id}/leads",
                          data={"csrf_token": csrf_token_from(page.get_data(as_text=True)), "code": code})
    assert scanned.status_code == 302
    lead_url = scanned.headers["Location"]
    form = client.get(lead_url)
    assert "Lê Thị Khách" in form.get_data(as_text=True)
    saved = client.post(lead_url, data={"csrf_token": csrf_token_from(form.get_data(as_text=True)), "rating": "4",
                                        "notes": "<b>hẹn gặp</b>"})
    assert saved.status_code == 302
    listing = client.get(f"/fairs/{running_fair.id}/leads").get_data(as_text=True)
    assert "★★★★" in listing and "&lt;b&gt;hẹn gặp&lt;/b&gt;" in listing
    rows = list(csv.reader(io.StringIO(client.get(f"/fairs/{running_fair.id}/leads.csv").data.decode("utf-8-sig"))))
    assert rows[1][0] == "Lê Thị Khách" and rows[1][8] == "4"
    bad = client.post(f"/fairs/{running_fair.id}/leads", data={"csrf_token": csrf_token_from(page.get_data(
        as_text=True)), "code": "nonsense"})
    assert bad.status_code == 422


def test_another_exhibitor_cannot_open_a_lead_page(client, session, running_fair, registered, booths_of_two, as_user):
    """The lead page of another exhibitor's lead is a 404; its own exhibitor opens it (the positive control)."""

    visitor, code = registered()
    lead_id = as_user(booths_of_two[0]).post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": code}).json["id"]
    owner = client.application.test_client()
    login(owner, booths_of_two[0])
    page = owner.get(f"/leads/{lead_id}")
    assert page.status_code == 200 and visitor.full_name in page.get_data(as_text=True)
    login(client, booths_of_two[1])
    assert client.get(f"/leads/{lead_id}").status_code == 404


def test_the_export_holds_only_the_exhibitors_own_leads(client, session, running_fair, registered, booths_of_two,
                                                        as_user):
    """Each exhibitor's CSV lists the visitors it scanned, not the other's; the download is not cached."""
    mine, _code_mine = registered(full_name="Khách Của Tôi")
    theirs, _code_theirs = registered(full_name="Khách Của Họ")
    as_user(booths_of_two[0]).post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": _code_mine})
    as_user(booths_of_two[1]).post(f"/api/v1/fairs/{running_fair.id}/leads", {"code": _code_theirs})
    login(client, booths_of_two[0])
    response = client.get(f"/fairs/{running_fair.id}/leads.csv")
    names = [row[0] for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")))][1:]
    assert names == ["Khách Của Tôi"] and "no-store" in response.headers["Cache-Control"]
