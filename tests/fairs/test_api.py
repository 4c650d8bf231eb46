"""The fair JSON API: bearer tokens, problem documents and the lifecycle over HTTP."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.audit import AuditEvent
from fairs.models import Fair
from tests.conftest import table_count
from tests.fairs.conftest import START, as_text, fair_fields

FAIRS = "/api/v1/fairs"


def _body(**over) -> dict:
    return as_text(fair_fields(**over))


def _error_fields(response) -> list[str]:
    return [item["field"] for item in response.get_json()["errors"]]


def _status_of(session, fair_id):
    session.expire_all()
    return session.get(Fair, fair_id).status


# --- create --------------------------------------------------------------------------------


def test_an_organizer_creates_a_fair(api):
    """POST /api/v1/fairs answers 201 with the stored fair as a draft."""
    response = api("organizer").post(FAIRS, _body())
    body = response.get_json()
    assert response.status_code == 201
    assert (body["code"], body["status"], body["starts_on"]) == ("HN-GIFT-2026", "draft", START.isoformat())


def test_the_created_fair_is_stored(api, session):
    """The 201 body's id is a fair in the database."""
    body = api("organizer").post(FAIRS, _body()).get_json()
    assert session.get(Fair, body["id"]).code == "HN-GIFT-2026"


def test_a_former_province_is_answered_as_todays_unit(api):
    """Sent a former name, the API stores and answers today's unit."""
    body = api("organizer").post(FAIRS, _body(province="Tỉnh Bình Dương")).get_json()
    assert body["province"] == "Hồ Chí Minh"


def test_the_code_is_answered_upper_case(api):
    """A lower-case code comes back upper-case."""
    assert api("organizer").post(FAIRS, _body(code="dn-craft-26")).get_json()["code"] == "DN-CRAFT-26"


@pytest.mark.parametrize(("over", "field"), [
    ({"ends_on": START - timedelta(days=1)}, "ends_on"),
    ({"application_deadline": START + timedelta(days=1)}, "application_deadline"),
    ({"province": "Atlantis"}, "province"),
    ({"code": "A B"}, "code"),
    ({"name_vi": "  "}, "name_vi"),
])
def test_a_broken_rule_is_a_422_naming_the_field(api, over, field):
    """A domain rule broken by the body answers 422 naming exactly that field."""
    response = api("organizer").post(FAIRS, _body(**over))
    assert response.status_code == 422 and _error_fields(response) == [field]


def test_a_422_is_a_problem_document(api):
    """Validation errors answer application/problem+json with type, title and status."""
    response = api("organizer").post(FAIRS, _body(ends_on=START - timedelta(days=1)))
    body = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert body["status"] == 422 and body["type"] and body["title"]


def test_a_refused_body_stores_nothing(api, session):
    """Nothing is created when the body is refused."""
    api("organizer").post(FAIRS, _body(ends_on=START - timedelta(days=1)))
    assert table_count(session, Fair) == 0


@pytest.mark.parametrize("missing", ["code", "name_vi", "name_en", "venue", "province",
                                     "starts_on", "ends_on"])
def test_a_missing_required_field_is_named(api, missing):
    """Leaving out a required field answers 422 naming it."""
    body = _body()
    del body[missing]
    response = api("organizer").post(FAIRS, body)
    assert response.status_code == 422 and missing in _error_fields(response)


def test_the_deadline_may_be_left_out(api):
    """application_deadline is optional and comes back as null."""
    body = _body()
    del body["application_deadline"]
    response = api("organizer").post(FAIRS, body)
    assert response.status_code == 201 and response.get_json()["application_deadline"] is None


def test_an_unparseable_date_is_named(api):
    """A date that is not YYYY-MM-DD answers 422 naming the field."""
    response = api("organizer").post(FAIRS, _body(starts_on="next Monday"))
    assert response.status_code == 422 and _error_fields(response) == ["starts_on"]


