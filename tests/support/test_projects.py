"""Projects (đề án) and their outcomes: recorded through the API and the pages, imported all or nothing."""

import sqlalchemy as sa

from core.db import utcnow
from support.models import SupportGrant, SupportOutcome, SupportProject
from support.services import create_programme


def _programme(session):
    programme = create_programme(session, {
        "name": "Khuyến công Hà Nội", "level": "provincial", "province": "Hà Nội", "year": 2026,
        "decision_ref": "1034/QĐ-UBND", "decision_date": "2026-03-06", "budget_vnd": 500_000_000},
        actor=None, now=utcnow())
    session.commit()
    return programme


def test_a_project_and_its_outcomes_through_the_api(api, session, make_enterprise):
    """POST a project, then an outcome by tax code; more employed than trained is a 422 on that field."""
    programme = _programme(session)
    firm = make_enterprise(legal_name="HTX Gốm", province="Hà Nội", tax_code="0100109106")
    session.commit()
    organizer = api("organizer")
    created = organizer.post(f"/api/v1/support/programmes/{programme.id}/projects", {
        "code": "ĐA-01", "name": "Đào tạo nghề", "content": "training", "decision_ref": "12/QĐ-KC",
        "decision_date": "2026-04-01", "state_budget_vnd": 80_000_000, "counterpart_vnd": 20_000_000})
    assert created.status_code == 201, created.json
    project_id = created.json["id"]
    outcome = organizer.post(f"/api/v1/support/projects/{project_id}/outcomes", {
        "tax_code": "0100109106", "recorded_on": "2026-06-30", "trainees": 25, "employed_after": 20,
        "jobs_created": 5, "new_designs": 3})
    assert outcome.status_code == 201, outcome.json
    assert outcome.json["enterprise_id"] == firm.id and outcome.json["trainees"] == 25
    bad = organizer.post(f"/api/v1/support/projects/{project_id}/outcomes", {
        "enterprise_id": firm.id, "recorded_on": "2026-06-30", "trainees": 2, "employed_after": 3})
    assert bad.status_code == 422 and [e["field"] for e in bad.json["errors"]] == ["employed_after"]
    listed = api("officer").get(f"/api/v1/support/programmes/{programme.id}/projects")
    assert [p["code"] for p in listed.json] == ["ĐA-01"]
    assert api("officer").post(f"/api/v1/support/projects/{project_id}/outcomes", {
        "enterprise_id": firm.id, "recorded_on": "2026-06-30"}).status_code == 403


def test_an_outcomes_import_is_all_or_nothing_with_problems_by_row(api, session, make_enterprise):
    """Row 2 names an unknown tax code: nothing is recorded; fixed, both rows are."""
    programme = _programme(session)
    make_enterprise(legal_name="HTX Gốm", province="Hà Nội", tax_code="0100109106")
    session.commit()
    organizer = api("organizer")
    project_id = organizer.post(f"/api/v1/support/programmes/{programme.id}/projects", {
        "code": "ĐA-02", "name": "Thiết kế mẫu", "content": "product_design"}).json["id"]
    url = f"/api/v1/support/projects/{project_id}/outcomes/import"
    header = "tax_code,recorded_on,trainees,employed_after,new_designs\n"
    refused = organizer.post_csv(url, header + "0100109106,2026-05-01,10,8,2\n9999999999,2026-05-01,1,1,1\n")
    assert refused.status_code == 422 and [(e["row"], e["field"]) for e in refused.json["errors"]] == [
        (2, "tax_code")]
    assert session.scalar(sa.select(sa.func.count(SupportOutcome.id))) == 0
    done = organizer.post_csv(url, header + "0100109106,2026-05-01,10,8,2\n0100109106,2026-06-01,4,4,1\n")
    assert done.status_code == 201 and done.json == {"created": 2}


def test_grants_belong_to_a_project(api, session, make_enterprise):
    """A grant with no project goes to the programme's standing project for its content, made once."""
    programme = _programme(session)
    firm = make_enterprise(legal_name="HTX Gốm", province="Hà Nội")
    session.commit()
    organizer = api("organizer")
    for _ in range(2):
        response = organizer.post("/api/v1/support/grants", {
            "programme_id": programme.id, "enterprise_id": firm.id, "content": "travel", "amount_vnd": 1_000_000,
            "status": "approved"})
        assert response.status_code == 201, response.json
    projects = session.scalars(sa.select(SupportProject)).all()
    assert [(p.code, p.decision_ref) for p in projects] == [("travel", "1034/QĐ-UBND")]
    assert {grant.project_id for grant in session.scalars(sa.select(SupportGrant))} == {projects[0].id}


def test_the_project_pages_record_a_project_and_an_outcome(client, login_as, session, make_enterprise):
    """The organizer records a project and an outcome by form; the officer reads them without the forms."""
    programme = _programme(session)
    make_enterprise(legal_name="HTX Gốm", province="Hà Nội", tax_code="0100109106")
    session.commit()
    login_as("organizer")
    response = client.post(f"/support/programmes/{programme.id}/projects", data={
        "code": "ĐA-03", "name": "Máy móc", "content": "machinery", "status": "approved",
        "state_budget_vnd": "50.000.000"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    project = session.scalar(sa.select(SupportProject).where(SupportProject.code == "ĐA-03"))
    assert int(project.state_budget_vnd) == 50_000_000
    response = client.post(f"/support/projects/{project.id}", data={
        "outcome-tax_code": "0100109106", "outcome-recorded_on": "15/06/2026", "outcome-machines": "2"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert session.scalar(sa.select(SupportOutcome.machines)) == 2
    client.post("/logout")
    login_as("officer")
    page = client.get(f"/support/projects/{project.id}").get_data(as_text=True)
    assert "HTX Gốm" in page and "outcome-tax_code" not in page
