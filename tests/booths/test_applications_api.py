"""The booth application JSON API: apply, decide and list, with problem documents for every refusal."""

from datetime import timedelta

import pytest

from booths.applications.models import BoothApplication
from core.db import utcnow
from core.mail import OutboxMessage
from tests.conftest import table_count
from tests.enterprises.helpers import ApiCaller, api_for, error_fields, outbox


@pytest.fixture
def caller(client, session, make_user):
    """`caller(user)` or `caller("organizer")` → an API caller with that user's bearer token."""

    def _caller(who) -> ApiCaller:
        return api_for(client, session, make_user(role=who) if isinstance(who, str) else who)

    return _caller


def _applications(fair) -> str:
    return f"/api/v1/fairs/{fair.id}/applications"


def _decision(application) -> str:
    return f"/api/v1/applications/{application.id}/decision"


def _body(enterprise, **over) -> dict:
    values = {"enterprise_id": enterprise.id, "booths_requested": 2, "staff_count": 3, "products": "Gốm Chu Đậu"}
    values.update(over)
    return values


def _status(session, application_id) -> str:
    session.expire_all()
    return session.get(BoothApplication, application_id).status


# --- apply ---------------------------------------------------------------------------------------------------------


def test_an_exhibitor_applies(caller, exhibitor, enterprise, open_fair):
    """POST /api/v1/fairs/{id}/applications answers 201 with a submitted application."""
    response = caller(exhibitor).post(_applications(open_fair), _body(enterprise))
    body = response.get_json()
    assert response.status_code == 201
    assert (body["status"], body["fair_id"], body["enterprise_id"], body["booths_requested"], body["staff_count"],
            body["payment_status"], body["enterprise_name"]) == (
        "submitted", open_fair.id, enterprise.id, 2, 3, "unpaid", enterprise.legal_name)
    assert body["submitted_at"] is not None and body["decided_at"] is None


def test_the_application_is_stored_and_mailed(caller, exhibitor, enterprise, open_fair, session):
    """The 201 body's id is stored, and the exhibitor gets a submission e-mail."""
    body = caller(exhibitor).post(_applications(open_fair), _body(enterprise)).get_json()
    assert session.get(BoothApplication, body["id"]).enterprise_id == enterprise.id
    assert [m.recipient for m in outbox(session)] == [exhibitor.email]


def test_preferences_are_answered_as_stored(caller, exhibitor, enterprise, open_fair, make_zone, make_hall,
                                            make_booth, make_enterprise, session):
    """Zone ids and kinds, booth codes, neighbours and avoided enterprises come back as stored."""
    zone = make_zone(fair=open_fair)
    make_booth(hall=make_hall(fair=open_fair), zone=zone, code="B-07")
    friend, rival = make_enterprise(), make_enterprise()
    session.commit()
    body = caller(exhibitor).post(_applications(open_fair), _body(
        enterprise, zone_preferences=[zone.id, "technical"], preferred_booths=["b-07"], booth_type="island",
        neighbour_enterprise_ids=[friend.id], avoid_enterprise_ids=[rival.id], support_requested=True,
        support_programme="KC địa phương")).get_json()
    assert (body["zone_preferences"], body["preferred_booths"], body["booth_type"], body["neighbour_enterprise_ids"],
            body["avoid_enterprise_ids"], body["support_requested"], body["support_programme"]) == (
        [zone.id, "technical"], ["B-07"], "island", [friend.id], [rival.id], True, "KC địa phương")


@pytest.mark.parametrize("status", ["draft", "allocating", "closed"])
def test_a_fair_not_open_is_a_409(caller, make_fair, make_enterprise, session, status):
    """An organizer applying to a fair that is not open gets 409 and nothing is stored."""
    fair, enterprise = make_fair(status=status), make_enterprise()
    session.commit()
    response = caller("organizer").post(_applications(fair), _body(enterprise))
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert table_count(session, BoothApplication) == 0


def test_a_passed_deadline_is_a_409(caller, exhibitor, enterprise, make_fair, session):
    """An open fair past its application deadline answers 409."""
    fair = make_fair(status="open", application_deadline=utcnow().date() - timedelta(days=1))
    session.commit()
    assert caller(exhibitor).post(_applications(fair), _body(enterprise)).status_code == 409


@pytest.mark.parametrize("booths", [0, 5, -3])
def test_booths_requested_out_of_range_is_a_422(caller, exhibitor, enterprise, open_fair, session, booths):
    """Fewer than 1 or more than the fair's maximum answers 422 naming booths_requested."""
    response = caller(exhibitor).post(_applications(open_fair), _body(enterprise, booths_requested=booths))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert error_fields(response) == ["booths_requested"]
    assert table_count(session, BoothApplication) == 0


