"""Fair services: creating, editing and moving fairs, with the database as the last guard."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from core.audit import AuditEvent
from core.db import utcnow
from core.errors import Conflict, NotFound, ValidationFailed
from fairs.models import Fair
from fairs.services import (
    change_fair_status,
    create_fair,
    get_public_fair,
    list_fairs,
    list_upcoming_public_fairs,
    next_step,
    update_fair,
)
from tests.conftest import table_count
from tests.fairs.conftest import START, fair_fields


@pytest.fixture(autouse=True)
def _in_a_request(app_ctx):
    """Run each service inside a request, as views and the API do (messages need a locale)."""
    with app_ctx.test_request_context("/"):
        yield


def _fields_of(error) -> list[str]:
    return [item["field"] for item in error.errors]


def _audit_events(session, action):
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


# --- create_fair ---------------------------------------------------------------------------


def test_create_fair_stores_a_draft(session, organizer):
    """A new fair is stored as a draft with the fields it was given."""
    fair = create_fair(session, fair_fields(), actor=organizer, now=utcnow())
    stored = session.get(Fair, fair.id)
    assert (stored.status, stored.name_vi, stored.starts_on) == ("draft", "Hội chợ Quà tặng Hà Nội", START)


@pytest.mark.parametrize(("given", "stored"), [
    ("Hải Dương", "Hải Phòng"),
    ("Tỉnh Bình Dương", "Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Huế"),
    ("ha noi", "Hà Nội"),
])
def test_create_fair_stores_todays_unit_for_a_former_province(session, organizer, given, stored):
    """A former province name is stored as the unit it belongs to today."""
    fair = create_fair(session, fair_fields(province=given), actor=organizer, now=utcnow())
    assert fair.province == stored


def test_create_fair_upper_cases_and_trims_the_code(session, organizer):
    """The code is stored upper-case, without surrounding spaces."""
    fair = create_fair(session, fair_fields(code="  hn-gift-2026 "), actor=organizer, now=utcnow())
    assert fair.code == "HN-GIFT-2026"


@pytest.mark.parametrize(("over", "field"), [
    ({"ends_on": START - timedelta(days=1)}, "ends_on"),
    ({"application_deadline": START + timedelta(days=1)}, "application_deadline"),
    ({"province": "Atlantis"}, "province"),
    ({"province": ""}, "province"),
    ({"name_vi": ""}, "name_vi"),
    ({"name_vi": "   "}, "name_vi"),
    ({"name_en": ""}, "name_en"),
    ({"venue": "x" * 301}, "venue"),
    ({"code": ""}, "code"),
    ({"code": "A"}, "code"),
    ({"code": "HN GIFT"}, "code"),
    ({"code": "-HN"}, "code"),
    ({"code": "HN/GIFT"}, "code"),
    ({"code": "A" * 41}, "code"),
    ({"starts_on": None}, "starts_on"),
    ({"ends_on": "2026-13-01"}, "ends_on"),
])
def test_create_fair_names_the_bad_field(session, organizer, over, field):
    """Each bad input is refused with ValidationFailed naming exactly that field."""
    with pytest.raises(ValidationFailed) as caught:
        create_fair(session, fair_fields(**over), actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == [field]


def test_a_refused_fair_is_not_stored(session, organizer):
    """Nothing is added when validation fails."""
    with pytest.raises(ValidationFailed):
        create_fair(session, fair_fields(ends_on=START - timedelta(days=1)), actor=organizer, now=utcnow())
    assert table_count(session, Fair) == 0


def test_a_deadline_on_the_first_day_is_accepted(session, organizer):
    """The application deadline may fall on the first day of the fair."""
    fair = create_fair(session, fair_fields(application_deadline=START), actor=organizer, now=utcnow())
    assert fair.application_deadline == START


def test_a_one_day_fair_is_accepted(session, organizer):
    """A fair may start and end on the same day."""
    fair = create_fair(session, fair_fields(ends_on=START), actor=organizer, now=utcnow())
    assert fair.ends_on == fair.starts_on


def test_the_deadline_is_optional(session, organizer):
    """A fair without an application deadline is accepted."""
    fair = create_fair(session, fair_fields(application_deadline=None), actor=organizer, now=utcnow())
    assert fair.application_deadline is None


def test_a_duplicate_code_is_a_conflict_on_code(session, organizer, make_fair):
    """A code already used (in any case) is refused with Conflict naming the code."""
    make_fair(code="HN-GIFT-2026")
    with pytest.raises(Conflict) as caught:
        create_fair(session, fair_fields(code="hn-gift-2026"), actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["code"]


def test_create_fair_records_an_audit_event(session, organizer):
    """Creating a fair records who created it and what was stored."""
    fair = create_fair(session, fair_fields(province="Hải Dương"), actor=organizer, now=utcnow())
    session.flush()
    [event] = _audit_events(session, "fair.create")
    assert (event.actor_id, event.target_type, event.target_id) == (organizer.id, "fair", fair.id)
    assert event.after["province"] == "Hải Phòng" and event.after["status"] == "draft"


# --- update_fair ---------------------------------------------------------------------------


def test_update_fair_changes_the_given_fields(session, organizer, make_fair):
    """Only the fields sent change; the others keep their values."""
    fair = make_fair(venue="Old venue")
    old_name = fair.name_vi
    update_fair(session, fair, {"venue": "New venue", "province": "Hải Dương"}, actor=organizer, now=utcnow())
    assert (fair.venue, fair.province, fair.name_vi) == ("New venue", "Hải Phòng", old_name)


def test_update_fair_may_keep_its_own_code(session, organizer, make_fair):
    """Saving a fair with its own code is not a duplicate."""
    fair = make_fair(code="KEEP-ME")
    update_fair(session, fair, {"code": "keep-me", "venue": "Elsewhere"}, actor=organizer, now=utcnow())
    assert fair.code == "KEEP-ME"


def test_update_fair_refuses_another_fairs_code(session, organizer, make_fair):
    """Taking the code of another fair is a Conflict on code."""
    make_fair(code="TAKEN")
    fair = make_fair()
    with pytest.raises(Conflict) as caught:
        update_fair(session, fair, {"code": "TAKEN"}, actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["code"]


def test_update_fair_checks_the_dates_against_the_stored_ones(session, organizer, make_fair):
    """Moving only the last day before the stored first day names ends_on."""
    fair = make_fair(starts_on=START)
    with pytest.raises(ValidationFailed) as caught:
        update_fair(session, fair, {"ends_on": START - timedelta(days=1)}, actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["ends_on"]


def test_update_fair_refuses_an_unknown_field(session, organizer, make_fair):
    """A field that is not editable is named in the error."""
    fair = make_fair()
    with pytest.raises(ValidationFailed) as caught:
        update_fair(session, fair, {"created_at": utcnow()}, actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["created_at"]


def test_update_fair_moves_the_status_forward(session, organizer, make_fair):
    """A status sent with the changes follows the lifecycle forward."""
    fair = make_fair(status="draft")
    update_fair(session, fair, {"status": "open"}, actor=organizer, now=utcnow())
    assert session.get(Fair, fair.id).status == "open"


def test_update_fair_refuses_a_backward_status(session, organizer, make_fair):
    """A backward step is a Conflict naming status, and the status stays."""
    fair = make_fair(status="published")
    with pytest.raises(Conflict) as caught:
        update_fair(session, fair, {"status": "open"}, actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["status"] and fair.status == "published"


def test_a_refused_status_leaves_the_other_fields_alone(session, organizer, make_fair):
    """When the status step is refused, the fields sent with it are not applied either."""
    fair = make_fair(status="published", venue="Old venue")
    with pytest.raises(Conflict):
        update_fair(session, fair, {"status": "draft", "venue": "New venue"}, actor=organizer, now=utcnow())
    assert fair.venue == "Old venue"


def test_update_fair_refuses_an_unknown_status(session, organizer, make_fair):
    """A status outside the lifecycle is a ValidationFailed on status."""
    fair = make_fair()
    with pytest.raises(ValidationFailed) as caught:
        update_fair(session, fair, {"status": "cancelled"}, actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["status"]


def test_update_fair_records_the_status_change_in_the_audit(session, organizer, make_fair):
    """An update that moves the status records the status before and after."""
    fair = make_fair(status="draft")
    update_fair(session, fair, {"status": "open"}, actor=organizer, now=utcnow())
    [event] = _audit_events(session, "fair.update")
    assert (event.before["status"], event.after["status"], event.actor_id) == ("draft", "open", organizer.id)


# --- change_fair_status --------------------------------------------------------------------


def test_change_fair_status_moves_forward(session, organizer, make_fair):
    """Open → allocating is allowed."""
    fair = make_fair(status="open")
    change_fair_status(session, fair, "allocating", actor=organizer, now=utcnow())
    assert session.get(Fair, fair.id).status == "allocating"


def test_change_fair_status_may_reopen_allocation(session, organizer, make_fair):
    """Allocating → open is the one step back that is allowed."""
    fair = make_fair(status="allocating")
    change_fair_status(session, fair, "open", actor=organizer, now=utcnow())
    assert fair.status == "open"


def test_change_fair_status_refuses_a_backward_step(session, organizer, make_fair):
    """Open → draft is a Conflict on status; the fair stays open."""
    fair = make_fair(status="open")
    with pytest.raises(Conflict) as caught:
        change_fair_status(session, fair, "draft", actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["status"] and fair.status == "open"


def test_change_fair_status_refuses_the_same_status(session, organizer, make_fair):
    """Moving a fair to the status it already has is refused."""
    fair = make_fair(status="open")
    with pytest.raises(Conflict):
        change_fair_status(session, fair, "open", actor=organizer, now=utcnow())


def test_change_fair_status_refuses_an_unknown_status(session, organizer, make_fair):
    """A status outside the lifecycle is a ValidationFailed on status."""
    fair = make_fair()
    with pytest.raises(ValidationFailed) as caught:
        change_fair_status(session, fair, "cancelled", actor=organizer, now=utcnow())
    assert _fields_of(caught.value) == ["status"]


def test_change_fair_status_records_an_audit_event(session, organizer, make_fair):
    """A status change records who moved the fair, from which status to which."""
    fair = make_fair(status="draft")
    change_fair_status(session, fair, "open", actor=organizer, now=utcnow())
    session.flush()
    [event] = _audit_events(session, "fair.status")
    assert (event.actor_id, event.target_id, event.before, event.after) == (
        organizer.id, fair.id, {"status": "draft"}, {"status": "open"})


def test_a_refused_status_change_records_no_audit_event(session, organizer, make_fair):
    """Nothing is audited when the step is refused."""
    fair = make_fair(status="open")
    with pytest.raises(Conflict):
        change_fair_status(session, fair, "draft", actor=organizer, now=utcnow())
    session.flush()
    assert _audit_events(session, "fair.status") == []


# --- the database as the last guard --------------------------------------------------------


def test_the_database_refuses_a_fair_ending_before_it_starts(make_fair):
    """The dates_ordered check constraint refuses starts_on > ends_on."""
    with pytest.raises(IntegrityError):
        make_fair(starts_on=START, ends_on=START - timedelta(days=1))


def test_the_database_refuses_a_deadline_after_the_start(make_fair):
    """The deadline_before_start check constraint refuses a late deadline."""
    with pytest.raises(IntegrityError):
        make_fair(starts_on=START, application_deadline=START + timedelta(days=1))


def test_the_database_refuses_an_unknown_status(make_fair):
    """The status_known check constraint refuses a status outside the lifecycle."""
    with pytest.raises(IntegrityError):
        make_fair(status="cancelled")


def test_the_database_refuses_a_duplicate_code(make_fair):
    """The unique constraint on code holds even without the service's check."""
    make_fair(code="TWICE")
    with pytest.raises(IntegrityError):
        make_fair(code="TWICE")


