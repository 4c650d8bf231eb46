"""Contracts through the API: exact values in VND and USD, each bad contract refused by its field."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from accounts.services import issue_api_token
from contracts.models import Contract
from core.audit import AuditEvent
from core.db import utcnow


@pytest.fixture
def trading_fair(session, make_fair, make_enterprise, make_application, make_user):
    """A running fair with an approved exhibitor (its owner an exhibitor user) and rates for USD and JPY."""
    fair = make_fair(status="running")
    owner = make_user(role="exhibitor")
    seller = make_enterprise(owner=owner, legal_name="HTX Gốm Bát Tràng")
    make_application(fair=fair, enterprise=seller, status="approved")
    session.commit()
    return fair, seller, owner


def _rates(caller, fair):
    day = fair.starts_on - timedelta(days=1)
    assert caller.post(f"/api/v1/fairs/{fair.id}/fx-rates",
                       {"currency": "USD", "rate_to_vnd": "25400.5", "on": day.isoformat()}).status_code == 201
    assert caller.post(f"/api/v1/fairs/{fair.id}/fx-rates",
                       {"currency": "JPY", "rate_to_vnd": "168.25", "on": day.isoformat()}).status_code == 201


def _contract(fair, seller, **over):
    body = {"seller_enterprise_id": seller.id, "buyer_name": "Kyoto Trading", "buyer_country": "JP", "kind": "contract",
            "category": "handicraft", "amount": "12345.67", "currency": "USD",
            "signed_on": fair.starts_on.isoformat()}
    body.update(over)
    return body


def test_a_usd_contract_is_stored_in_vnd_and_usd_exactly(api, session, trading_fair):
    """12,345.67 USD at 25,400.5: 313,586,191 VND and 12,345.67 USD; a JPY one converts through VND."""
    fair, seller, _owner = trading_fair
    organizer = api("organizer")
    _rates(organizer, fair)
    response = organizer.post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller))
    assert response.status_code == 201, response.json
    assert response.json["value_vnd"] == "313586191" and response.json["value_usd"] == "12345.67"
    jpy = organizer.post(f"/api/v1/fairs/{fair.id}/contracts",
                         _contract(fair, seller, amount="1000000", currency="JPY", buyer_name="Osaka Co."))
    assert jpy.json["value_vnd"] == "168250000"
    assert Decimal(jpy.json["value_usd"]) == (Decimal("168250000") / Decimal("25400.5")).quantize(Decimal("0.01"))
    stored = session.scalars(sa.select(Contract).order_by(Contract.id)).all()
    assert [c.value_vnd for c in stored] == [Decimal("313586191"), Decimal("168250000")]


def test_an_own_rate_overrides_the_fairs_and_vnd_needs_no_rate(api, trading_fair):
    """fx_rate_to_vnd given: used as is; a VND contract converts at 1 (USD from the fair's rate)."""
    fair, seller, _owner = trading_fair
    organizer = api("organizer")
    _rates(organizer, fair)
    own = organizer.post(f"/api/v1/fairs/{fair.id}/contracts",
                         _contract(fair, seller, amount="100", fx_rate_to_vnd="26000"))
    assert own.json["value_vnd"] == "2600000" and own.json["fx_rate_to_vnd"] == "26000.000000"
    vnd = organizer.post(f"/api/v1/fairs/{fair.id}/contracts",
                         _contract(fair, seller, amount="254005000", currency="VND", buyer_name="Siêu thị Hà Nội",
                                   buyer_country="VN", buyer_province="Hà Nội"))
    assert vnd.json["value_vnd"] == "254005000" and vnd.json["value_usd"] == "10000.00"


@pytest.mark.parametrize(("change", "field"), [
    ({"amount": "0"}, "amount"), ({"amount": "-5"}, "amount"), ({"currency": "XYZ"}, "currency"),
    ({"currency": "EUR"}, "fx_rate_to_vnd"), ({"signed_on": "2001-01-01"}, "signed_on"),
    ({"kind": "gift"}, "kind"), ({"buyer_country": "VN"}, "buyer_province"),
])
def test_each_bad_contract_is_refused_naming_its_field(api, session, trading_fair, change, field):
    """Non-positive amount, unknown currency, no rate, a date outside the window, …: 422 naming the field."""
    fair, seller, _owner = trading_fair
    organizer = api("organizer")
    _rates(organizer, fair)
    response = organizer.post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller, **change))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in [error["field"] for error in response.json["errors"]], response.json
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_a_likely_duplicate_is_flagged_and_exhibitors_record_only_their_own(api, session, api_token, trading_fair,
                                                                            make_enterprise, client):
    """Same seller, buyer, amount and date: 409 unless confirmed. An exhibitor sees and records only its own."""
    fair, seller, owner = trading_fair
    organizer = api("organizer")
    _rates(organizer, fair)
    assert organizer.post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller)).status_code == 201
    again = organizer.post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller))
    assert again.status_code == 409
    confirmed = organizer.post(f"/api/v1/fairs/{fair.id}/contracts", _contract(fair, seller, confirm_duplicate=True))
    assert confirmed.status_code == 201
    token = issue_api_token(session, owner, "mine", now=utcnow())
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    mine = client.post(f"/api/v1/fairs/{fair.id}/contracts", json=_contract(fair, seller, amount="5"),
                       headers=headers)
    assert mine.status_code == 201
    other = make_enterprise(legal_name="Someone else")
    session.commit()
    theirs = client.post(f"/api/v1/fairs/{fair.id}/contracts", json=_contract(fair, other), headers=headers)
    assert theirs.status_code == 403, theirs.json
    listed = client.get(f"/api/v1/fairs/{fair.id}/contracts", headers=headers).json
    assert len(listed) == 3 and {c["seller_enterprise_id"] for c in listed} == {seller.id}
    assert api("exhibitor").get(f"/api/v1/fairs/{fair.id}/contracts").json == []


def test_edits_are_converted_again_audited_and_closed_to_the_exhibitor_once_verified(api, session, client,
                                                                                      trading_fair):
    """The exhibitor corrects the amount (VND recomputed, audit before/after); after the organizer verifies,
    the exhibitor's edit is refused and the organizer's is audited."""
    fair, seller, owner = trading_fair
    organizer = api("organizer")
    _rates(organizer, fair)
    token = issue_api_token(session, owner, "mine", now=utcnow())
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post(f"/api/v1/fairs/{fair.id}/contracts", json=_contract(fair, seller, amount="100"),
                          headers=headers).json
    fixed = client.patch(f"/api/v1/contracts/{created['id']}", json={"amount": "200"}, headers=headers)
    assert fixed.status_code == 200 and fixed.json["value_vnd"] == "5080100"  # 200 × 25,400.5
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "contract.update")).one()
    assert event.before["amount"] == "100.00" and event.after["amount"] == "200.00"
    assert organizer.post(f"/api/v1/contracts/{created['id']}/verify", {}).json["verified"] is True
    refused = client.patch(f"/api/v1/contracts/{created['id']}", json={"amount": "300"}, headers=headers)
    assert refused.status_code == 403
    changed = organizer.patch(f"/api/v1/contracts/{created['id']}", {"status": "cancelled"})
    assert changed.status_code == 200 and changed.json["status"] == "cancelled"
    actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.target_type == "contract")
                              .order_by(AuditEvent.id)).all()
    assert actions == ["contract.create", "contract.update", "contract.verify", "contract.update"]
    assert api("exhibitor").patch(f"/api/v1/contracts/{created['id']}", {"amount": "1"}).status_code == 404
