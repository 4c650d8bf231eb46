"""Booth applications: the organizer's decisions, withdrawal, the e-mails of every transition, and what is listed
(applying is in test_applications.py)."""

from datetime import timedelta

import pytest
from flask_babel import force_locale

from booths.applications.services import (
    approve_many,
    decide_application,
    fairs_open_to,
    list_applications,
    list_visible_applications,
    submit_application,
    withdraw_application,
)
from core.db import utcnow
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.mail import OutboxMessage
from enterprises.models import EnterpriseMember
from tests.booths.conftest import application_values as _values
from tests.booths.conftest import refused_fields as _fields
from tests.conftest import table_count
from tests.enterprises.helpers import outbox

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


def test_another_exhibitor_cannot_withdraw(session, make_application, make_user, open_fair, enterprise, exhibitor):
    """An exhibitor of another enterprise gets NotFound and the application stays live; its own exhibitor then
    withdraws it (the positive control: the refusal is about who asks, not about the application)."""
    application = make_application(fair=open_fair, enterprise=enterprise)
    with pytest.raises(NotFound):
        withdraw_application(session, application, actor=make_user(role="exhibitor"), now=utcnow())
    assert application.status == "submitted"
    withdraw_application(session, application, actor=exhibitor, now=utcnow())
    assert application.status == "withdrawn"


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