# --- reading -------------------------------------------------------------------------------


def test_list_fairs_hides_drafts_from_the_public(session, make_fair):
    """Without the right to manage, drafts are not listed."""
    make_fair(code="DRAFT-ONE", status="draft")
    make_fair(code="OPEN-ONE", status="open")
    assert [fair.code for fair in list_fairs(session, include_unpublished=False)] == ["OPEN-ONE"]


def test_list_fairs_shows_drafts_to_managers(session, make_fair):
    """Managers see drafts as well as public fairs."""
    make_fair(code="DRAFT-ONE", status="draft")
    make_fair(code="OPEN-ONE", status="open")
    assert {fair.code for fair in list_fairs(session, include_unpublished=True)} == {"DRAFT-ONE", "OPEN-ONE"}


def test_upcoming_public_fairs_leave_out_drafts_closed_and_past_fairs(session, make_fair):
    """Only public fairs that are not closed and have not ended are upcoming, soonest first."""
    today = utcnow().date()
    make_fair(code="LATER", status="open", starts_on=today + timedelta(days=50))
    make_fair(code="SOON", status="running", starts_on=today - timedelta(days=1))
    make_fair(code="DRAFT", status="draft")
    make_fair(code="CLOSED", status="closed")
    make_fair(code="PAST", status="running", starts_on=today - timedelta(days=30))
    assert [fair.code for fair in list_upcoming_public_fairs(session, today=today)] == ["SOON", "LATER"]


