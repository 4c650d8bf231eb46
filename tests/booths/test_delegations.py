"""Delegation imports: enterprises and applications from one table, all or nothing, errors by row."""

import io

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothApplication
from enterprises.models import Enterprise

HEADER = "name,kind,tax_code,country,province,sector,booths_requested,is_rural_industry,support_requested\n"


@pytest.fixture
def organizer_client(client, login_as):
    """A logged-in organizer reading English pages."""
    client.set_cookie("lang", "en")
    login_as("organizer")
    return client


def _post(client, fair, text: str):
    return client.post(f"/fairs/{fair.id}/applications/import",
                       data={"file": (io.BytesIO(text.encode("utf-8")), "delegation.csv")},
                       content_type="multipart/form-data")


def test_a_clean_file_registers_every_enterprise_and_application(organizer_client, session, make_fair):
    """Three rows give three enterprises (former province names mapped) and three submitted applications."""
    fair = make_fair(status="open")
    session.commit()
    text = HEADER + (
        "HTX Gốm Chu Đậu,cooperative,0100109106,VN,Hải Dương,handicraft,2,yes,yes\n"
        "Cơ sở Mây tre Phú Vinh,rural_establishment,,VN,Hà Nội,handicraft,1,x,\n"
        "Kyoto Washi Studio,enterprise,,JP,,handicraft,1,,\n")
    assert _post(organizer_client, fair, text).status_code == 302
    enterprises = {e.legal_name: e for e in session.scalars(sa.select(Enterprise))}
    assert enterprises["HTX Gốm Chu Đậu"].province == "Hải Phòng"
    assert enterprises["Cơ sở Mây tre Phú Vinh"].is_rural_industry is True
    applications = list(session.scalars(sa.select(BoothApplication)))
    assert sorted(a.booths_requested for a in applications) == [1, 1, 2]
    assert {a.status for a in applications} == {"submitted"}


def test_one_bad_row_refuses_the_whole_file_naming_rows_and_columns(organizer_client, session, make_fair):
    """A bad tax code on row 2 and a missing province on row 3: nothing is created, both are listed."""
    fair = make_fair(status="open")
    session.commit()
    text = HEADER + (
        "HTX Gốm Chu Đậu,cooperative,0100109106,VN,Hải Dương,handicraft,2,,\n"
        "Bad Tax Co,enterprise,0100109107,VN,Hà Nội,handicraft,1,,\n"
        "No Province Co,enterprise,,VN,,handicraft,1,,\n")
    response = _post(organizer_client, fair, text)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<td>2</td><td><code>tax_code</code></td>" in html.replace("\n", "").replace("  ", "")
    assert "<td>3</td><td><code>province</code></td>" in html.replace("\n", "").replace("  ", "")
    assert session.scalar(sa.select(sa.func.count()).select_from(Enterprise)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 0


def test_an_enterprise_on_file_is_reused_by_tax_code(organizer_client, session, make_fair, make_enterprise):
    """A known tax code adds an application to the existing enterprise instead of a duplicate."""
    fair = make_fair(status="open")
    existing = make_enterprise(tax_code="0100109106")
    session.commit()
    text = HEADER + "Another spelling,cooperative,0100109106,VN,Hà Nội,handicraft,3,,\n"
    assert _post(organizer_client, fair, text).status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(Enterprise)) == 1
    assert session.scalar(sa.select(BoothApplication.enterprise_id)) == existing.id


def test_the_same_tax_code_twice_in_a_file_is_refused(organizer_client, session, make_fair):
    """Two rows for one tax code point at the first one."""
    fair = make_fair(status="open")
    session.commit()
    text = HEADER + ("A,enterprise,0100109106,VN,Hà Nội,handicraft,1,,\n"
                     "B,enterprise,0100109106,VN,Hà Nội,handicraft,1,,\n")
    response = _post(organizer_client, fair, text)
    assert response.status_code == 422
    assert "also on row 1" in response.get_data(as_text=True)


def test_too_many_booths_is_a_row_problem(organizer_client, session, make_fair):
    """booths_requested above the fair's maximum is refused on its row."""
    fair = make_fair(status="open", max_booths_per_application=2)
    session.commit()
    response = _post(organizer_client, fair, HEADER + "A,enterprise,,VN,Hà Nội,handicraft,5,,\n")
    assert response.status_code == 422
    assert "booths_requested" in response.get_data(as_text=True)


def test_exhibitors_cannot_import_delegations(client, login_as, session, make_fair):
    """The page is the organizer's."""
    fair = make_fair(status="open")
    session.commit()
    login_as("exhibitor")
    assert _post(client, fair, HEADER).status_code == 403
