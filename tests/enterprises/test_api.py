"""The enterprise JSON API: registration rules as problem documents, ownership and who may read what."""

import pytest

from enterprises.models import Enterprise, EnterpriseMember
from tests.conftest import table_count
from tests.enterprises.helpers import BRANCH_TAX_CODE, VALID_TAX_CODE, error_fields

ENTERPRISES = "/api/v1/enterprises"


def _body(**over) -> dict:
    values = {"name": "Hợp tác xã Gốm Bát Tràng", "name_en": "Bat Trang Pottery Cooperative", "kind": "cooperative",
              "tax_code": VALID_TAX_CODE, "country": "VN", "province": "Hà Nội", "sector": "handicraft",
              "is_rural_industry": True, "employees": 35}
    values.update(over)
    return values


# --- create --------------------------------------------------------------------------------------------------------


def test_an_exhibitor_registers_its_enterprise(api):
    """POST /api/v1/enterprises answers 201 with the stored record."""
    response = api("exhibitor").post(ENTERPRISES, _body())
    body = response.get_json()
    assert response.status_code == 201
    assert (body["name"], body["name_en"], body["kind"], body["tax_code"], body["country"], body["province"],
            body["sector"], body["is_rural_industry"], body["employees"]) == (
        "Hợp tác xã Gốm Bát Tràng", "Bat Trang Pottery Cooperative", "cooperative", VALID_TAX_CODE, "VN", "Hà Nội",
        "handicraft", True, 35)


def test_the_created_enterprise_is_stored(api, session):
    """The 201 body's id is an enterprise in the database with the same tax code."""
    body = api("exhibitor").post(ENTERPRISES, _body()).get_json()
    assert session.get(Enterprise, body["id"]).tax_code == VALID_TAX_CODE


def test_a_former_province_is_stored_as_todays_unit(api, session):
    """Sent "Hải Dương", the API stores and answers "Hải Phòng", the unit it merged into."""
    body = api("exhibitor").post(ENTERPRISES, _body(province="Hải Dương")).get_json()
    assert body["province"] == "Hải Phòng"
    assert session.get(Enterprise, body["id"]).province == "Hải Phòng"


def test_a_branch_tax_code_is_stored_formatted(api):
    """A 13-digit branch code sent without its dash is stored as 10-3 digits."""
    body = api("exhibitor").post(ENTERPRISES, _body(tax_code="0100109106001")).get_json()
    assert body["tax_code"] == BRANCH_TAX_CODE


def test_the_tax_code_is_optional(api):
    """Two enterprises without a tax code are both registered (absence is not a duplicate)."""
    first = api("exhibitor").post(ENTERPRISES, _body(tax_code=None))
    second = api("exhibitor").post(ENTERPRISES, _body(tax_code="  "))
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.get_json()["tax_code"], second.get_json()["tax_code"]) == (None, None)


def test_a_foreign_enterprise_needs_no_province(api):
    """A Japanese enterprise with a foreign registration and no province is registered, country upper-cased."""
    response = api("exhibitor").post(ENTERPRISES, _body(tax_code=None, country="jp", province=None,
                                                         foreign_registration="JP-1234-5678", kind="enterprise"))
    body = response.get_json()
    assert response.status_code == 201
    assert (body["country"], body["province"], body["foreign_registration"]) == ("JP", None, "JP-1234-5678")


def test_a_foreign_enterprise_keeps_no_vietnamese_province(api):
    """A province sent for a foreign enterprise is not stored (provinces are Vietnamese units)."""
    body = api("exhibitor").post(ENTERPRISES, _body(tax_code=None, country="TH", province="Hà Nội")).get_json()
    assert body["province"] is None


def test_zero_employees_is_accepted(api):
    """Employees may be 0 (a household business run by its owner)."""
    response = api("exhibitor").post(ENTERPRISES, _body(employees=0, kind="household_business"))
    assert response.status_code == 201 and response.get_json()["employees"] == 0


@pytest.mark.parametrize(("over", "field"), [
    ({"tax_code": "0100109107"}, "tax_code"),
    ({"tax_code": "12345"}, "tax_code"),
    ({"province": None}, "province"),
    ({"province": ""}, "province"),
    ({"country": "XX"}, "country"),
    ({"province": "Atlantis"}, "province"),
    ({"kind": "corporation"}, "kind"),
    ({"sector": "mining"}, "sector"),
    ({"employees": -1}, "employees"),
    ({"name": "   "}, "name"),  # the request's own field name, not the column's
])
def test_a_broken_rule_is_a_422_naming_the_field(api, over, field):
    """A refused value answers 422 naming exactly that field."""
    response = api("exhibitor").post(ENTERPRISES, _body(**over))
    assert response.status_code == 422
    assert error_fields(response) == [field]


def test_a_422_is_a_problem_document(api):
    """A refused tax code answers application/problem+json with type, title, status and the field (in English)."""
    caller = api("exhibitor")
    caller.headers["Accept-Language"] = "en"
    response = caller.post(ENTERPRISES, _body(tax_code="0100109107"))
    body = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert body["status"] == 422 and body["type"] and body["title"]
    assert body["errors"][0]["field"] == "tax_code" and "tax code" in body["errors"][0]["message"]