def test_an_unknown_field_is_refused(api):
    """A field the schema does not know answers 422 naming it."""
    response = api("organizer").post(FAIRS, {**_body(), "colour": "red"})
    assert response.status_code == 422 and _error_fields(response) == ["colour"]


def test_a_fair_cannot_be_created_with_a_status(api, session):
    """Status is not accepted on create: every fair starts as a draft."""
    response = api("organizer").post(FAIRS, {**_body(), "status": "open"})
    assert response.status_code == 422 and table_count(session, Fair) == 0


def test_a_duplicate_code_is_a_409(api, make_fair):
    """A code already taken answers 409 naming code."""
    make_fair(code="HN-GIFT-2026")
    response = api("organizer").post(FAIRS, _body())
    assert response.status_code == 409 and _error_fields(response) == ["code"]


# --- authentication and roles --------------------------------------------------------------


def test_no_token_is_a_401_problem(api):
    """Without a bearer token the API answers a 401 problem document."""
    response = api().get(FAIRS)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_a_401_invites_a_bearer_token(api):
    """The 401 names the Bearer scheme in WWW-Authenticate."""
    assert api().post(FAIRS, _body()).headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_a_401(client):
    """A token that was never issued is refused."""
    response = client.get(FAIRS, headers={"Authorization": "Bearer tf_not-a-real-token"})
    assert response.status_code == 401


def test_a_session_cookie_does_not_open_the_api(client, login_as):
    """A logged-in browser without a token still gets 401 from the API."""
    login_as("organizer")
    assert client.get(FAIRS).status_code == 401


def test_an_exhibitor_may_not_create_a_fair(api, session):
    """An exhibitor's token POSTing a fair gets 403 and nothing is stored."""
    response = api("exhibitor").post(FAIRS, _body())
    assert response.status_code == 403 and table_count(session, Fair) == 0


def test_an_exhibitor_may_not_patch_a_fair(api, make_fair, session):
    """An exhibitor's token PATCHing a fair gets 403."""
    fair = make_fair(status="open")
    session.commit()
    assert api("exhibitor").patch(f"{FAIRS}/{fair.id}", {"status": "allocating"}).status_code == 403


# --- reading -------------------------------------------------------------------------------


def test_an_organizer_lists_drafts(api, make_fair, session):
    """GET /api/v1/fairs includes drafts for an organizer."""
    make_fair(code="DRAFT-API", status="draft")
    make_fair(code="OPEN-API", status="open")
    session.commit()
    codes = {fair["code"] for fair in api("organizer").get(FAIRS).get_json()}
    assert codes == {"DRAFT-API", "OPEN-API"}


def test_an_exhibitor_does_not_list_drafts(api, make_fair, session):
    """GET /api/v1/fairs hides drafts from an exhibitor."""
    make_fair(code="DRAFT-API", status="draft")
    make_fair(code="OPEN-API", status="open")
    session.commit()
    codes = [fair["code"] for fair in api("exhibitor").get(FAIRS).get_json()]
    assert codes == ["OPEN-API"]


def test_an_exhibitor_reads_an_open_fair(api, make_fair, session):
    """GET one open fair answers 200 with its fields."""
    fair = make_fair(code="OPEN-ONE", status="open")
    session.commit()
    response = api("exhibitor").get(f"{FAIRS}/{fair.id}")
    assert response.status_code == 200 and response.get_json()["code"] == "OPEN-ONE"


def test_a_draft_is_a_404_problem_for_an_exhibitor(api, make_fair, session):
    """GET one draft as an exhibitor answers a 404 problem document."""
    fair = make_fair(status="draft")
    session.commit()
    response = api("exhibitor").get(f"{FAIRS}/{fair.id}")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_an_organizer_reads_a_draft(api, make_fair, session):
    """GET one draft as an organizer answers 200."""
    fair = make_fair(status="draft")
    session.commit()
    assert api("organizer").get(f"{FAIRS}/{fair.id}").status_code == 200


