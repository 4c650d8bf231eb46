"""Grants and programmes listed through the API: pages, filters, an officer's province, status changes."""

import json

from accounts.services import issue_api_token
from core.db import utcnow
from support.scopes import set_officer_province
from support.services import record_grant


def _grant(session, programme, enterprise, amount, **over):
    values = {"enterprise_id": enterprise.id, "content": "training", "amount_vnd": amount, "status": "approved"}
    values.update(over)
    return record_grant(session, values, actor=None, now=utcnow(), programme=programme)


def _total(response) -> int:
    return json.loads(response.headers["X-Pagination"])["total"]


def test_grants_are_filtered_by_programme_status_and_province_under_any_of_its_names(api, session, make_programme,
                                                                                  make_enterprise, make_user):
    """`province=Hải Phòng` finds a grant recorded under Hải Dương (merged into it); an officer of Hải Phòng sees
    only those, whatever it asks."""
    first, second = make_programme(), make_programme(name="Chương trình 2")
    _grant(session, first, make_enterprise(legal_name="Gốm Chu Đậu", province="Hải Dương"), 5_000_000)
    _grant(session, first, make_enterprise(legal_name="Nón lá Huế", province="Huế"), 7_000_000, status="planned")
    _grant(session, second, make_enterprise(province="Huế"), 1_000_000)
    officer = make_user(role="officer")
    set_officer_province(session, officer, "Hải Phòng", actor=None, now=utcnow())
    session.commit()
    organizer = api("organizer")
    assert _total(organizer.get("/api/v1/support/grants")) == 3
    assert _total(organizer.get("/api/v1/support/grants", programme_id=first.id)) == 2
    assert _total(organizer.get("/api/v1/support/grants", status="planned")) == 1
    assert [g["amount_vnd"] for g in organizer.get("/api/v1/support/grants", province="hai phong").json] == [5_000_000]
    assert _total(organizer.get("/api/v1/support/grants", province="Thừa Thiên Huế")) == 2
    assert _total(organizer.get("/api/v1/support/grants", province="Atlantis")) == 0
    token_caller = _caller_for(api, session, officer)
    assert [g["amount_vnd"] for g in token_caller.get("/api/v1/support/grants").json] == [5_000_000]
    assert token_caller.get("/api/v1/support/grants", province="Huế").json == []
    assert api("exhibitor").get("/api/v1/support/grants").status_code == 403


def _caller_for(api, session, user):
    caller = api()
    caller.headers = {"Authorization": f"Bearer {issue_api_token(session, user, 'test', now=utcnow())}"}
    session.commit()
    return caller


def test_a_grant_moves_forward_through_the_api_and_programmes_are_listed(api, session, make_programme,
                                                                         make_enterprise):
    """planned → approved is a 200 with the new status; a step back is a 409; programmes list with a total."""
    programme = make_programme()
    grant = _grant(session, programme, make_enterprise(), 5_000_000, status="planned")
    session.commit()
    organizer = api("organizer")
    moved = organizer.post(f"/api/v1/support/grants/{grant.id}/status", {"status": "approved"})
    assert moved.status_code == 200 and moved.json["status"] == "approved"
    assert organizer.post(f"/api/v1/support/grants/{grant.id}/status", {"status": "planned"}).status_code == 409
    assert _total(organizer.get("/api/v1/support/programmes")) == 1
    assert organizer.get("/api/v1/support/programmes", year=programme.year + 1).json == []
