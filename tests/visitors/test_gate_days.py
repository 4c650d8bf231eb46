"""The gates open on the fair's days: a scan before or after them is `not_open`, unless a set-up day lets
exhibitor staff in."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from core.db import utcnow
from tests.conftest import table_count
from tests.visitors.conftest import nonce, visitor_values
from visitors.models import Admission, Scan
from visitors.services import badge_code, current_badge, register_visitor


def _local_today(app):
    return utcnow().astimezone(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()


@pytest.fixture
def fair_on(app, make_fair, session):
    """`fair_on(first, last, setup_days=0)` → a published fair whose days are offsets from the fair's today."""

    def _fair_on(first: int, last: int, setup_days: int = 0):
        today = _local_today(app)
        fair = make_fair(status="published", starts_on=today + timedelta(days=first),
                         ends_on=today + timedelta(days=last), application_deadline=None, setup_days=setup_days)
        session.commit()
        return fair

    return _fair_on


def _badge(session, fair, **over):
    with force_locale("en"):
        visitor, _created = register_visitor(session, fair, visitor_values(**over), source="web", actor=None,
                                             now=utcnow())
        code = badge_code(session, current_badge(session, visitor), now=utcnow())
    session.commit()
    return visitor, code


def _scan(api, fair, code, scan_nonce=None):
    gate = api("staff", gate_fairs=[fair])
    return gate.post(f"/api/v1/fairs/{fair.id}/checkins", {"code": code, "gate": "Cổng 1",
                                                           "nonce": scan_nonce or nonce()})


def test_a_scan_before_the_fair_is_not_open_stored_and_admits_nobody(api, session, fair_on):
    """Two months early: `not_open` / before, the scan is stored with its verdict, no admission; replayed alike."""
    fair = fair_on(60, 63)
    _visitor, code = _badge(session, fair)
    same = nonce()
    answer = _scan(api, fair, code, same)
    assert answer.status_code == 200
    assert answer.json["result"] == "not_open" and answer.json["not_open"] == "before"
    assert table_count(session, Admission) == 0
    assert session.scalars(sa.select(Scan.result)).one() == "not_open"
    replay = _scan(api, fair, code, same).json
    assert replay["replayed"] is True and replay["result"] == "not_open" and replay["not_open"] == "before"


def test_a_scan_after_the_last_day_is_not_open_after(api, session, fair_on):
    """The fair ended yesterday: `not_open` / after."""
    fair = fair_on(-4, -1)
    _visitor, code = _badge(session, fair)
    answer = _scan(api, fair, code).json
    assert answer["result"] == "not_open" and answer["not_open"] == "after"
    assert table_count(session, Admission) == 0


def test_the_first_and_last_days_admit(api, session, fair_on):
    """Today is the first day of one fair and the last day of another: both admit."""
    for first, last in ((0, 3), (-3, 0)):
        fair = fair_on(first, last)
        _visitor, code = _badge(session, fair)
        assert _scan(api, fair, code).json["result"] == "admitted", (first, last)


def test_set_up_days_admit_exhibitor_staff_only(api, session, fair_on):
    """Opening in two days with three set-up days: an exhibitor's staff badge admits, a buyer's does not (and the
    answer names the buyer); without set-up days the staff badge is refused too."""
    fair = fair_on(2, 5, setup_days=3)
    staff, staff_code = _badge(session, fair)
    staff.visitor_type = "exhibitor_staff"
    buyer, buyer_code = _badge(session, fair, full_name="Kim Min-jun", visitor_type="trade_buyer")
    assert _scan(api, fair, staff_code).json["result"] == "admitted"
    refused = _scan(api, fair, buyer_code).json
    assert refused["result"] == "not_open" and refused["not_open"] == "before"
    assert refused["visitor"]["full_name"] == "Kim Min-jun"
    assert session.scalars(sa.select(Scan.visitor_id).where(Scan.result == "not_open")).one() == buyer.id
    assert session.scalars(sa.select(Admission.visitor_id)).all() == [staff.id]
    closed = fair_on(2, 5)
    early, early_code = _badge(session, closed)
    early.visitor_type = "exhibitor_staff"
    session.commit()
    assert _scan(api, closed, early_code).json["result"] == "not_open"


def test_the_organizer_sets_set_up_days_and_the_gates_follow_at_once(api, client, login_as, session, fair_on):
    """Set-up days saved from the gates page (0 to 14, an error beside the field otherwise) reach the
    scanner's cached dates at once."""
    fair = fair_on(1, 4)
    staff, code = _badge(session, fair)
    staff.visitor_type = "exhibitor_staff"
    session.commit()
    assert _scan(api, fair, code).json["result"] == "not_open"
    login_as("organizer")
    wrong = client.post(f"/fairs/{fair.id}/gates/setup-days", data={"setup_days": "30"})
    assert wrong.status_code == 422 and 'id="setup_days-error"' in wrong.get_data(as_text=True)
    assert client.post(f"/fairs/{fair.id}/gates/setup-days", data={"setup_days": "2"}).status_code == 302
    assert _scan(api, fair, code).json["result"] == "admitted"
