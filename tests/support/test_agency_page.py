"""The agency page: an organizer without an agency creates it, a member edits it, an officer without one is told."""

import sqlalchemy as sa

from core.db import utcnow
from support.agencies import create_agency
from support.models import Agency, AgencyMember

FIELDS = {"governing_body": "SỞ CÔNG THƯƠNG THÀNH PHỐ HẢI PHÒNG", "name": "TRUNG TÂM KHUYẾN CÔNG HẢI PHÒNG",
          "abbreviation": "TTKC", "seat": "Hải Phòng", "signer_authority": "KT. GIÁM ĐỐC",
          "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "Lê Văn Hưng",
          "recipients": "Sở Công Thương (để b/c)\nLưu: VT, KC."}


def test_an_organizer_creates_then_edits_their_agency(client, login_as, session):
    """Saved once: the organizer belongs to it; saved again: the same agency changes (one recipient a line)."""
    organizer = login_as("organizer")
    assert client.post("/support/agency", data=FIELDS).status_code == 302
    agency = session.scalar(sa.select(Agency))
    assert session.get(AgencyMember, organizer.id).agency_id == agency.id
    assert agency.recipients == ["Sở Công Thương (để b/c)", "Lưu: VT, KC."]
    response = client.post("/support/agency", data={**FIELDS, "seat": ""})
    assert response.status_code == 422 and "field--error" in response.get_data(as_text=True)
    assert client.post("/support/agency", data={**FIELDS, "signer_name": "Phạm Thị Lan"}).status_code == 302
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(Agency.id))) == 1
    assert session.get(Agency, agency.id).signer_name == "Phạm Thị Lan"
    assert "Phạm Thị Lan" in client.get("/support/agency").get_data(as_text=True)


def test_an_officer_without_an_agency_cannot_create_one_and_an_exhibitor_is_refused(client, login_as, session):
    """Officers edit the agency they belong to; with none they are told to ask; exhibitors never see the page."""
    login_as("officer")
    page = client.get("/support/agency")
    assert page.status_code == 200 and "form" not in page.get_data(as_text=True).split("<main")[-1].split("</main>")[0]
    assert client.post("/support/agency", data=FIELDS).status_code == 200
    assert session.scalar(sa.select(sa.func.count(Agency.id))) == 0
    client.post("/logout")
    login_as("exhibitor")
    assert client.get("/support/agency").status_code in (302, 403)


def test_the_cli_puts_a_user_in_an_agency(app, session, make_user):
    """`flask support agency-member EMAIL --agency-id N`; an exhibitor is refused with a clear message."""
    officer, exhibitor = make_user(role="officer"), make_user(role="exhibitor")
    agency = create_agency(session, {**FIELDS, "recipients": []}, actor=None, now=utcnow())
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["support", "agency-member", officer.email, "--agency-id", str(agency.id)])
    assert result.exit_code == 0, result.output
    assert session.get(AgencyMember, officer.id).agency_id == agency.id
    refused = runner.invoke(args=["support", "agency-member", exhibitor.email, "--agency-id", str(agency.id)])
    assert refused.exit_code != 0 and session.get(AgencyMember, exhibitor.id) is None
