"""Both ways: an exhibitor proposes a meeting to a registered buyer, who answers through the badge link; a buyer
picks exhibitors from a searchable list (sector, province, country, booth)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from contracts.meetings import accept_meeting, answer_proposal, propose_meeting, proposed_by_exhibitor
from contracts.models import Meeting
from core.db import utcnow
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.mail import OutboxMessage
from tests.conftest import login
from tests.contracts.test_meetings import RULES, matching  # noqa: F401  (the fixture)
from tests.factories import link_token


def _propose(session, m, buyer, *, owner=0, start=600, message="Xin mời ghé gian B-01"):
    with force_locale("en"):
        return propose_meeting(session, m["fair"], m["sellers"][owner], {
            "buyer_id": buyer.id, "day": m["fair"].starts_on, "start_minute": start, "message": message},
            actor=m["owners"][owner], rules=RULES, now=utcnow(), meetings_url=lambda b: f"https://x/badges/{b.id}")


def test_an_exhibitor_proposes_and_the_buyer_is_told_with_the_link(session, matching):  # noqa: F811
    """A waiting proposal, the buyer's slot held, an e-mail naming the booth and carrying the answer link."""
    m = matching
    meeting = _propose(session, m, m["buyers"][0])
    assert meeting.status == "requested" and proposed_by_exhibitor(meeting)
    assert meeting.proposed_by_id == m["owners"][0].id and meeting.decided_by_id is None and meeting.decided_at is None
    mail = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == m["buyers"][0].email)).one()
    assert "B-01" in mail.body and f"https://x/badges/{m['buyers'][0].id}" in mail.body
    with pytest.raises(Conflict):  # the buyer's slot is held while they decide
        _propose(session, m, m["buyers"][0], message="again")


def test_the_buyer_accepts_or_declines_and_the_exhibitor_cannot_answer_its_own(session, matching):  # noqa: F811
    """Only the buyer answers a proposal; accepted it is a meeting like any other."""
    m = matching
    first = _propose(session, m, m["buyers"][0])
    with force_locale("en"), pytest.raises(Conflict):
        accept_meeting(session, first, place="booth", rules=RULES, actor=m["owners"][0], now=utcnow())
    with force_locale("en"), pytest.raises(NotFound):
        answer_proposal(session, first, m["buyers"][1], accept=True, rules=RULES, now=utcnow())
    answer_proposal(session, first, m["buyers"][0], accept=True, rules=RULES, now=utcnow())
    assert first.status == "accepted" and not proposed_by_exhibitor(first)
    second = _propose(session, m, m["buyers"][1], start=660)
    answer_proposal(session, second, m["buyers"][1], accept=False, rules=RULES, now=utcnow())
    assert second.status == "declined"


def test_only_an_exhibitor_with_a_booth_proposes_to_a_buyer(session, matching):  # noqa: F811
    """A plain visitor is no buyer; an exhibitor without a booth, or someone else's account, cannot propose."""
    m = matching
    with pytest.raises(ValidationFailed) as refused:
        _propose(session, m, m["plain"])
    assert [e["field"] for e in refused.value.errors] == ["buyer_id"]
    with pytest.raises(ValidationFailed) as refused:
        _propose(session, m, m["buyers"][0], owner=1)  # the second exhibitor has no booth
    assert [e["field"] for e in refused.value.errors] == ["slot"]
    with force_locale("en"), pytest.raises(PermissionDenied):
        propose_meeting(session, m["fair"], m["sellers"][0], {"buyer_id": m["buyers"][0].id,
                                                              "day": m["fair"].starts_on, "start_minute": 600},
                        actor=m["owners"][1], rules=RULES, now=utcnow(), meetings_url=str)