def test_get_public_fair_hides_a_draft(session, make_fair):
    """A draft's code gives NotFound on the public side."""
    make_fair(code="SECRET", status="draft")
    with pytest.raises(NotFound):
        get_public_fair(session, "SECRET")


def test_get_public_fair_ignores_the_case_of_the_code(session, make_fair):
    """A public fair is found by its code in any case."""
    fair = make_fair(code="HN-OPEN", status="open")
    assert get_public_fair(session, "hn-open") is fair


def test_a_closed_fair_can_no_longer_be_edited(session, organizer, make_fair):
    """Once closed, a fair's dates and names are part of the record: edits are refused."""
    fair = make_fair(status="closed")
    with pytest.raises(Conflict):
        update_fair(session, fair, {"name_en": "Rewritten history"}, actor=organizer, now=utcnow())
    assert fair.name_en != "Rewritten history"


@pytest.mark.parametrize(("status", "days_from_start", "expected"), [
    ("draft", -100, "Lay out the halls and booths, then open applications."),
    ("open", -40, "Review the applications; start allocation once the deadline has passed."),
    ("open", -10, "The application deadline has passed: decide the last applications and start allocation."),
    ("published", -1, "Print the badges and open the fair on its first day."),
    ("published", 0, "The fair begins today or has begun: open it."),
    ("running", 3, "Close the fair after its last day."),
    ("running", 4, "The fair's last day has passed: close it."),
])
def test_the_next_step_depends_on_the_status_and_the_day(app_ctx, status, days_from_start, expected):
    """The deadline (20 days before a 4-day fair), the first day and the last day change what comes next."""
    start = date(2027, 4, 20)
    fair = Fair(status=status, starts_on=start, ends_on=start + timedelta(days=3),
                application_deadline=start - timedelta(days=20))
    with force_locale("en"):
        assert next_step(fair, start + timedelta(days=days_from_start)) == expected
