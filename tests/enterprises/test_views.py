"""Enterprise pages: the exhibitor's own profile form and the organizer's list."""

import re

import pytest

from enterprises.models import Enterprise, EnterpriseMember
from enterprises.services import enterprise_of
from tests.conftest import table_count
from tests.enterprises.helpers import VALID_TAX_CODE, field_errors


def _form(**over) -> dict:
    values = {"legal_name": "Công ty Sơn mài Hạ Thái", "name_en": "Ha Thai Lacquer", "kind": "enterprise",
              "tax_code": "", "country": "VN", "province": "Hà Nội", "sector": "handicraft", "employees": "12"}
    values.update(over)
    return values


def test_an_exhibitor_without_enterprise_sees_an_empty_form(client, login_as):
    """GET /enterprise shows the profile form to fill."""
    login_as("exhibitor")
    response = client.get("/enterprise")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="legal_name"' in page and "Your enterprise" in page


def test_the_form_creates_the_exhibitors_enterprise(client, login_as, session):
    """POSTing the form registers the enterprise, with the exhibitor as owner and today's province."""
    user = login_as("exhibitor")
    response = client.post("/enterprise", data=_form(province="Hải Phòng", tax_code="0100109106001",
                                                     is_rural_industry="y"))
    assert response.status_code == 302
    enterprise = enterprise_of(session, user)
    assert (enterprise.legal_name, enterprise.tax_code, enterprise.province, enterprise.employees,
            enterprise.is_rural_industry) == ("Công ty Sơn mài Hạ Thái", "0100109106-001", "Hải Phòng", 12, True)
    assert session.get(EnterpriseMember, user.id).role == "owner"


def test_after_saving_the_exhibitor_goes_where_next_says(client, login_as):
    """A local ?next= (e.g. the portal) is followed after saving."""
    login_as("exhibitor")
    response = client.post("/enterprise?next=/portal", data=_form())
    assert response.status_code == 302 and response.headers["Location"] == "/portal"


def test_an_outside_next_is_ignored(client, login_as):
    """An absolute ?next= to another site is replaced by the profile page."""
    login_as("exhibitor")
    response = client.post("/enterprise?next=https://evil.example/", data=_form())
    assert response.headers["Location"] == "/enterprise"


def test_a_bad_tax_code_is_shown_next_to_its_field(client, login_as, session):
    """A wrong tax code answers 422 with the message under the tax code field, and nothing is saved."""
    login_as("exhibitor")
    response = client.post("/enterprise", data=_form(tax_code="0100109107"))
    assert response.status_code == 422
    assert any("10 digits, or 13 for a branch" in message
               for message in field_errors(response.get_data(as_text=True), "tax_code"))
    assert table_count(session, Enterprise) == 0


def test_a_vietnamese_enterprise_without_province_is_refused(client, login_as, session):
    """Country VN with no province answers 422 with an error on the province field."""
    login_as("exhibitor")
    response = client.post("/enterprise", data=_form(province=""))
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "province")
    assert table_count(session, Enterprise) == 0


def test_a_duplicate_tax_code_is_refused_on_the_form(client, login_as, make_enterprise, session):
    """A tax code registered by another enterprise answers 422 with the conflict under tax_code."""
    make_enterprise(tax_code=VALID_TAX_CODE)
    login_as("exhibitor")
    response = client.post("/enterprise", data=_form(tax_code=VALID_TAX_CODE))
    assert response.status_code == 422
    assert any("already registered" in message
               for message in field_errors(response.get_data(as_text=True), "tax_code"))
    assert table_count(session, Enterprise) == 1


def test_the_form_edits_the_existing_enterprise(client, login_as, make_enterprise, session):
    """With an enterprise already, the form shows it and POST updates it (no second enterprise)."""
    user = login_as("exhibitor")
    enterprise = make_enterprise(owner=user, legal_name="Tên cũ")
    session.commit()
    assert "Tên cũ" in client.get("/enterprise").get_data(as_text=True)
    response = client.post("/enterprise", data=_form(legal_name="Tên mới", province="Hồ Chí Minh"))
    assert response.status_code == 302
    session.expire_all()
    assert (enterprise.legal_name, enterprise.province) == ("Tên mới", "Hồ Chí Minh")
    assert table_count(session, Enterprise) == 1


@pytest.mark.parametrize("role", ["organizer", "officer"])
def test_the_profile_page_is_for_exhibitors(client, login_as, role):
    """Non-exhibitors get 403 on /enterprise."""
    login_as(role)
    assert client.get("/enterprise").status_code == 403


def test_the_profile_page_needs_a_login(client):
    """Anonymous visitors are sent to log in."""
    response = client.get("/enterprise")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["organizer", "officer"])
def test_organizers_and_officers_list_enterprises(client, login_as, make_enterprise, session, role):
    """GET /enterprises/ lists enterprises, filtered by province."""
    make_enterprise(legal_name="Gốm Hà Nội", name_en=None, province="Hà Nội")
    make_enterprise(legal_name="Nước mắm Hải Phòng", name_en=None, province="Hải Phòng")
    login_as(role)
    page = client.get("/enterprises/", query_string={"province": "Hải Phòng"}).get_data(as_text=True)
    names = re.findall(r'<tr data-enterprise="\d+">\s*<td[^>]*>([^<]+)</td>', page)
    assert names == ["Nước mắm Hải Phòng"]


def test_an_exhibitor_cannot_list_enterprises(client, login_as):
    """The enterprise list is not for exhibitors (403)."""
    login_as("exhibitor")
    assert client.get("/enterprises/").status_code == 403