def test_an_unknown_fair_is_a_404(api):
    """GET a fair id that does not exist answers 404."""
    assert api("organizer").get(f"{FAIRS}/999999").status_code == 404


# --- changing ------------------------------------------------------------------------------


def test_patch_changes_fields(api, make_fair, session):
    """PATCH changes the fields sent and answers the stored fair."""
    fair = make_fair(venue="Old venue")
    session.commit()
    response = api("organizer").patch(f"{FAIRS}/{fair.id}", {"venue": "New venue", "province": "Hải Dương"})
    body = response.get_json()
    assert response.status_code == 200 and (body["venue"], body["province"]) == ("New venue", "Hải Phòng")


def test_patch_moves_the_status_forward(api, make_fair, session):
    """PATCH status draft → open answers 200 and stores the new status."""
    fair = make_fair(status="draft")
    session.commit()
    response = api("organizer").patch(f"{FAIRS}/{fair.id}", {"status": "open"})
    assert response.status_code == 200 and _status_of(session, fair.id) == "open"


def test_patch_refuses_a_backward_status_with_409(api, make_fair, session):
    """PATCH status open → draft answers 409 naming status; the fair stays open."""
    fair = make_fair(status="open")
    session.commit()
    response = api("organizer").patch(f"{FAIRS}/{fair.id}", {"status": "draft"})
    assert response.status_code == 409 and _error_fields(response) == ["status"]
    assert _status_of(session, fair.id) == "open"


def test_patch_refuses_an_unknown_status_with_422(api, make_fair, session):
    """A status outside the lifecycle is refused by the schema, naming status."""
    fair = make_fair()
    session.commit()
    response = api("organizer").patch(f"{FAIRS}/{fair.id}", {"status": "cancelled"})
    assert response.status_code == 422 and _error_fields(response) == ["status"]


def test_patch_checks_dates_against_the_stored_ones(api, make_fair, session):
    """Moving only the last day before the stored first day answers 422 on ends_on."""
    fair = make_fair(starts_on=START)
    session.commit()
    day_before = (START - timedelta(days=1)).isoformat()
    response = api("organizer").patch(f"{FAIRS}/{fair.id}", {"ends_on": day_before})
    assert response.status_code == 422 and _error_fields(response) == ["ends_on"]


def test_patch_to_a_taken_code_is_a_409(api, make_fair, session):
    """PATCHing a fair to another fair's code answers 409 naming code."""
    make_fair(code="TAKEN")
    fair = make_fair()
    session.commit()
    response = api("organizer").patch(f"{FAIRS}/{fair.id}", {"code": "taken"})
    assert response.status_code == 409 and _error_fields(response) == ["code"]


def test_patch_of_an_unknown_fair_is_a_404(api):
    """PATCH a fair id that does not exist answers 404."""
    assert api("organizer").patch(f"{FAIRS}/999999", {"venue": "x"}).status_code == 404


def test_a_created_fair_is_audited_with_its_api_user(api, session):
    """A fair created through the API is audited under the token's user."""
    body = api("organizer").post(FAIRS, _body()).get_json()
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "fair.create"))
    assert event.target_id == body["id"] and event.actor_id is not None


# --- OpenAPI -------------------------------------------------------------------------------


def test_the_openapi_document_is_version_3(client):
    """/api/v1/openapi.json is an OpenAPI 3.x document."""
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")


def test_the_openapi_document_describes_the_fair_paths(client):
    """Both fair paths and their methods are documented."""
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/fairs"])
    assert {"get", "patch"} <= set(paths["/api/v1/fairs/{fair_id}"])


def test_the_openapi_document_describes_the_fair_body(client):
    """The create body's schema lists its required fields."""
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    fair_in = next(schema for name, schema in schemas.items() if name.startswith("FairIn"))
    assert {"code", "province", "starts_on", "ends_on"} <= set(fair_in["required"])