def test_the_pages_propose_and_answer(app, client, session, matching):  # noqa: F811
    """Exhibitor: finds the buyer by name, proposes; buyer: sees it through the badge link and accepts."""
    m = matching
    login(client, m["owners"][0])
    page = client.get(f"/fairs/{m['fair'].id}/meetings?bq=buyer+1").get_data(as_text=True)
    choices = page.split('data-testid="buyer-choices"')[1].split("</ul>")[0]
    assert "Buyer 1" in choices and "Buyer 0" not in choices and m["buyers"][1].email not in choices
    slot = f"{(m['fair'].starts_on + timedelta(days=1)).isoformat()}|600"
    response = client.post(f"/fairs/{m['fair'].id}/meetings/propose",
                           data={"buyer_id": m["buyers"][1].id, "slot": slot, "message": "Mời ghé gian"})
    assert response.status_code == 302
    meeting = session.scalars(sa.select(Meeting)).one()
    assert "Buyer 1" in client.get(f"/fairs/{m['fair'].id}/meetings").get_data(as_text=True).split(
        'data-testid="proposals"')[1]
    token = link_token(app, session, m["buyers"][1])
    buyer = app.test_client()
    assert 'data-testid="accept-proposal"' in buyer.get(f"/badges/{token}/meetings").get_data(as_text=True)
    assert buyer.post(f"/badges/{token}/meetings/{meeting.id}/answer", data={"answer": "accept"}).status_code == 302
    session.expire_all()
    assert meeting.status == "accepted"


def test_a_refused_proposal_keeps_the_page_and_names_the_field(client, session, matching):  # noqa: F811
    """No buyer chosen: 422 with the message under the buyer list."""
    m = matching
    login(client, m["owners"][0])
    slot = f"{m['fair'].starts_on.isoformat()}|600"
    response = client.post(f"/fairs/{m['fair'].id}/meetings/propose", data={"slot": slot})
    assert response.status_code == 422 and 'id="buyer_id-error"' in response.get_data(as_text=True)


def test_a_buyer_finds_exhibitors_by_sector_province_country_and_booth(app, client, session, matching,  # noqa: F811
                                                                      make_enterprise, make_application):
    """The buyer's list narrows by booth code, province (a former name counts), country and sector."""
    m = matching
    m["sellers"][0].province, m["sellers"][0].sector = "Hải Dương", "handicraft"
    m["sellers"][1].province, m["sellers"][1].sector = "Hà Nội", "textiles_garments"
    make_application(fair=m["fair"], status="approved", enterprise=make_enterprise(
        legal_name="Kyoto Washi", country="JP", province=None, sector="handicraft"))
    session.commit()
    token = link_token(app, session, m["buyers"][0])

    def listed(query: str) -> list[str]:
        html = client.get(f"/badges/{token}/meetings?{query}").get_data(as_text=True)
        part = html.split('data-testid="exhibitor-choices"')[1].split("</ul>")[0] \
            if 'data-testid="exhibitor-choices"' in html else ""
        return [name for name in ("Làng nghề 0", "Làng nghề 1", "Kyoto Washi") if name in part]

    assert listed("") == ["Làng nghề 0", "Làng nghề 1", "Kyoto Washi"]
    assert listed("q=b-01") == ["Làng nghề 0"]
    assert listed("province=Hải Phòng") == ["Làng nghề 0"]
    assert listed("country=JP") == ["Kyoto Washi"]
    assert listed("sector=textiles_garments") == ["Làng nghề 1"]


def test_the_buyer_is_offered_only_slots_still_to_come(app, client, session, matching):  # noqa: F811
    """A fair that began yesterday: yesterday's slots are not offered."""
    m = matching
    fair = m["fair"]
    fair.starts_on, fair.ends_on = utcnow().date() - timedelta(days=1), utcnow().date() + timedelta(days=2)
    fair.application_deadline = fair.starts_on - timedelta(days=30)
    session.commit()
    token = link_token(app, session, m["buyers"][0])
    html = client.get(f"/badges/{token}/meetings").get_data(as_text=True)
    offered = html.split('name="slot"')[1].split("</select>")[0]
    assert f'value="{fair.starts_on.isoformat()}|' not in offered
    assert f'value="{fair.ends_on.isoformat()}|540"' in offered
