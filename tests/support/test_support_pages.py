"""Support pages: organizers record programmes and grants with errors by field; officers only read."""

import sqlalchemy as sa

from support.models import SupportGrant, SupportProgramme
from tests.support.conftest import TAX_CODES


def test_an_organizer_records_a_programme_and_sees_errors_by_field(client, login_as, session):
    """A bad budget is shown next to its field (422); a good form redirects to the programme."""
    login_as("organizer")
    form = {"name": "Khuyến công Hà Nội", "level": "provincial", "province": "Hà Nội", "year": "2026",
            "decision_ref": "1034/QĐ-UBND", "decision_date": "2026-03-06", "budget_vnd": "-5",
            "allowed_contents": ["booth_fee", "travel"]}
    response = client.post("/support/programmes/new", data=form)
    assert response.status_code == 422
    assert 'id="budget_vnd-error"' in response.get_data(as_text=True)
    response = client.post("/support/programmes/new", data={**form, "budget_vnd": "800.000.000"})
    assert response.status_code == 302
    programme = session.scalar(sa.select(SupportProgramme))
    assert int(programme.budget_vnd) == 800_000_000 and programme.allowed_contents == ["booth_fee", "travel"]


def test_a_grant_is_recorded_by_tax_code_and_moves_forward(client, login_as, session, make_programme,
                                                            make_enterprise):
    """Unknown tax code: an error on that field; then recorded as planned, approved with one click."""
    programme = make_programme()
    make_enterprise(tax_code=TAX_CODES[0])
    session.commit()
    login_as("organizer")
    url = f"/support/programmes/{programme.id}/grants"
    form = {"enterprise_tax_code": TAX_CODES[1], "content": "booth_fee", "amount_vnd": "12000000",
            "status": "planned"}
    response = client.post(url, data=form)
    assert response.status_code == 422 and 'id="enterprise_tax_code-error"' in response.get_data(as_text=True)
    assert client.post(url, data={**form, "enterprise_tax_code": TAX_CODES[0]}).status_code == 302
    grant = session.scalar(sa.select(SupportGrant))
    assert client.post(f"/support/grants/{grant.id}/status", data={"status": "approved"}).status_code == 302
    session.refresh(grant)
    assert grant.status == "approved"
    page = client.get(f"/support/programmes/{programme.id}").get_data(as_text=True)
    assert "12.000.000" in page and 'data-testid="cancel-grant"' in page
    # Cancelled with the grant's own button: it stays listed, commits nothing, offers no more buttons.
    assert client.post(f"/support/grants/{grant.id}/status", data={"status": "cancelled"}).status_code == 302
    session.refresh(grant)
    assert grant.status == "cancelled"
    page = client.get(f"/support/programmes/{programme.id}").get_data(as_text=True)
    assert 'data-testid="cancel-grant"' not in page
    figures = page.split('data-testid="programme-figures"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "12.000.000" not in figures


def test_an_officer_reads_but_cannot_record(client, login_as, session, make_programme):
    """The officer opens the programme (no form) and gets 403 posting a grant."""
    programme = make_programme()
    session.commit()
    login_as("officer")
    page = client.get(f"/support/programmes/{programme.id}")
    assert page.status_code == 200 and "enterprise_tax_code" not in page.get_data(as_text=True)
    assert client.post(f"/support/programmes/{programme.id}/grants", data={}).status_code == 403
