"""Page actions with their API operations (docs/API.md's parity table), and a document that tells the truth."""

import json

import pytest

from accounts.services import issue_api_token
from core.db import utcnow
from visitors.models import Visitor


def test_halls_and_zones_are_listed_and_a_booth_is_blocked_and_unblocked(api, session, make_fair, make_hall,
                                                                           make_zone, make_booth):
    """Organizers list halls and zones, block a booth with a reason and make it available again."""
    fair = make_fair(status="open")
    hall = make_hall(fair=fair, name="Nhà B")
    make_hall(fair=fair, name="Nhà A")
    zone = make_zone(fair=fair)
    make_booth(hall=hall, zone=zone, code="B-1")
    session.commit()
    organizer = api("organizer")
    assert [h["name"] for h in organizer.get(f"/api/v1/fairs/{fair.id}/halls").json] == ["Nhà A", "Nhà B"]
    assert [z["id"] for z in organizer.get(f"/api/v1/fairs/{fair.id}/zones").json] == [zone.id]
    assert organizer.post(f"/api/v1/fairs/{fair.id}/booths/B-1/block", {}).status_code == 422
    blocked = organizer.post(f"/api/v1/fairs/{fair.id}/booths/B-1/block", {"reason": "Cột chịu lực"})
    assert blocked.status_code == 200
    assert (blocked.json["status"], blocked.json["blocked_reason"]) == ("blocked", "Cột chịu lực")
    freed = organizer.post(f"/api/v1/fairs/{fair.id}/booths/B-1/unblock", {})
    assert freed.status_code == 200 and freed.json["status"] == "available"
    assert organizer.post(f"/api/v1/fairs/{fair.id}/booths/NOPE/unblock", {}).status_code == 404
    assert api("exhibitor").post(f"/api/v1/fairs/{fair.id}/booths/B-1/block", {"reason": "x"}).status_code == 403


def test_allocation_runs_are_listed_newest_first(api, session, make_fair):
    """Two previews: the list gives both, newest first, with the total."""
    fair = make_fair(status="allocating")
    session.commit()
    organizer = api("organizer")
    first = organizer.post(f"/api/v1/fairs/{fair.id}/allocations", {"seed": 1})
    second = organizer.post(f"/api/v1/fairs/{fair.id}/allocations", {"seed": 2})
    assert first.status_code == second.status_code == 201
    listed = organizer.get(f"/api/v1/fairs/{fair.id}/allocations")
    assert [run["run_id"] for run in listed.json] == [second.json["run_id"], first.json["run_id"]]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 2


def test_an_exhibitor_lists_the_staff_of_its_own_application_only(api, session, make_fair, make_enterprise,
                                                                  make_application, make_user):
    """The application's staff, by name; another exhibitor gets a 404."""
    owner = make_user(role="exhibitor")
    application = make_application(fair=make_fair(status="open"), enterprise=make_enterprise(owner=owner))
    for name in ("Trần Bình", "Lê An"):
        session.add(Visitor(fair_id=application.fair_id, full_name=name, country="VN", visitor_type="exhibitor_staff",
                            source="staff", application_id=application.id, created_at=utcnow()))
    session.commit()
    mine = api()
    mine.headers = {"Authorization": f"Bearer {_token(session, owner)}"}
    assert [v["full_name"] for v in mine.get(f"/api/v1/applications/{application.id}/staff").json] == [
        "Lê An", "Trần Bình"]
    assert api("exhibitor").get(f"/api/v1/applications/{application.id}/staff").status_code == 404


def _token(session, user) -> str:
    token = issue_api_token(session, user, "test", now=utcnow())
    session.commit()
    return token


@pytest.fixture
def spec(client):
    """The served OpenAPI document."""
    return client.get("/api/v1/openapi.json").get_json()


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                yield method.upper(), path, operation


def test_every_operation_has_an_id_a_summary_roles_problems_and_examples(spec):
    """operationId unique, a summary, x-roles, 401 and 403 as problem+json, 404 where a path names an object, an
    example for its JSON body and its JSON success response, and a required body where there is one."""
    ids = []
    for method, path, operation in _operations(spec):
        where = f"{method} {path}"
        ids.append(operation["operationId"])
        assert operation["summary"] and "\n" not in operation["summary"], where
        assert operation["x-roles"] and "Roles:" in operation["description"], where
        for status in ("401", "403") + (("404",) if "{" in path else ()):
            assert "application/problem+json" in operation["responses"][status]["content"], (where, status)
        body = operation.get("requestBody")
        if body:
            assert body["required"] is True, where
            for media_type, media in body["content"].items():
                assert "json" not in media_type or "example" in media, where
            if "application/json" in body["content"]:
                assert "415" in operation["responses"], where
        success = next(response for status, response in operation["responses"].items() if status.startswith("2"))
        for media_type, media in success.get("content", {}).items():
            assert "schema" in media, (where, media_type)
            assert "json" not in media_type or "example" in media, (where, media_type)
    assert len(ids) == len(set(ids)) > 45


def test_file_responses_and_idempotent_creates_are_declared(spec):
    """The floor plan is SVG, the badge a PDF; a create that takes an Idempotency-Key says so and declares 409."""
    paths = spec["paths"]
    assert "image/svg+xml" in paths["/api/v1/fairs/{fair_id}/floorplan.svg"]["get"]["responses"]["200"]["content"]
    assert "application/pdf" in paths["/api/v1/visitors/{visitor_id}/badge.pdf"]["get"]["responses"]["200"]["content"]
    create = paths["/api/v1/fairs/{fair_id}/contracts"]["post"]
    assert "Idempotency-Key" in {parameter["name"] for parameter in create["parameters"]}
    assert "409" in create["responses"]
    listing = paths["/api/v1/fairs/{fair_id}/contracts"]["get"]
    assert {"page", "page_size", "seller_id", "buyer_country", "signed_from"} <= {
        parameter["name"] for parameter in listing["parameters"]}
    assert listing["responses"]["200"]["headers"]["X-Pagination"]["schema"]["type"] == "string"
