"""Business matching: requests, answers, one meeting a slot for each side (by the database), outcomes."""

import io
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.exc import IntegrityError

from booths.applications.models import BoothAssignment
from contracts.meetings import accept_meeting, cancel_meeting, decline_meeting, record_outcome, request_meeting
from contracts.models import Contract, Meeting
from contracts.slots import MeetingRules
from core.db import utcnow
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.conftest import csrf_token_from, login
from tests.factories import link_token
from visitors.services import current_badge

RULES = MeetingRules(length=30, hours="09:00-12:00", tables=2)


@pytest.fixture
def matching(session, running_fair, registered, make_user, make_enterprise, make_application, make_booth,
             make_hall):
    """Two exhibitors (the first with a booth), two trade buyers and a plain visitor."""
    owners, sellers = [], []
    hall = make_hall(fair=running_fair)
    for index in range(2):
        owner = make_user(role="exhibitor")
        seller = make_enterprise(owner=owner, legal_name=f"Làng nghề {index}")
        application = make_application(fair=running_fair, enterprise=seller, status="approved")
        if index == 0:
            booth = make_booth(hall=hall, code="B-01")
            session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, assigned_at=utcnow()))
        owners.append(owner)
        sellers.append(seller)
    session.commit()
    buyers = [registered(full_name=f"Buyer {index}", visitor_type="trade_buyer")[0] for index in range(2)]
    plain = registered(visitor_type="visitor")[0]
    return {"fair": running_fair, "owners": owners, "sellers": sellers, "buyers": buyers, "plain": plain}


def _ask(session, m, buyer, seller, start=540, day_offset=0):
    return request_meeting(session, m["fair"], buyer, {"enterprise_id": seller.id, "day":
                                                       m["fair"].starts_on + timedelta(days=day_offset),
                                                       "start_minute": start}, rules=RULES, now=utcnow())


def test_a_buyer_holds_one_request_a_slot(session, matching):
    """A second request in the same slot is refused; declining frees the slot again."""
    m = matching
    first = _ask(session, m, m["buyers"][0], m["sellers"][0])
    with pytest.raises(Conflict):
        _ask(session, m, m["buyers"][0], m["sellers"][1])
    decline_meeting(session, first, actor=m["owners"][0], now=utcnow())
    assert _ask(session, m, m["buyers"][0], m["sellers"][1]).status == "requested"


def test_an_exhibitor_accepts_one_meeting_a_slot(session, matching):
    """Two buyers ask the same exhibitor for one slot: the first acceptance wins, the second is refused."""
    m = matching
    one, two = (_ask(session, m, buyer, m["sellers"][0]) for buyer in m["buyers"])
    accept_meeting(session, one, place="booth", rules=RULES, actor=m["owners"][0], now=utcnow())
    with pytest.raises(Conflict):
        accept_meeting(session, two, place="booth", rules=RULES, actor=m["owners"][0], now=utcnow())
    assert session.get(Meeting, two.id).status == "requested"


def test_the_database_refuses_a_second_accepted_meeting_in_a_slot(session, matching):
    """Even written around the service, two accepted meetings of one exhibitor in one slot cannot exist."""
    m = matching
    day = m["fair"].starts_on
    for buyer in m["buyers"]:
        session.add(Meeting(fair_id=m["fair"].id, buyer_visitor_id=buyer.id, enterprise_id=m["sellers"][0].id,
                            day=day, start_minute=600, minutes=30, place="booth", status="accepted",
                            requested_at=utcnow()))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    buyer = m["buyers"][0]
    for seller in m["sellers"]:  # the buyer's side too
        session.add(Meeting(fair_id=m["fair"].id, buyer_visitor_id=buyer.id, enterprise_id=seller.id, day=day,
                            start_minute=600, minutes=30, place="booth", status="requested", requested_at=utcnow()))
    with pytest.raises(IntegrityError):
        session.flush()