def test_a_missing_booths_requested_is_a_422(caller, exhibitor, enterprise, open_fair):
    """Without booths_requested the schema answers 422 naming it."""
    body = _body(enterprise)
    del body["booths_requested"]
    response = caller(exhibitor).post(_applications(open_fair), body)
    assert response.status_code == 422 and error_fields(response) == ["booths_requested"]


@pytest.mark.parametrize(("over", "field"), [
    ({"zone_preferences": ["moon"]}, "zone_preferences"),
    ({"zone_preferences": [999999]}, "zone_preferences"),
    ({"zone_preferences": [True]}, "zone_preferences.0"),
    ({"preferred_booths": ["Z-99"]}, "preferred_booths"),
    ({"neighbour_enterprise_ids": [999999]}, "neighbour_enterprise_ids"),
    ({"avoid_enterprise_ids": ["self"]}, "avoid_enterprise_ids"),
    ({"booth_type": "tent"}, "booth_type"),
    ({"staff_count": -1}, "staff_count"),
])
def test_a_bad_preference_is_a_422_naming_the_field(caller, exhibitor, enterprise, open_fair, over, field):
    """Each refused preference answers 422 naming its field."""
    if over.get("avoid_enterprise_ids") == ["self"]:
        over = {"avoid_enterprise_ids": [enterprise.id]}
    response = caller(exhibitor).post(_applications(open_fair), _body(enterprise, **over))
    assert response.status_code == 422
    assert error_fields(response) == [field]


def test_neighbour_and_avoided_at_once_is_a_422(caller, exhibitor, enterprise, open_fair, make_enterprise, session):
    """The same enterprise as neighbour and to avoid answers 422 naming avoid_enterprise_ids."""
    other = make_enterprise()
    session.commit()
    response = caller(exhibitor).post(_applications(open_fair), _body(
        enterprise, neighbour_enterprise_ids=[other.id], avoid_enterprise_ids=[other.id]))
    assert response.status_code == 422 and error_fields(response) == ["avoid_enterprise_ids"]


def test_a_second_application_is_a_409(caller, exhibitor, enterprise, open_fair, session):
    """The same enterprise applying again to the same fair answers 409; one application remains."""
    api = caller(exhibitor)
    assert api.post(_applications(open_fair), _body(enterprise)).status_code == 201
    response = api.post(_applications(open_fair), _body(enterprise, booths_requested=1))
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert table_count(session, BoothApplication) == 1


def test_an_organizer_applies_for_a_delegation(caller, make_enterprise, open_fair, session):
    """An organizer's token applies for an enterprise without accounts (201)."""
    delegation = make_enterprise(legal_name="Đoàn doanh nghiệp Lào Cai")
    session.commit()
    response = caller("organizer").post(_applications(open_fair), _body(delegation))
    assert response.status_code == 201 and response.get_json()["enterprise_id"] == delegation.id


def test_an_exhibitor_cannot_see_a_draft_fair(caller, exhibitor, enterprise, make_fair, session):
    """A draft fair does not exist for an exhibitor (404)."""
    fair = make_fair(status="draft")
    session.commit()
    assert caller(exhibitor).post(_applications(fair), _body(enterprise)).status_code == 404


@pytest.mark.parametrize("role", ["officer", "staff"])
def test_other_roles_cannot_apply(caller, enterprise, open_fair, session, role):
    """Officers and staff get 403 and nothing is stored."""
    assert caller(role).post(_applications(open_fair), _body(enterprise)).status_code == 403
    assert table_count(session, BoothApplication) == 0


def test_applying_needs_a_token(client, enterprise, open_fair):
    """Without a bearer token the API answers 401."""
    assert client.post(_applications(open_fair), json=_body(enterprise)).status_code == 401


