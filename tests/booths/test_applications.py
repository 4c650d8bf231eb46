"""Booth applications: the services' rules and e-mails, the exhibitor's portal and apply form,
the organizer's review queue, bulk approval and decision page."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from booths.applications import (
    approve_many,
    decide_application,
    fairs_open_to,
    list_applications,
    list_visible_applications,
    submit_application,
    withdraw_application,
)
from booths.models import BoothApplication
from core.db import utcnow
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.mail import OutboxMessage
from enterprises.models import EnterpriseMember
from tests.conftest import login, table_count
from tests.enterprises.helpers import field_errors, flashes, outbox


def _values(**over) -> dict:
    values = {"booths_requested": 2, "staff_count": 3, "products": "Gốm men lam"}
    values.update(over)
    return values


def _form(**over) -> dict:
    """The apply form as a browser posts it (every field present, the select empty)."""
    values = {"booths_requested": "1", "booth_type": "", "preferred_booths": "", "products": "", "staff_count": "2",
              "support_programme": ""}
    values.update(over)
    return values


def _fields(error) -> list[str]:
    return [item["field"] for item in error.errors]


def _status(session, application) -> str:
    session.expire_all()
    return session.get(BoothApplication, application.id).status


@pytest.fixture
def en(app_ctx):
    """Service messages in English."""
    with force_locale("en"):
        yield


@pytest.fixture
def open_fair(make_fair, session):
    """A committed fair accepting applications (at most 4 booths each)."""
    fair = make_fair(status="open", max_booths_per_application=4)
    session.commit()
    return fair


@pytest.fixture
def exhibitor(make_user):
    """An exhibitor user."""
    return make_user(role="exhibitor")


@pytest.fixture
def enterprise(make_enterprise, exhibitor, session):
    """The exhibitor's enterprise, committed."""
    enterprise = make_enterprise(owner=exhibitor)
    session.commit()
    return enterprise


@pytest.fixture
def organizer(make_user):
    """An organizer user."""
    return make_user(role="organizer")


# === services: applying =============================================================================================


def test_an_application_is_submitted_at_once(session, open_fair, enterprise, exhibitor):
    """submit_application stores a submitted, unpaid application with its submitter and time."""
    now = utcnow()
    application = submit_application(session, open_fair, enterprise, _values(), actor=exhibitor, now=now)
    assert (application.status, application.payment_status, application.booths_requested,
            application.staff_count, application.created_by_id) == ("submitted", "unpaid", 2, 3, exhibitor.id)
    assert application.submitted_at == now


@pytest.mark.parametrize("status", ["draft", "allocating", "published", "running", "closed"])
def test_only_an_open_fair_takes_applications(en, session, make_fair, enterprise, exhibitor, status):
    """A fair that is not open refuses applications with a Conflict, and nothing is stored."""
    fair = make_fair(status=status)
    with pytest.raises(Conflict, match="not accepting applications"):
        submit_application(session, fair, enterprise, _values(), actor=exhibitor, now=utcnow())
    assert table_count(session, BoothApplication) == 0


def test_an_open_fair_past_its_deadline_refuses(en, session, make_fair, enterprise, exhibitor):
    """An open fair whose application deadline was yesterday refuses applications."""
    now = utcnow()
    fair = make_fair(status="open", application_deadline=now.date() - timedelta(days=1))
    with pytest.raises(Conflict):
        submit_application(session, fair, enterprise, _values(), actor=exhibitor, now=now)


def test_the_deadline_day_itself_is_still_open(session, make_fair, enterprise, exhibitor):
    """On the deadline day an application is still accepted."""
    now = utcnow()
    fair = make_fair(status="open", application_deadline=now.date())
    assert submit_application(session, fair, enterprise, _values(), actor=exhibitor, now=now).status == "submitted"


