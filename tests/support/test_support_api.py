"""Programmes and grants through the API: fields checked, the budget held unless an audited override."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit import AuditEvent
from core.db import utcnow
from support.models import SupportGrant, SupportProgramme

PROGRAMME = {"name": "Chương trình khuyến công Hà Nội", "level": "provincial", "year": 2026,
             "decision_ref": "Quyết định số 1034/QĐ-UBND", "decision_date": "2026-03-06",
             "budget_vnd": "50000000", "agency": "Trung tâm Khuyến công Hà Nội"}


def test_an_organizer_records_a_programme(api, session):
    """201 with the budget as an integer of đồng; the row holds the decision."""
    response = api("organizer").post("/api/v1/support/programmes", PROGRAMME)
    assert response.status_code == 201, response.json
    assert response.json["budget_vnd"] == 50_000_000
    stored = session.scalar(sa.select(SupportProgramme))
    assert stored.decision_ref == "Quyết định số 1034/QĐ-UBND" and stored.level == "provincial"


def test_a_bad_programme_is_refused_field_by_field(api):
    """A non-positive budget and an unknown level each name their field in a problem document."""
    response = api("organizer").post("/api/v1/support/programmes", {**PROGRAMME, "budget_vnd": 0, "level": "city"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert {error["field"] for error in response.json["errors"]} == {"budget_vnd", "level"}


def test_officers_and_exhibitors_cannot_record(api):
    """Reading is the officer's role, not writing."""
    assert api("officer").post("/api/v1/support/programmes", PROGRAMME).status_code == 403
    assert api("exhibitor").post("/api/v1/support/programmes", PROGRAMME).status_code == 403


def test_a_grant_past_the_budget_needs_an_audited_override(api, session, make_programme, make_enterprise):
    """40 + 15 million of a 50 million budget: 409 naming the amount; with the override: 201, audited."""
    programme = make_programme(budget_vnd=50_000_000)
    enterprise = make_enterprise()
    session.commit()
    organizer = api("organizer")
    grant = {"programme_id": programme.id, "enterprise_id": enterprise.id, "content": "booth_fee",
             "amount_vnd": 40_000_000, "status": "approved"}
    assert organizer.post("/api/v1/support/grants", grant).status_code == 201
    refused = organizer.post("/api/v1/support/grants", {**grant, "amount_vnd": 15_000_000})
    assert refused.status_code == 409 and refused.json["errors"][0]["field"] == "amount_vnd"
    assert session.scalar(sa.select(sa.func.count()).select_from(SupportGrant)) == 1
    # a planned grant commits nothing, so it fits
    assert organizer.post("/api/v1/support/grants", {**grant, "amount_vnd": 15_000_000,
                                                     "status": "planned"}).status_code == 201
    forced = organizer.post("/api/v1/support/grants", {**grant, "amount_vnd": 15_000_000, "override_budget": True})
    assert forced.status_code == 201 and forced.json["over_budget"] is True
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "support_grant.over_budget"))
    assert event.target_id == forced.json["id"]
    assert event.before == {"budget_vnd": 50_000_000, "committed_vnd": 40_000_000}
    assert event.after["overrun_vnd"] == 5_000_000


def test_a_grant_checks_its_content_amount_and_references(api, session, make_programme, make_enterprise):
    """A content the programme does not fund, a float amount, an unknown fair: each by field."""
    programme = make_programme(allowed_contents=["booth_fee", "travel"])
    enterprise = make_enterprise()
    session.commit()
    grant = {"programme_id": programme.id, "enterprise_id": enterprise.id, "fair_id": 999999, "content": "training",
             "amount_vnd": 1.5, "status": "approved"}
    response = api("organizer").post("/api/v1/support/grants", grant)
    assert response.status_code == 422  # the schema refuses a fraction of a đồng before the service runs
    assert {error["field"] for error in response.json["errors"]} == {"amount_vnd"}
    response = api("organizer").post("/api/v1/support/grants", {**grant, "amount_vnd": 1_500_000})
    assert response.status_code == 422
    assert {error["field"] for error in response.json["errors"]} == {"fair_id", "content"}


def test_the_database_refuses_a_non_positive_amount(session, make_programme, make_enterprise):
    """The CHECK constraint holds even when the service is bypassed."""
    programme = make_programme()
    enterprise = make_enterprise()
    session.add(SupportGrant(programme_id=programme.id, enterprise_id=enterprise.id, content="travel",
                             amount_vnd=0, status="approved", source="manual", created_at=utcnow(),
                             updated_at=utcnow()))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