# --- decide --------------------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(make_application, open_fair, enterprise, session):
    """A submitted application of the exhibitor's enterprise, committed."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    session.commit()
    return application


def test_an_organizer_approves(caller, submitted, exhibitor, session):
    """POST …/decision {status: approved} answers 200 with the new status and mails the exhibitor."""
    response = caller("organizer").post(_decision(submitted), {"status": "approved"})
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["decided_at"] is not None) == ("approved", True)
    assert _status(session, submitted.id) == "approved"
    assert [m.recipient for m in outbox(session)] == [exhibitor.email]


@pytest.mark.parametrize("decision", ["waitlisted", "rejected"])
def test_a_decision_with_a_reason_mails_it(caller, submitted, exhibitor, session, decision):
    """Waitlisting or rejecting with a reason stores it and e-mails it to the exhibitor."""
    response = caller("organizer").post(_decision(submitted), {"status": decision, "reason": "Hết gian góc"})
    assert response.status_code == 200 and response.get_json()["decision_reason"] == "Hết gian góc"
    [message] = outbox(session)
    assert message.recipient == exhibitor.email and "Hết gian góc" in message.body


@pytest.mark.parametrize("decision", ["waitlisted", "rejected"])
def test_a_decision_without_reason_is_a_422_naming_reason(caller, submitted, session, decision):
    """Waitlisting or rejecting without a reason answers 422 naming reason; nothing changes or is mailed."""
    response = caller("organizer").post(_decision(submitted), {"status": decision})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert error_fields(response) == ["reason"]
    assert _status(session, submitted.id) == "submitted"
    assert table_count(session, OutboxMessage) == 0


def test_an_impossible_step_is_a_409(caller, make_application, session):
    """Rejecting an approved application answers 409; it stays approved."""
    application = make_application(status="approved")
    session.commit()
    response = caller("organizer").post(_decision(application), {"status": "rejected", "reason": "Đổi ý"})
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert _status(session, application.id) == "approved"


def test_a_waitlisted_application_may_be_approved(caller, make_application, session):
    """A waitlisted application becomes approved when a booth frees up."""
    application = make_application(status="waitlisted", decision_reason="Chờ")
    session.commit()
    response = caller("organizer").post(_decision(application), {"status": "approved"})
    assert response.status_code == 200 and _status(session, application.id) == "approved"


@pytest.mark.parametrize("decision", ["withdrawn", "submitted", "maybe"])
def test_a_status_that_is_not_a_decision_is_a_422(caller, submitted, decision):
    """Only approved, waitlisted and rejected are decisions: anything else answers 422 naming status."""
    response = caller("organizer").post(_decision(submitted), {"status": decision, "reason": "x"})
    assert response.status_code == 422 and error_fields(response) == ["status"]


@pytest.mark.parametrize("role", ["exhibitor", "officer", "staff"])
def test_only_organizers_decide(caller, submitted, exhibitor, session, role):
    """Any other role's token gets 403 (even the application's own exhibitor); status unchanged."""
    api = caller(exhibitor if role == "exhibitor" else role)
    response = api.post(_decision(submitted), {"status": "approved"})
    assert response.status_code == 403
    assert _status(session, submitted.id) == "submitted"


def test_deciding_an_unknown_application_is_a_404(caller):
    """A decision on an id that does not exist answers 404."""
    response = caller("organizer").post("/api/v1/applications/999999/decision", {"status": "approved"})
    assert response.status_code == 404


# --- list ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def three(open_fair, enterprise, make_application, make_enterprise, make_user, make_fair, session):
    """The exhibitor's submitted application, another's approved one, and one to another fair."""
    applications = {
        "own": make_application(fair=open_fair, enterprise=enterprise),
        "other": make_application(fair=open_fair, status="approved",
                                  enterprise=make_enterprise(owner=make_user(role="exhibitor"))),
        "elsewhere": make_application(fair=make_fair(status="open")),
    }
    session.commit()
    return applications


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["id"] for item in response.get_json()}


@pytest.mark.parametrize("role", ["organizer", "officer"])
def test_organizers_and_officers_list_every_application_of_the_fair(caller, three, open_fair, role):
    """GET …/applications answers all the fair's applications (none of another fair) to organizers and officers."""
    assert _ids(caller(role).get(_applications(open_fair))) == {three["own"].id, three["other"].id}


def test_the_list_filters_by_status(caller, three, open_fair):
    """?status=approved answers only the approved ones."""
    assert _ids(caller("organizer").get(_applications(open_fair), status="approved")) == {three["other"].id}


def test_an_exhibitor_lists_only_its_own(caller, three, exhibitor, open_fair):
    """An exhibitor's token lists its enterprise's application only."""
    assert _ids(caller(exhibitor).get(_applications(open_fair))) == {three["own"].id}


def test_an_exhibitors_status_filter_stays_within_its_own(caller, three, exhibitor, open_fair):
    """Filtering by another's status gives the exhibitor nothing, not the other's application."""
    assert _ids(caller(exhibitor).get(_applications(open_fair), status="approved")) == set()


def test_an_unknown_status_filter_is_a_422(caller, three, open_fair):
    """?status=maybe answers 422 naming status."""
    response = caller("organizer").get(_applications(open_fair), status="maybe")
    assert response.status_code == 422 and error_fields(response) == ["status"]


def test_staff_cannot_list_applications(caller, three, open_fair):
    """A staff token gets 403 on the list."""
    assert caller("staff").get(_applications(open_fair)).status_code == 403


def test_the_application_endpoints_are_in_the_openapi_document(client):
    """The three application operations are described by /api/v1/openapi.json."""
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/fairs/{fair_id}/applications"])
    assert "post" in paths["/api/v1/applications/{application_id}/decision"]
