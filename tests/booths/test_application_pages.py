"""Booth application pages: the exhibitor's portal and apply form, the organizer's review queue,
bulk approval and decision page."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothApplication
from core.db import utcnow
from core.mail import OutboxMessage
from tests.conftest import login, table_count
from tests.enterprises.helpers import field_errors, flashes, outbox


def _form(**over) -> dict:
    """The apply form as a browser posts it (every field present, the select empty)."""
    values = {"booths_requested": "1", "booth_type": "", "preferred_booths": "", "products": "", "staff_count": "2",
              "support_programme": ""}
    values.update(over)
    return values


def _status(session, application) -> str:
    session.expire_all()
    return session.get(BoothApplication, application.id).status


# === pages: the exhibitor's portal ==================================================================================


@pytest.fixture
def logged_in_exhibitor(client, exhibitor, enterprise, session):
    """The exhibitor (who owns `enterprise`) logged in."""
    session.commit()
    assert login(client, exhibitor).status_code == 302
    return exhibitor


def test_the_portal_lists_own_applications_with_status_and_reason(client, logged_in_exhibitor, make_fair,
                                                                  make_application, enterprise, session):
    """GET /portal shows each application of the enterprise with its status and the decision reason."""
    rejected_fair, pending_fair = make_fair(status="open"), make_fair(status="open")
    rejected = make_application(fair=rejected_fair, enterprise=enterprise, status="rejected",
                                decision_reason="Ngành hàng không phù hợp")
    pending = make_application(fair=pending_fair, enterprise=enterprise)
    session.commit()
    page = client.get("/portal").get_data(as_text=True)
    rows = re.findall(r'href="/applications/(\d+)".*?data-status="(\w+)"', page, re.S)
    assert sorted(rows) == sorted([(str(rejected.id), "rejected"), (str(pending.id), "submitted")])
    assert "Ngành hàng không phù hợp" in page


def test_the_portal_offers_open_fairs_not_applied_to(client, logged_in_exhibitor, make_fair, make_application,
                                                     enterprise, session):
    """Only open fairs without an application of the enterprise get an Apply link."""
    offered = make_fair(status="open")
    applied = make_fair(status="open")
    make_application(fair=applied, enterprise=enterprise)
    draft = make_fair(status="draft")
    session.commit()
    page = client.get("/portal").get_data(as_text=True)
    assert re.findall(r'data-testid="apply-([^"]+)"', page) == [offered.code]
    assert draft.code not in page


def test_the_portal_offers_withdrawal_only_while_open(client, logged_in_exhibitor, make_fair, make_application,
                                                      enterprise, session):
    """A withdraw button is shown for the open fair's application, not for the allocating one's."""
    live = make_application(fair=make_fair(status="open"), enterprise=enterprise)
    frozen = make_application(fair=make_fair(status="allocating"), enterprise=enterprise)
    session.commit()
    page = client.get("/portal").get_data(as_text=True)
    assert f"/applications/{live.id}/withdraw" in page
    assert f"/applications/{frozen.id}/withdraw" not in page


def test_an_exhibitor_without_enterprise_is_sent_to_the_profile(client, login_as):
    """GET /portal without an enterprise redirects to /enterprise (coming back to the portal after)."""
    login_as("exhibitor")
    response = client.get("/portal")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/enterprise?next=")


@pytest.mark.parametrize("role", ["organizer", "officer"])
def test_the_portal_is_for_exhibitors(client, login_as, role):
    """Other roles get 403 on /portal."""
    login_as(role)
    assert client.get("/portal").status_code == 403


# === pages: applying ================================================================================================


def test_the_apply_page_shows_the_form(client, logged_in_exhibitor, open_fair, make_zone, session):
    """GET /f/<code>/apply shows the form with the fair's zones and its booth limit."""
    zone = make_zone(fair=open_fair, name_en="International pavilion")
    session.commit()
    response = client.get(f"/f/{open_fair.code}/apply")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{zone.id}"' in page and "International pavilion" in page
    assert "Up to 4 booths" in page