@pytest.mark.parametrize("booths", [0, -1, 5, None, "two"])
def test_booths_requested_must_be_within_the_fairs_limit(en, session, open_fair, enterprise, exhibitor, booths):
    """Fewer than 1 or more than the fair's maximum (4) booths is refused, naming booths_requested."""
    with pytest.raises(ValidationFailed) as refused:
        submit_application(session, open_fair, enterprise, _values(booths_requested=booths), actor=exhibitor,
                           now=utcnow())
    assert _fields(refused.value) == ["booths_requested"]
    assert "1 to 4" in refused.value.errors[0]["message"]


@pytest.mark.parametrize("booths", [1, 4])
def test_the_limits_themselves_are_accepted(session, open_fair, enterprise, exhibitor, booths):
    """Exactly 1 and exactly the fair's maximum are accepted."""
    application = submit_application(session, open_fair, enterprise, _values(booths_requested=booths),
                                      actor=exhibitor, now=utcnow())
    assert application.booths_requested == booths


def test_the_limit_is_the_fairs_own(session, make_fair, enterprise, exhibitor):
    """A fair allowing 2 booths per application refuses 3."""
    fair = make_fair(status="open", max_booths_per_application=2)
    with pytest.raises(ValidationFailed) as refused:
        submit_application(session, fair, enterprise, _values(booths_requested=3), actor=exhibitor, now=utcnow())
    assert _fields(refused.value) == ["booths_requested"]


def test_zone_preferences_are_zones_of_the_fair_or_zone_kinds(session, open_fair, make_zone, enterprise, exhibitor):
    """A zone id of this fair (as int or text) and a zone kind are kept, in order."""
    zone = make_zone(fair=open_fair)
    application = submit_application(session, open_fair, enterprise,
                                     _values(zone_preferences=["international", str(zone.id), zone.id]),
                                     actor=exhibitor, now=utcnow())
    assert application.zone_preferences == ["international", zone.id, zone.id]


@pytest.mark.parametrize("preference", ["other-fair", "moon", 999999])
def test_an_unknown_zone_preference_is_refused(session, open_fair, make_fair, make_zone, enterprise, exhibitor,
                                                preference):
    """Another fair's zone, an unknown kind or a missing id is refused, naming zone_preferences."""
    if preference == "other-fair":
        preference = make_zone(fair=make_fair(status="open")).id
    with pytest.raises(ValidationFailed) as refused:
        submit_application(session, open_fair, enterprise, _values(zone_preferences=[preference]),
                           actor=exhibitor, now=utcnow())
    assert _fields(refused.value) == ["zone_preferences"]


def test_preferred_booths_are_existing_codes_of_the_fair(session, open_fair, make_hall, make_booth, enterprise,
                                                         exhibitor):
    """Existing booth codes, written in lower case, are kept upper-case."""
    hall = make_hall(fair=open_fair)
    make_booth(hall=hall, code="A-01")
    make_booth(hall=hall, code="A-02")
    application = submit_application(session, open_fair, enterprise, _values(preferred_booths=["a-01", " A-02 "]),
                                     actor=exhibitor, now=utcnow())
    assert application.preferred_booths == ["A-01", "A-02"]


def test_an_unknown_or_foreign_booth_code_is_refused(en, session, open_fair, make_hall, make_booth, enterprise,
                                                     exhibitor):
    """A code that no booth of this fair has (even if another fair has it) is refused, naming it."""
    make_booth(hall=make_hall(fair=open_fair), code="A-01")
    make_booth(code="B-01")  # a booth of another fair
    with pytest.raises(ValidationFailed) as refused:
        submit_application(session, open_fair, enterprise, _values(preferred_booths=["A-01", "B-01", "Z-9"]),
                           actor=exhibitor, now=utcnow())
    assert _fields(refused.value) == ["preferred_booths"]
    assert "B-01, Z-9" in refused.value.errors[0]["message"]


