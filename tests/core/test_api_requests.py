"""Requests that mean one thing: JSON bodies sent as JSON (415), 405 with Allow, Idempotency-Key on creates,
If-Match on changes, names unique case aside, and problem documents in one voice."""

import sqlalchemy as sa

from core.idempotency import IdempotencyKey
from enterprises.models import Enterprise
from tests.conftest import table_count

PROBLEM = "application/problem+json"
ENTERPRISE = {"name": "Hợp tác xã Gốm Bát Tràng", "kind": "cooperative", "country": "VN", "province": "Hà Nội",
              "sector": "handicraft"}


def _headers(api, role="organizer", **more):
    return {**api(role).headers, **more}


def test_a_json_body_sent_as_a_form_or_without_content_type_is_a_415(client, api):
    """Not a 422 for every field: the body is refused for its media type, in a problem document."""
    headers = _headers(api)
    form = client.post("/api/v1/enterprises", data={"name": "x"}, headers=headers)
    bare = client.post("/api/v1/enterprises", data=b'{"name": "x"}', headers=headers)
    text = client.post("/api/v1/enterprises", data=b'{"name": "x"}', content_type="text/plain", headers=headers)
    for response in (form, bare, text):
        assert response.status_code == 415 and response.mimetype == PROBLEM
        assert response.json["type"] == "/api/v1/problems/unsupported-media-type"
    assert client.post("/api/v1/enterprises", json=ENTERPRISE, headers=headers).status_code == 201


def test_a_405_says_which_methods_the_address_allows(client, api):
    """DELETE on the fair list is a 405 problem whose Allow header lists GET and POST."""
    response = client.delete("/api/v1/fairs", headers=_headers(api))
    assert response.status_code == 405 and response.mimetype == PROBLEM
    assert {"GET", "POST"} <= {method.strip() for method in response.headers["Allow"].split(",")}


def test_problem_documents_speak_one_language_and_name_the_request_s_fields(client, api):
    """Vietnamese by default, English when asked; `type` stable, `instance` the path; `name` (the request's
    field), never `legal_name` (the column)."""
    body = {**ENTERPRISE, "name": "   "}
    vietnamese = client.post("/api/v1/enterprises", json=body, headers=_headers(api))
    english = client.post("/api/v1/enterprises", json=body, headers=_headers(api, **{"Accept-Language": "en"}))
    assert vietnamese.status_code == english.status_code == 422
    assert vietnamese.json["type"] == english.json["type"] == "/api/v1/problems/validation-failed"
    assert vietnamese.json["instance"] == "/api/v1/enterprises"
    assert [error["field"] for error in vietnamese.json["errors"]] == ["name"]
    assert vietnamese.headers["Content-Language"] == "vi" and english.headers["Content-Language"] == "en"
    assert english.json["title"] == "Some fields are invalid" and vietnamese.json["title"] != english.json["title"]


def test_a_retried_create_with_the_same_idempotency_key_replays_the_first_answer(client, api, session):
    """Same key, same body: the first 201 again and one enterprise; same key, another body: 409."""
    headers = _headers(api, **{"Idempotency-Key": "b1a7c1e0-0001"})
    first = client.post("/api/v1/enterprises", json=ENTERPRISE, headers=headers)
    again = client.post("/api/v1/enterprises", json=ENTERPRISE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert table_count(session, Enterprise) == 1
    other = client.post("/api/v1/enterprises", json={**ENTERPRISE, "name": "HTX khác"}, headers=headers)
    assert other.status_code == 409 and other.json["type"] == "/api/v1/problems/idempotency-key-reused"
    assert table_count(session, Enterprise) == 1
    without = client.post("/api/v1/enterprises", json={**ENTERPRISE, "name": "HTX thứ hai"},
                          headers=_headers(api))
    assert without.status_code == 201 and table_count(session, Enterprise) == 2


def test_a_refused_create_frees_its_key_for_the_corrected_retry(client, api, session):
    """A 422 is not stored: the same key with the corrected body creates."""
    headers = _headers(api, **{"Idempotency-Key": "retry-after-fix"})
    refused = client.post("/api/v1/enterprises", json={**ENTERPRISE, "kind": "corporation"}, headers=headers)
    assert refused.status_code == 422
    assert session.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)) == 0
    assert client.post("/api/v1/enterprises", json=ENTERPRISE, headers=headers).status_code == 201


def test_keys_belong_to_their_caller(client, api, session):
    """Two callers may use the same key without seeing each other's answers."""
    key = {"Idempotency-Key": "shared"}
    mine = client.post("/api/v1/enterprises", json=ENTERPRISE, headers=_headers(api, "exhibitor", **key))
    theirs = client.post("/api/v1/enterprises", json={**ENTERPRISE, "name": "HTX khác"},
                         headers=_headers(api, "exhibitor", **key))
    assert mine.status_code == theirs.status_code == 201 and mine.json["id"] != theirs.json["id"]


def test_a_patch_with_a_stale_if_match_is_a_412(client, api, make_fair, session):
    """GET gives the fair's ETag; a PATCH naming it succeeds and gives the new one; the old one is then a 412."""
    fair = make_fair(status="draft")
    session.commit()
    headers = _headers(api)
    read = client.get(f"/api/v1/fairs/{fair.id}", headers=headers)
    etag = read.headers["ETag"]
    changed = client.patch(f"/api/v1/fairs/{fair.id}", json={"venue": "SECC"},
                           headers={**headers, "If-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    stale = client.patch(f"/api/v1/fairs/{fair.id}", json={"venue": "ICE"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    assert stale.json["type"] == "/api/v1/problems/precondition-failed"
    assert client.get(f"/api/v1/fairs/{fair.id}", headers=headers).json["venue"] == "SECC"
    assert client.patch(f"/api/v1/fairs/{fair.id}", json={"venue": "ICE"}, headers=headers).status_code == 200


def test_hall_and_zone_names_are_unique_case_aside(api, make_fair, session):
    """"Nhà A" and "NHÀ A" would be one hall to an import: the second is a 409 naming the field."""
    fair = make_fair(status="draft")
    session.commit()
    organizer = api("organizer")
    hall = {"name": "Nhà A", "width_m": 50, "depth_m": 40}
    assert organizer.post(f"/api/v1/fairs/{fair.id}/halls", hall).status_code == 201
    again = organizer.post(f"/api/v1/fairs/{fair.id}/halls", {**hall, "name": "NHÀ a"})
    assert again.status_code == 409 and again.json["errors"][0]["field"] == "name"
    zone = {"name_vi": "Khu quốc tế", "name_en": "International", "kind": "international"}
    assert organizer.post(f"/api/v1/fairs/{fair.id}/zones", zone).status_code == 201
    twin = organizer.post(f"/api/v1/fairs/{fair.id}/zones", {**zone, "name_vi": "Khu Quốc Tế B",
                                                            "name_en": "INTERNATIONAL"})
    assert twin.status_code == 409 and twin.json["errors"][0]["field"] == "name_en"
