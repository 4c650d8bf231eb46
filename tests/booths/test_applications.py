"""Booth applications: the services' rules and e-mails (the pages are in test_application_pages.py)."""

from datetime import timedelta

import pytest
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
from tests.conftest import table_count
from tests.enterprises.helpers import outbox


def _values(**over) -> dict:
    values = {"booths_requested": 2, "staff_count": 3, "products": "Gốm men lam"}
    values.update(over)
    return values


def _fields(error) -> list[str]:
    return [item["field"] for item in error.errors]


@pytest.fixture
def en(app_ctx):
    """Service messages in English."""
    with force_locale("en"):
        yield


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