def test_a_missing_required_field_is_a_422(api):
    """A body without the name answers 422 naming `name` (the schema's key)."""
    body = _body()
    del body["name"]
    response = api("exhibitor").post(ENTERPRISES, body)
    assert response.status_code == 422 and error_fields(response) == ["name"]


def test_a_refused_body_stores_nothing(api, session):
    """Neither an enterprise nor a membership is created for a refused body."""
    api("exhibitor").post(ENTERPRISES, _body(province=None))
    assert (table_count(session, Enterprise), table_count(session, EnterpriseMember)) == (0, 0)


def test_a_duplicate_tax_code_is_a_409_naming_tax_code(api, session):
    """A tax code already registered (written another way) answers 409 naming tax_code, and nothing is added."""
    assert api("organizer").post(ENTERPRISES, _body()).status_code == 201
    response = api("exhibitor").post(ENTERPRISES, _body(name="Another", tax_code="0100 109 106"))
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert error_fields(response) == ["tax_code"]
    assert table_count(session, Enterprise) == 1


def test_an_exhibitor_becomes_the_owner_of_what_it_registers(api, session):
    """The exhibitor whose token registered the enterprise is its owner."""
    caller = api("exhibitor")
    body = caller.post(ENTERPRISES, _body()).get_json()
    member = session.get(EnterpriseMember, caller.user.id)
    assert (member.enterprise_id, member.role) == (body["id"], "owner")


def test_an_exhibitor_registers_only_one_enterprise(api, session):
    """A second enterprise for the same exhibitor answers 409 and is not stored."""
    caller = api("exhibitor")
    assert caller.post(ENTERPRISES, _body()).status_code == 201
    response = caller.post(ENTERPRISES, _body(name="Second", tax_code=None))
    assert response.status_code == 409
    assert table_count(session, Enterprise) == 1


def test_an_organizer_registers_a_delegation(api, session):
    """An organizer registers several enterprises and owns none of them."""
    caller = api("organizer")
    first = caller.post(ENTERPRISES, _body(tax_code=None))
    second = caller.post(ENTERPRISES, _body(name="Làng nghề Vạn Phúc", tax_code=None, province="Hà Nội"))
    assert (first.status_code, second.status_code) == (201, 201)
    assert table_count(session, Enterprise) == 2
    assert table_count(session, EnterpriseMember) == 0


def test_registering_needs_a_token(api):
    """Without a bearer token the API answers 401."""
    assert api().post(ENTERPRISES, _body()).status_code == 401


@pytest.mark.parametrize("role", ["officer", "staff"])
def test_other_roles_may_not_register(api, role, session):
    """Officers and staff get 403 and nothing is stored."""
    assert api(role).post(ENTERPRISES, _body()).status_code == 403
    assert table_count(session, Enterprise) == 0


# --- read ----------------------------------------------------------------------------------------------------------


def test_an_exhibitor_reads_its_own_enterprise(api):
    """GET /api/v1/enterprises/{id} answers the exhibitor's own enterprise."""
    caller = api("exhibitor")
    created = caller.post(ENTERPRISES, _body()).get_json()
    response = caller.get(f"{ENTERPRISES}/{created['id']}")
    assert response.status_code == 200 and response.get_json()["tax_code"] == VALID_TAX_CODE


@pytest.mark.parametrize("role", ["organizer", "officer", "admin"])
def test_organizers_and_officers_read_any_enterprise(api, make_enterprise, make_user, session, role):
    """Organizers, officers and admins read an enterprise they have nothing to do with."""
    enterprise = make_enterprise(owner=make_user(role="exhibitor"))
    session.commit()
    response = api(role).get(f"{ENTERPRISES}/{enterprise.id}")
    assert response.status_code == 200 and response.get_json()["name"] == enterprise.legal_name


def test_another_exhibitors_enterprise_is_a_404(api, make_enterprise, make_user, session):
    """An exhibitor asking for someone else's enterprise is told it does not exist."""
    other = make_enterprise(owner=make_user(role="exhibitor"))
    session.commit()
    response = api("exhibitor").get(f"{ENTERPRISES}/{other.id}")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert other.legal_name not in response.get_data(as_text=True)


def test_a_staff_user_cannot_read_an_enterprise(api, make_enterprise, session):
    """Staff (gate scanners) are neither members nor readers of enterprises: 404."""
    enterprise = make_enterprise()
    session.commit()
    assert api("staff").get(f"{ENTERPRISES}/{enterprise.id}").status_code == 404


def test_an_unknown_enterprise_is_a_404(api):
    """An id that does not exist answers 404 even to an organizer."""
    assert api("organizer").get(f"{ENTERPRISES}/999999").status_code == 404


def test_reading_needs_a_token(api, make_enterprise, session):
    """Without a bearer token the API answers 401."""
    enterprise = make_enterprise()
    session.commit()
    assert api().get(f"{ENTERPRISES}/{enterprise.id}").status_code == 401


def test_the_enterprise_endpoints_are_in_the_openapi_document(client):
    """POST /enterprises and GET /enterprises/{id} are described by /api/v1/openapi.json."""
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/enterprises"]
    assert "get" in paths["/api/v1/enterprises/{enterprise_id}"]