def test_neighbours_and_enterprises_to_avoid_are_kept(session, open_fair, make_enterprise, enterprise, exhibitor):
    """Existing other enterprises are stored as wished neighbours and enterprises to avoid."""
    friend, rival = make_enterprise(), make_enterprise()
    application = submit_application(session, open_fair, enterprise,
                                     _values(neighbour_enterprise_ids=[friend.id], avoid_enterprise_ids=[rival.id]),
                                     actor=exhibitor, now=utcnow())
    assert (application.neighbour_enterprise_ids, application.avoid_enterprise_ids) == ([friend.id], [rival.id])


@pytest.mark.parametrize("field", ["neighbour_enterprise_ids", "avoid_enterprise_ids"])
@pytest.mark.parametrize("who", ["self", "missing", "not-a-number"])
def test_neighbour_and_avoid_ids_must_name_other_existing_enterprises(session, open_fair, enterprise, exhibitor,
                                                                      field, who):
    """The enterprise itself, a missing id or a non-number is refused, naming the field."""
    value = {"self": enterprise.id, "missing": 999999, "not-a-number": "abc"}[who]
    with pytest.raises(ValidationFailed) as refused:
        submit_application(session, open_fair, enterprise, _values(**{field: [value]}), actor=exhibitor,
                           now=utcnow())
    assert _fields(refused.value) == [field]


def test_an_enterprise_cannot_be_both_neighbour_and_avoided(session, open_fair, make_enterprise, enterprise,
                                                            exhibitor):
    """The same enterprise wished as neighbour and avoided is refused, naming avoid_enterprise_ids."""
    other = make_enterprise()
    with pytest.raises(ValidationFailed) as refused:
        submit_application(session, open_fair, enterprise,
                           _values(neighbour_enterprise_ids=[other.id], avoid_enterprise_ids=[other.id]),
                           actor=exhibitor, now=utcnow())
    assert _fields(refused.value) == ["avoid_enterprise_ids"]


def test_an_enterprise_applies_once_per_fair(en, session, open_fair, enterprise, exhibitor):
    """A second application of the same enterprise to the same fair is a Conflict; one row remains."""
    submit_application(session, open_fair, enterprise, _values(), actor=exhibitor, now=utcnow())
    with pytest.raises(Conflict, match="already applied"):
        submit_application(session, open_fair, enterprise, _values(booths_requested=1), actor=exhibitor,
                           now=utcnow())
    assert table_count(session, BoothApplication) == 1


def test_the_same_enterprise_may_apply_to_two_fairs(session, make_fair, enterprise, exhibitor):
    """One application per fair: the same enterprise applies to two open fairs."""
    for fair in (make_fair(status="open"), make_fair(status="open")):
        submit_application(session, fair, enterprise, _values(), actor=exhibitor, now=utcnow())
    assert table_count(session, BoothApplication) == 2


def test_the_database_refuses_a_second_application(session, make_application, open_fair, enterprise):
    """The unique constraint uq_booth_application_fair_enterprise refuses a second row (the race)."""
    make_application(fair=open_fair, enterprise=enterprise)
    with pytest.raises(IntegrityError, match="(?i)unique|uq_booth_application_fair_enterprise"):
        make_application(fair=open_fair, enterprise=enterprise)


def test_an_exhibitor_cannot_apply_for_another_enterprise(session, open_fair, make_enterprise, exhibitor, enterprise):
    """Applying in the name of an enterprise the exhibitor does not act for is NotFound."""
    with pytest.raises(NotFound):
        submit_application(session, open_fair, make_enterprise(), _values(), actor=exhibitor, now=utcnow())
    assert table_count(session, BoothApplication) == 0


def test_an_organizer_applies_for_a_delegation(session, open_fair, make_enterprise, organizer):
    """An organizer submits an application for an enterprise it does not belong to."""
    application = submit_application(session, open_fair, make_enterprise(), _values(), actor=organizer, now=utcnow())
    assert (application.status, application.created_by_id) == ("submitted", organizer.id)


# === services: deciding and withdrawing =============================================================================