def test_the_apply_form_creates_an_application(client, logged_in_exhibitor, open_fair, make_zone, make_hall,
                                               make_booth, enterprise, session):
    """POSTing every field creates a submitted application with them, redirects to the portal and e-mails."""
    zone = make_zone(fair=open_fair)
    hall = make_hall(fair=open_fair)
    make_booth(hall=hall, zone=zone, code="A-01")
    make_booth(hall=hall, zone=zone, code="A-02")
    session.commit()
    response = client.post(f"/f/{open_fair.code}/apply", data={
        "booths_requested": "2", "booth_type": "corner", "zone_first": str(zone.id),
        "preferred_booths": "a-01, A-02", "products": "Lụa Vạn Phúc", "staff_count": "3",
        "support_requested": "y", "support_programme": "Khuyến công quốc gia 2026"})
    assert response.status_code == 302 and response.headers["Location"] == "/portal"
    [application] = session.scalars(sa.select(BoothApplication)).all()
    assert (application.enterprise_id, application.fair_id, application.status, application.booths_requested,
            application.booth_type, application.zone_preferences, application.preferred_booths,
            application.products, application.staff_count, application.support_requested,
            application.support_programme) == (
        enterprise.id, open_fair.id, "submitted", 2, "corner", [zone.id], ["A-01", "A-02"], "Lụa Vạn Phúc", 3, True,
        "Khuyến công quốc gia 2026")
    assert [m.recipient for m in outbox(session)] == [logged_in_exhibitor.email]


def test_too_many_booths_is_shown_on_the_field(client, logged_in_exhibitor, open_fair, session):
    """Asking for more booths than the fair allows answers 422 with the message on booths_requested."""
    response = client.post(f"/f/{open_fair.code}/apply", data=_form(booths_requested="5"))
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "booths_requested") == ["Ask for 1 to 4 booths."]
    assert table_count(session, BoothApplication) == 0


def test_an_unknown_booth_code_is_shown_on_the_field(client, logged_in_exhibitor, open_fair, session):
    """An unknown preferred booth code answers 422 naming it under preferred_booths."""
    response = client.post(f"/f/{open_fair.code}/apply", data=_form(preferred_booths="Z-99"))
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "preferred_booths") == ["Unknown booths: Z-99."]


def test_applying_twice_is_refused_with_a_message(client, logged_in_exhibitor, open_fair, make_application,
                                                  enterprise, session):
    """A second application to the same fair answers 422 with a flash, and only one exists."""
    make_application(fair=open_fair, enterprise=enterprise)
    session.commit()
    response = client.post(f"/f/{open_fair.code}/apply", data=_form())
    assert response.status_code == 422
    assert any("has already applied" in message for message in flashes(response.get_data(as_text=True)))
    assert table_count(session, BoothApplication) == 1


def test_an_allocating_fair_takes_no_application(client, logged_in_exhibitor, make_fair, session):
    """On a fair that is allocating the page says so and a POST creates nothing (422)."""
    fair = make_fair(status="allocating")
    session.commit()
    assert "This fair is not accepting applications." in client.get(f"/f/{fair.code}/apply").get_data(as_text=True)
    response = client.post(f"/f/{fair.code}/apply", data=_form())
    assert response.status_code == 422
    assert table_count(session, BoothApplication) == 0


def test_a_fair_past_its_deadline_takes_no_application(client, logged_in_exhibitor, make_fair, session):
    """An open fair whose deadline passed refuses the POST with a flash."""
    fair = make_fair(status="open", application_deadline=utcnow().date() - timedelta(days=1))
    session.commit()
    response = client.post(f"/f/{fair.code}/apply", data=_form())
    assert response.status_code == 422
    assert "This fair is not accepting applications." in flashes(response.get_data(as_text=True))
    assert table_count(session, BoothApplication) == 0


def test_a_draft_fair_has_no_apply_page(client, logged_in_exhibitor, make_fair, session):
    """A draft fair is not public: its apply page is 404."""
    fair = make_fair(status="draft")
    session.commit()
    assert client.get(f"/f/{fair.code}/apply").status_code == 404


def test_applying_without_an_enterprise_goes_to_the_profile(client, login_as, open_fair):
    """An exhibitor without an enterprise is sent to /enterprise first."""
    login_as("exhibitor")
    response = client.get(f"/f/{open_fair.code}/apply")
    assert response.status_code == 302 and response.headers["Location"].startswith("/enterprise?next=")


def test_an_organizer_does_not_use_the_apply_page(client, login_as, open_fair):
    """The apply page is for exhibitors (403)."""
    login_as("organizer")
    assert client.get(f"/f/{open_fair.code}/apply").status_code == 403