def test_tables_are_shared_out_and_run_out(session, matching):
    """Without a booth the exhibitor meets at a table: the lowest free one of the slot; none left: refused."""
    m = matching
    meetings = [_ask(session, m, buyer, m["sellers"][1], start=600) for buyer in m["buyers"]]
    with pytest.raises(ValidationFailed):
        accept_meeting(session, meetings[0], place="booth", rules=RULES, actor=m["owners"][1], now=utcnow())
    accept_meeting(session, meetings[0], place="table", rules=RULES, actor=m["owners"][1], now=utcnow())
    assert meetings[0].table_no == 1
    with pytest.raises(Conflict):  # the exhibitor already meets someone in this slot, whatever the table
        accept_meeting(session, meetings[1], place="table", rules=RULES, actor=m["owners"][1], now=utcnow())
    decline_meeting(session, meetings[1], actor=m["owners"][1], now=utcnow())
    elsewhere = _ask(session, m, m["buyers"][1], m["sellers"][0], start=600)
    with pytest.raises(ValidationFailed):  # one table only, and it is taken in this slot
        accept_meeting(session, elsewhere, place="table", rules=MeetingRules(length=30, hours="09:00-12:00",
                                                                             tables=1),
                       actor=m["owners"][0], now=utcnow())
    accept_meeting(session, elsewhere, place="table", rules=RULES, actor=m["owners"][0], now=utcnow())
    assert elsewhere.table_no == 2
    later = _ask(session, m, m["buyers"][0], m["sellers"][0], start=630)
    accept_meeting(session, later, place="table", rules=RULES, actor=m["owners"][0], now=utcnow())
    assert later.table_no == 1  # another slot: table 1 is free again


def test_only_trade_buyers_ask_and_only_in_slots(session, matching):
    """A plain visitor may not ask; an off-grid time, another fair day or a non-exhibitor is refused by field."""
    m = matching
    with pytest.raises(PermissionDenied):
        _ask(session, m, m["plain"], m["sellers"][0])
    with pytest.raises(ValidationFailed) as refused:
        _ask(session, m, m["buyers"][0], m["sellers"][0], start=545)
    assert refused.value.errors[0]["field"] == "slot"
    with pytest.raises(ValidationFailed):
        _ask(session, m, m["buyers"][0], m["sellers"][0], day_offset=-3)


def test_an_outcome_links_only_the_sellers_own_contract(session, matching):
    """The outcome "contract" takes a contract of this seller at this fair, not another's."""
    m = matching
    meeting = _ask(session, m, m["buyers"][0], m["sellers"][0])
    accept_meeting(session, meeting, place="booth", rules=RULES, actor=m["owners"][0], now=utcnow())
    contracts = []
    for seller in m["sellers"]:
        contract = Contract(fair_id=m["fair"].id, seller_enterprise_id=seller.id, buyer_name="Buyer 0",
                            buyer_country="JP", kind="order", category="handicraft", amount=100, currency="VND",
                            fx_rate_to_vnd=1, value_vnd=100, value_usd=0, signed_on=m["fair"].starts_on,
                            status="signed", created_at=utcnow(), updated_at=utcnow())
        session.add(contract)
        contracts.append(contract)
    session.flush()
    later = datetime.combine(m["fair"].starts_on, time(12), tzinfo=UTC)  # the 09:00 meeting has begun
    with pytest.raises(Conflict):  # not before the meeting has begun
        record_outcome(session, meeting, {"outcome": "no_deal"}, actor=m["owners"][0], rules=RULES, now=utcnow())
    with pytest.raises(ValidationFailed):
        record_outcome(session, meeting, {"outcome": "contract", "contract_id": contracts[1].id},
                       actor=m["owners"][0], rules=RULES, now=later)
    with pytest.raises(ValidationFailed):  # a malformed id is a field error, not a crash
        record_outcome(session, meeting, {"outcome": "contract", "contract_id": "12abc"}, actor=m["owners"][0],
                       rules=RULES, now=later)
    record_outcome(session, meeting, {"outcome": "contract", "contract_id": contracts[0].id},
                   actor=m["owners"][0], rules=RULES, now=later)
    assert meeting.contract_id == contracts[0].id
    with pytest.raises(Conflict):  # held meetings cannot be cancelled
        cancel_meeting(session, meeting, actor=m["owners"][0], rules=RULES, now=later)