@pytest.mark.parametrize(("start", "decision", "reason"), [
    ("submitted", "approved", ""),
    ("submitted", "waitlisted", "Hết chỗ khu quốc tế"),
    ("submitted", "rejected", "Ngành hàng không phù hợp"),
    ("waitlisted", "approved", ""),
    ("waitlisted", "rejected", "Không còn gian trống"),
])
def test_an_organizer_decides(session, make_application, organizer, start, decision, reason):
    """Every allowed decision is recorded with its reason and time."""
    application = make_application(status=start)
    now = utcnow()
    decide_application(session, application, decision, reason=reason, actor=organizer, now=now)
    assert (application.status, application.decision_reason, application.decided_at) == (
        decision, reason or None, now)


@pytest.mark.parametrize("decision", ["waitlisted", "rejected"])
def test_waitlisting_or_rejecting_needs_a_reason(en, session, make_application, organizer, decision):
    """Without a reason (blank counts as none) the decision is refused naming reason; status unchanged."""
    application = make_application()
    with pytest.raises(ValidationFailed) as refused:
        decide_application(session, application, decision, reason="   ", actor=organizer, now=utcnow())
    assert _fields(refused.value) == ["reason"]
    assert application.status == "submitted"


@pytest.mark.parametrize(("start", "decision"), [
    ("approved", "rejected"),
    ("approved", "waitlisted"),
    ("approved", "approved"),
    ("rejected", "approved"),
    ("withdrawn", "approved"),
    ("draft", "approved"),
    ("waitlisted", "waitlisted"),
])
def test_an_impossible_step_is_a_conflict(en, session, make_application, organizer, start, decision):
    """A decision the workflow does not allow from the current status is a Conflict; status unchanged."""
    application = make_application(status=start)
    with pytest.raises(Conflict):
        decide_application(session, application, decision, reason="Lý do", actor=organizer, now=utcnow())
    assert application.status == start


def test_an_unknown_decision_is_refused(en, session, make_application, organizer):
    """A status that is not a decision (e.g. withdrawn) is refused, naming status."""
    application = make_application()
    with pytest.raises(ValidationFailed) as refused:
        decide_application(session, application, "withdrawn", actor=organizer, now=utcnow())
    assert _fields(refused.value) == ["status"]


@pytest.mark.parametrize("role", ["exhibitor", "officer", "staff"])
def test_only_organizers_decide(en, session, make_application, make_user, role):
    """Exhibitors, officers and staff may not decide (PermissionDenied); status unchanged."""
    application = make_application()
    with pytest.raises(PermissionDenied):
        decide_application(session, application, "approved", actor=make_user(role=role), now=utcnow())
    assert application.status == "submitted"


@pytest.mark.parametrize("start", ["submitted", "approved", "waitlisted"])
def test_the_exhibitor_withdraws_while_the_fair_is_open(session, make_application, open_fair, enterprise, exhibitor,
                                                        start):
    """A live application of an open fair is withdrawn by its exhibitor."""
    application = make_application(fair=open_fair, enterprise=enterprise, status=start)
    withdraw_application(session, application, actor=exhibitor, now=utcnow())
    assert application.status == "withdrawn"


@pytest.mark.parametrize("fair_status", ["allocating", "published", "running"])
def test_no_withdrawal_once_allocation_has_begun(en, session, make_fair, make_application, enterprise, exhibitor,
                                                 fair_status):
    """Once the fair is allocating (or later) withdrawal is a Conflict; status unchanged."""
    application = make_application(fair=make_fair(status=fair_status), enterprise=enterprise, status="approved")
    with pytest.raises(Conflict, match="Booths are being allocated"):
        withdraw_application(session, application, actor=exhibitor, now=utcnow())
    assert application.status == "approved"


@pytest.mark.parametrize("start", ["rejected", "withdrawn"])
def test_a_finished_application_cannot_be_withdrawn(en, session, make_application, open_fair, enterprise, exhibitor,
                                                    start):
    """A rejected or already withdrawn application cannot be withdrawn."""
    application = make_application(fair=open_fair, enterprise=enterprise, status=start)
    with pytest.raises(Conflict):
        withdraw_application(session, application, actor=exhibitor, now=utcnow())
    assert application.status == start


