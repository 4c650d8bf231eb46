"""Booth applications: applying and its rules (deciding, withdrawing, e-mails and lists are in
test_application_decisions.py; the pages in test_application_pages.py)."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from booths.applications.models import BoothApplication
from booths.applications.services import submit_application
from core.db import utcnow
from core.errors import Conflict, NotFound, ValidationFailed
from tests.booths.conftest import application_values as _values
from tests.booths.conftest import refused_fields as _fields
from tests.conftest import table_count

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