def test_cancelling_frees_the_slot_until_the_meeting_begins(session, matching):
    """A cancelled request frees the buyer's slot; an accepted meeting cannot be cancelled once begun;
    another exhibitor's cancel is a NotFound."""
    m = matching
    first = _ask(session, m, m["buyers"][0], m["sellers"][0])
    with pytest.raises(NotFound):
        cancel_meeting(session, first, actor=m["owners"][1], rules=RULES, now=utcnow())
    cancel_meeting(session, first, buyer=m["buyers"][0], rules=RULES, now=utcnow())
    again = _ask(session, m, m["buyers"][0], m["sellers"][0])
    accept_meeting(session, again, place="booth", rules=RULES, actor=m["owners"][0], now=utcnow())
    begun = datetime.combine(m["fair"].starts_on, time(9, 5), tzinfo=RULES.zone)
    with pytest.raises(Conflict):
        cancel_meeting(session, again, buyer=m["buyers"][0], rules=RULES, now=begun)
    cancel_meeting(session, again, actor=m["owners"][0], rules=RULES, now=utcnow())
    assert _ask(session, m, m["buyers"][1], m["sellers"][0]).status == "requested"


def test_a_slot_that_has_passed_cannot_be_asked_for(session, matching):
    """On the fair's first afternoon the morning's slots are refused by field."""
    m = matching
    afternoon = datetime.combine(m["fair"].starts_on, time(13), tzinfo=RULES.zone)
    with pytest.raises(ValidationFailed) as refused:
        request_meeting(session, m["fair"], m["buyers"][0], {"enterprise_id": m["sellers"][0].id,
                                                             "day": m["fair"].starts_on, "start_minute": 540},
                        rules=RULES, now=afternoon)
    assert refused.value.errors[0]["field"] == "slot"


def test_only_a_buyer_with_a_badge_in_force_reaches_the_meetings(app, client, session, matching):
    """A plain visitor's link is refused (403); a buyer's link whose badge was revoked is gone (410)."""
    buyer, plain = matching["buyers"][0], matching["plain"]
    token = link_token(app, session, buyer)
    assert client.get(f"/badges/{token}/meetings").status_code == 200
    assert client.get(f"/badges/{link_token(app, session, plain)}/meetings").status_code == 403
    current_badge(session, buyer).revoked_at = utcnow()
    session.commit()
    assert client.get(f"/badges/{token}/meetings").status_code == 410
    assert client.get(f"/badges/{token}/meetings.pdf").status_code == 410


def test_the_pages_from_request_to_schedule(app, client, session, matching):
    """The buyer asks from the badge link; the exhibitor accepts; both schedules (PDF) list the meeting."""
    m = matching
    buyer = m["buyers"][0]
    token = link_token(app, session, buyer)
    page = client.get(f"/badges/{token}/meetings")
    assert page.status_code == 200
    slot = f"{m['fair'].starts_on.isoformat()}|570"
    asked = client.post(f"/badges/{token}/meetings", data={  # CSRF is off in tests: tests/core/test_csrf.py
        "enterprise_id": m["sellers"][0].id,
        "slot": slot, "message": "Gốm men lam"})
    assert asked.status_code == 302
    meeting = session.scalars(sa.select(Meeting)).one()
    login(client, m["owners"][0])
    answers = client.get(f"/fairs/{m['fair'].id}/meetings")
    assert "Gốm men lam" in answers.get_data(as_text=True)
    accepted = client.post(f"/meetings/{meeting.id}/accept", data={
        "csrf_token": csrf_token_from(answers.get_data(as_text=True)), "place": "booth"})
    assert accepted.status_code == 302
    session.expire_all()
    assert session.get(Meeting, meeting.id).status == "accepted"
    text = PdfReader(io.BytesIO(client.get(f"/fairs/{m['fair'].id}/meetings.pdf").data)).pages[0].extract_text()
    assert "Buyer 0" in text and "09:30" in text
    buyer_pdf = client.get(f"/badges/{token}/meetings.pdf")
    text = PdfReader(io.BytesIO(buyer_pdf.data)).pages[0].extract_text()
    assert "Làng nghề 0" in text and "B-01" in text


def test_another_exhibitor_cannot_answer(client, session, matching):
    """The second exhibitor's accept of the first's request is a 404 and changes nothing."""
    m = matching
    meeting = _ask(session, m, m["buyers"][0], m["sellers"][0])
    session.commit()
    login(client, m["owners"][1])
    page = client.get(f"/fairs/{m['fair'].id}/leads")  # any page of theirs with a form
    response = client.post(f"/meetings/{meeting.id}/accept", data={
        "csrf_token": csrf_token_from(page.get_data(as_text=True)), "place": "table"})
    assert response.status_code == 404  # another's meeting does not exist for them
    session.expire_all()
    assert session.get(Meeting, meeting.id).status == "requested"
