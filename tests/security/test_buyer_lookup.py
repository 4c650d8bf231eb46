"""Buyer lookups by id (issue 21, finding 7): an exhibitor names as a contract's buyer only an enterprise that
exhibits at a published fair or one it already deals with; any other id answers as if it did not exist (404),
so its name, country and province cannot be read back."""

from decimal import Decimal

import pytest

from contracts.models import Contract
from core.db import utcnow
from tests import factories

SECRET_PROVINCE = "Cà Mau"


def _body(world, buyer_id):
    return {"seller_enterprise_id": world["a"]["enterprise"].id, "buyer_enterprise_id": buyer_id, "kind": "contract",
            "category": "handicraft", "amount": "1000000", "currency": "VND",
            "signed_on": world["fair"].starts_on.isoformat()}


@pytest.fixture
def others(session, world, make_fair):
    """A private enterprise (no application), one applying to a fair not yet published, and one A dealt with."""
    private = factories.make_enterprise(session, legal_name="Công ty Kín Đáo", province=SECRET_PROVINCE)
    unpublished = factories.make_enterprise(session, legal_name="Công ty Chưa Công Bố", province=SECRET_PROVINCE)
    factories.make_application(session, fair=make_fair(status="allocating"), enterprise=unpublished,
                               status="approved")
    partner = factories.make_enterprise(session, legal_name="Công ty Đối Tác Cũ", province=SECRET_PROVINCE)
    now = utcnow()
    session.add(Contract(fair_id=world["fair"].id, seller_enterprise_id=world["a"]["enterprise"].id,
                         buyer_enterprise_id=partner.id, buyer_country="VN", buyer_province=SECRET_PROVINCE,
                         kind="order", category="handicraft", amount=Decimal(5), currency="VND",
                         fx_rate_to_vnd=Decimal(1), value_vnd=Decimal(5), value_usd=Decimal(0),
                         signed_on=world["fair"].starts_on, created_at=now, updated_at=now))
    session.commit()
    return {"private": private, "unpublished": unpublished, "partner": partner}


def _post(client, headers, world, buyer_id):
    return client.post(f"/api/v1/fairs/{world['fair'].id}/contracts", json=_body(world, buyer_id), headers=headers)


@pytest.mark.parametrize("who", ["private", "unpublished", "missing"])
def test_an_exhibitor_cannot_name_an_unknown_enterprise_as_buyer(client, world, others, bearer, who):
    """A private enterprise, one exhibiting only at an unpublished fair, and an id that does not exist answer
    the same 404, with nothing of the enterprise in it."""
    buyer_id = others[who].id if who in others else 2_000_000_000
    response = _post(client, bearer(world["a"]["owner"]), world, buyer_id)
    assert response.status_code == 404
    assert SECRET_PROVINCE not in response.get_data(as_text=True)
    assert response.json["errors"][0]["field"] == "buyer_enterprise_id"


@pytest.mark.parametrize("who", ["exhibitor", "partner"])
def test_an_exhibitor_names_a_public_exhibitor_or_a_partner(client, world, others, bearer, who):
    """Positive control: another exhibitor of a published fair, and an enterprise A already deals with."""
    buyer = world["b"]["enterprise"] if who == "exhibitor" else others["partner"]
    response = _post(client, bearer(world["a"]["owner"]), world, buyer.id)
    assert response.status_code == 201, response.json
    assert response.json["buyer_enterprise_id"] == buyer.id


def test_an_organizer_names_any_enterprise(client, world, others, bearer):
    """Organizers record contracts for anyone: a private enterprise is a valid buyer for them."""
    response = _post(client, bearer(world["organizer"]), world, others["private"].id)
    assert response.status_code == 201 and response.json["buyer_province"] == SECRET_PROVINCE


def test_an_exhibitor_cannot_change_a_buyer_to_an_unknown_enterprise(client, world, others, bearer):
    """The same rule holds when a contract is edited."""
    headers = bearer(world["a"]["owner"])
    contract_id = world["a"]["contract"].id
    response = client.patch(f"/api/v1/contracts/{contract_id}", json={"buyer_enterprise_id": others["private"].id},
                            headers=headers)
    assert response.status_code == 404 and SECRET_PROVINCE not in response.get_data(as_text=True)
    kept = client.patch(f"/api/v1/contracts/{contract_id}", json={"buyer_enterprise_id": others["partner"].id},
                        headers=headers)
    assert kept.status_code == 200