# === pages: withdrawing =============================================================================================


def test_the_exhibitor_withdraws_from_the_portal(client, logged_in_exhibitor, make_application, open_fair,
                                                 enterprise, session):
    """POST /applications/<id>/withdraw withdraws the application, e-mails and returns to the portal."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    session.commit()
    response = client.post(f"/applications/{application.id}/withdraw", follow_redirects=True)
    assert response.request.path == "/portal"
    assert "The application has been withdrawn." in flashes(response.get_data(as_text=True))
    assert _status(session, application) == "withdrawn"
    assert [m.recipient for m in outbox(session)] == [logged_in_exhibitor.email]


def test_no_withdrawal_once_the_fair_is_allocating(client, logged_in_exhibitor, make_fair, make_application,
                                                   enterprise, session):
    """While the fair is allocating, withdrawing flashes an error and leaves the status unchanged."""
    application = make_application(fair=make_fair(status="allocating"), enterprise=enterprise, status="approved")
    session.commit()
    response = client.post(f"/applications/{application.id}/withdraw", follow_redirects=True)
    assert any("Booths are being allocated" in message for message in flashes(response.get_data(as_text=True)))
    assert _status(session, application) == "approved"
    assert table_count(session, OutboxMessage) == 0


# === pages: the organizer's review queue ============================================================================


@pytest.fixture
def queue(open_fair, make_enterprise, make_application, make_user, make_fair, session):
    """Four applications to the open fair from varied enterprises (each with an owner), and one to another fair."""
    def applicant(**fields):
        return make_enterprise(owner=make_user(role="exhibitor"), **fields)

    applications = {
        "hanoi": make_application(fair=open_fair, status="submitted", support_requested=True,
                                  enterprise=applicant(province="Hà Nội", sector="handicraft", kind="enterprise")),
        "haiphong": make_application(fair=open_fair, status="approved", support_requested=False,
                                     enterprise=applicant(province="Hải Phòng", sector="food_processing",
                                                          kind="cooperative")),
        "japan": make_application(fair=open_fair, status="waitlisted", support_requested=False,
                                  decision_reason="Chờ", enterprise=applicant(country="JP", province=None,
                                                                              sector="handicraft")),
        "household": make_application(fair=open_fair, status="rejected", support_requested=True,
                                      decision_reason="Không phù hợp",
                                      enterprise=applicant(province="Hà Nội", sector="wood_furniture",
                                                           kind="household_business")),
        "elsewhere": make_application(fair=make_fair(status="open"), status="submitted"),
    }
    session.commit()
    return applications


def _listed(page: str) -> set[int]:
    return {int(value) for value in re.findall(r'name="application" value="(\d+)"', page)}


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, {"hanoi", "haiphong", "japan", "household"}),
    ({"status": "submitted"}, {"hanoi"}),
    ({"status": "waitlisted"}, {"japan"}),
    ({"province": "Hải Phòng"}, {"haiphong"}),
    ({"province": "Hà Nội"}, {"hanoi", "household"}),
    ({"country": "jp"}, {"japan"}),
    ({"sector": "handicraft"}, {"hanoi", "japan"}),
    ({"kind": "cooperative"}, {"haiphong"}),
    ({"kind": "household_business"}, {"household"}),
    ({"support": "yes"}, {"hanoi", "household"}),
    ({"support": "no"}, {"haiphong", "japan"}),
    ({"support": "yes", "province": "Hà Nội", "status": "rejected"}, {"household"}),
    ({"status": "withdrawn"}, set()),
])
def test_the_review_queue_filters(client, login_as, queue, filters, expected):
    """GET /fairs/<id>/applications lists exactly the fair's applications matching every filter."""
    login_as("organizer")
    response = client.get(f"/fairs/{queue['hanoi'].fair_id}/applications", query_string=filters)
    assert response.status_code == 200
    assert _listed(response.get_data(as_text=True)) == {queue[name].id for name in expected}