def test_another_exhibitor_cannot_withdraw(session, make_application, make_user, open_fair, enterprise):
    """An exhibitor of another enterprise gets NotFound and the application stays live."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    with pytest.raises(NotFound):
        withdraw_application(session, application, actor=make_user(role="exhibitor"), now=utcnow())
    assert application.status == "submitted"


def test_an_organizer_withdraws_for_the_exhibitor(session, make_application, open_fair, organizer):
    """An organizer may withdraw any application of an open fair."""
    application = make_application(fair=open_fair)
    withdraw_application(session, application, actor=organizer, now=utcnow())
    assert application.status == "withdrawn"


def test_approve_many_approves_only_what_may_be_approved(session, make_application, open_fair, organizer):
    """Submitted and waitlisted ones are approved; approved, rejected and withdrawn ones are left; the count says 2."""
    applications = {status: make_application(fair=open_fair, status=status, decision_reason="x")
                    for status in ("submitted", "waitlisted", "approved", "rejected", "withdrawn")}
    assert approve_many(session, list(applications.values()), actor=organizer, now=utcnow()) == 2
    assert {status: a.status for status, a in applications.items()} == {
        "submitted": "approved", "waitlisted": "approved", "approved": "approved", "rejected": "rejected",
        "withdrawn": "withdrawn"}


# === e-mails ========================================================================================================


def test_every_transition_emails_each_member(session, open_fair, make_enterprise, make_user, organizer):
    """Submission, waitlisting, approval and withdrawal each queue one message per member of the enterprise."""
    owner, colleague = make_user(role="exhibitor"), make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    make_enterprise(owner=make_user(role="exhibitor"))  # someone else, never mailed
    session.add(EnterpriseMember(user_id=colleague.id, enterprise_id=enterprise.id, role="member", joined_at=utcnow()))
    application = submit_application(session, open_fair, enterprise, _values(), actor=owner, now=utcnow())
    assert sorted(m.recipient for m in outbox(session)) == sorted([owner.email, colleague.email])
    decide_application(session, application, "waitlisted", reason="Chờ gian trống", actor=organizer, now=utcnow())
    decide_application(session, application, "approved", actor=organizer, now=utcnow())
    withdraw_application(session, application, actor=owner, now=utcnow())
    assert len(outbox(session, owner.email)) == len(outbox(session, colleague.email)) == 4
    assert table_count(session, OutboxMessage) == 8


def test_the_decision_email_carries_the_reason(session, make_application, open_fair, enterprise, exhibitor,
                                               organizer):
    """A rejection e-mail to the exhibitor contains the organizer's reason and names the fair."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    decide_application(session, application, "rejected", reason="Ngành hàng không phù hợp với hội chợ",
                       actor=organizer, now=utcnow())
    [message] = outbox(session)
    assert message.recipient == exhibitor.email
    assert "Ngành hàng không phù hợp với hội chợ" in message.body
    assert open_fair.code in message.subject


def test_the_email_is_in_english_when_asked(en, session, make_application, open_fair, enterprise, organizer):
    """Under an English locale the subject says the new status in English."""
    decide_application(session, make_application(fair=open_fair, enterprise=enterprise), "approved",
                       actor=organizer, now=utcnow())
    assert outbox(session)[0].subject == f"{open_fair.code}: your application is approved"


def test_an_inactive_member_is_not_mailed(session, make_application, make_enterprise, make_user, open_fair,
                                          organizer):
    """A deactivated member receives nothing; the active owner does."""
    owner, gone = make_user(role="exhibitor"), make_user(role="exhibitor", active=False)
    enterprise = make_enterprise(owner=owner)
    session.add(EnterpriseMember(user_id=gone.id, enterprise_id=enterprise.id, role="member", joined_at=utcnow()))
    decide_application(session, make_application(fair=open_fair, enterprise=enterprise), "approved",
                       actor=organizer, now=utcnow())
    assert [m.recipient for m in outbox(session)] == [owner.email]


def test_an_enterprise_without_members_is_mailed_at_its_contact(session, make_application, make_enterprise,
                                                                open_fair, organizer):
    """A delegation enterprise with no accounts is mailed at its contact e-mail."""
    enterprise = make_enterprise(email="lienhe@langnghe.vn")
    decide_application(session, make_application(fair=open_fair, enterprise=enterprise), "approved",
                       actor=organizer, now=utcnow())
    assert [m.recipient for m in outbox(session)] == ["lienhe@langnghe.vn"]


def test_a_refused_decision_mails_nothing(en, session, make_application, organizer):
    """A decision refused for lack of a reason queues no message."""
    with pytest.raises(ValidationFailed):
        decide_application(session, make_application(), "rejected", actor=organizer, now=utcnow())
    assert table_count(session, OutboxMessage) == 0


# === services: what is listed =======================================================================================


def test_fairs_open_to_offers_only_open_fairs_not_applied_to(session, make_fair, make_application, enterprise):
    """Open fairs before their deadline, without an application of the enterprise, in date order."""
    today = utcnow().date()
    later = make_fair(status="open", starts_on=today + timedelta(days=90))
    sooner = make_fair(status="open", starts_on=today + timedelta(days=40))
    applied = make_fair(status="open")
    make_application(fair=applied, enterprise=enterprise)
    make_fair(status="draft")
    make_fair(status="allocating")
    make_fair(status="open", application_deadline=today - timedelta(days=1))
    assert fairs_open_to(session, enterprise, today=today) == [sooner, later]


def test_an_application_elsewhere_does_not_hide_a_fair(session, make_application, open_fair, make_enterprise,
                                                       enterprise):
    """Another enterprise's application to a fair does not hide it from this enterprise."""
    make_application(fair=open_fair, enterprise=make_enterprise())
    assert fairs_open_to(session, enterprise, today=utcnow().date()) == [open_fair]


def test_list_visible_applications_shows_an_exhibitor_only_its_own(session, make_application, make_enterprise,
                                                                   make_user, open_fair, enterprise, exhibitor):
    """An exhibitor sees its enterprise's application of the fair; organizers and officers see all."""
    own = make_application(fair=open_fair, enterprise=enterprise)
    other = make_application(fair=open_fair, enterprise=make_enterprise(owner=make_user(role="exhibitor")))
    make_application(enterprise=enterprise)  # own, but another fair
    assert list_visible_applications(session, open_fair, exhibitor) == [own]
    for role in ("organizer", "officer"):
        assert set(list_visible_applications(session, open_fair, make_user(role=role))) == {own, other}


def test_list_applications_is_oldest_submission_first(session, make_application, open_fair):
    """The review queue order is the order of submission."""
    now = utcnow()
    late = make_application(fair=open_fair, submitted_at=now)
    early = make_application(fair=open_fair, submitted_at=now - timedelta(hours=2))
    assert list_applications(session, open_fair) == [early, late]


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
        "booths_requested": "2", "booth_type": "corner", "zone_preferences": [str(zone.id)],
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


def test_a_withdrawn_application_can_be_submitted_again(session, make_user, make_enterprise, make_fair):
    """Withdrawing is not final while the fair is open: applying again revives the same application."""
    owner = make_user(role="exhibitor")
    enterprise = make_enterprise(owner=owner)
    fair = make_fair(status="open")
    with force_locale("en"):
        first = submit_application(session, fair, enterprise, {"booths_requested": 1}, actor=owner, now=utcnow())
        withdraw_application(session, first, actor=owner, now=utcnow())
        again = submit_application(session, fair, enterprise, {"booths_requested": 2}, actor=owner, now=utcnow())
    assert again.id == first.id and again.status == "submitted" and again.booths_requested == 2