def test_bulk_approval_approves_only_what_may_be_approved(client, login_as, queue, session):
    """Ticking all of them approves the submitted and the waitlisted, leaves the rest, and mails the two."""
    login_as("organizer")
    fair_id = queue["hanoi"].fair_id
    response = client.post(f"/fairs/{fair_id}/applications",
                           data={"application": [str(a.id) for a in queue.values()]}, follow_redirects=True)
    assert "2 applications approved." in flashes(response.get_data(as_text=True))
    assert {name: _status(session, a) for name, a in queue.items()} == {
        "hanoi": "approved", "haiphong": "approved", "japan": "approved", "household": "rejected",
        "elsewhere": "submitted"}
    assert table_count(session, OutboxMessage) == 2


def test_bulk_approval_keeps_the_filters(client, login_as, queue):
    """After a bulk approval the organizer returns to the same filtered queue."""
    login_as("organizer")
    fair_id = queue["hanoi"].fair_id
    response = client.post(f"/fairs/{fair_id}/applications?support=yes",
                           data={"application": [str(queue["hanoi"].id)]})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/fairs/{fair_id}/applications?support=yes"


@pytest.mark.parametrize("role", ["exhibitor", "officer"])
def test_the_review_queue_is_for_organizers(client, login_as, queue, session, role):
    """Exhibitors and officers get 403 on the queue, and a bulk approval by them changes nothing."""
    login_as(role)
    fair_id = queue["hanoi"].fair_id
    assert client.get(f"/fairs/{fair_id}/applications").status_code == 403
    response = client.post(f"/fairs/{fair_id}/applications", data={"application": [str(queue["hanoi"].id)]})
    assert response.status_code == 403
    assert _status(session, queue["hanoi"]) == "submitted"


# === pages: one application and the decision ========================================================================


def test_the_organizer_sees_the_decision_form(client, login_as, make_application, session):
    """GET /applications/<id> shows a submitted application with the decision form."""
    application = make_application(products="Nón lá Huế")
    session.commit()
    login_as("organizer")
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Nón lá Huế" in page and 'data-testid="decide"' in page


def test_the_organizer_rejects_with_a_reason(client, login_as, make_application, enterprise, exhibitor, open_fair,
                                             session):
    """POST status+reason records the rejection, returns to the queue and mails the reason to the exhibitor."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    session.commit()
    login_as("organizer")
    response = client.post(f"/applications/{application.id}",
                           data={"status": "rejected", "reason": "Hồ sơ thiếu giấy phép"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/fairs/{open_fair.id}/applications"
    session.expire_all()
    stored = session.get(BoothApplication, application.id)
    assert (stored.status, stored.decision_reason) == ("rejected", "Hồ sơ thiếu giấy phép")
    [message] = outbox(session)
    assert message.recipient == exhibitor.email and "Hồ sơ thiếu giấy phép" in message.body


def test_a_waitlisting_without_reason_is_shown_on_the_field(client, login_as, make_application, session):
    """POST waitlisted with no reason answers 422 with the message under reason; status unchanged."""
    application = make_application()
    session.commit()
    login_as("organizer")
    response = client.post(f"/applications/{application.id}", data={"status": "waitlisted", "reason": ""})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "reason") == [
        "Say why, so the exhibitor understands."]
    assert _status(session, application) == "submitted"


def test_an_impossible_decision_is_refused_on_the_page(client, login_as, make_application, session):
    """Rejecting an approved application (a stale page) answers 422 saying why; it stays approved."""
    application = make_application(status="approved")
    session.commit()
    login_as("organizer")
    response = client.post(f"/applications/{application.id}", data={"status": "rejected", "reason": "Đổi ý"})
    assert response.status_code == 422
    assert "An application that is approved cannot become rejected." in flashes(response.get_data(as_text=True))
    assert _status(session, application) == "approved"


def test_the_exhibitor_sees_but_cannot_decide(client, logged_in_exhibitor, make_application, open_fair, enterprise,
                                              session):
    """The exhibitor reads its application (no decision form); a POSTed decision changes nothing."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    session.commit()
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'data-status="submitted"' in page and 'data-testid="decide"' not in page
    response = client.post(f"/applications/{application.id}", data={"status": "approved", "reason": ""})
    assert response.status_code == 200
    assert _status(session, application) == "submitted"
    assert table_count(session, OutboxMessage) == 0


def test_an_unknown_application_is_404(client, login_as):
    """An id that does not exist is 404 for the organizer."""
    login_as("organizer")
    assert client.get("/applications/999999").status_code == 404
