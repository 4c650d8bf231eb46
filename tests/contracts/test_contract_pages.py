"""Contract pages: an exhibitor records a USD contract and sees it in VND and USD; the organizer verifies it."""

import re
from datetime import timedelta

import sqlalchemy as sa

from contracts.matching import LIST_LIMIT
from contracts.models import Contract, FxRate
from contracts.views import PER_PAGE
from core.db import utcnow
from tests.conftest import login


def test_an_exhibitor_records_a_usd_contract_and_the_organizer_verifies_it(client, app, session, make_fair,
                                                                          make_user, make_enterprise,
                                                                          make_application):
    """The page converts exactly; another exhibitor does not see it; the organizer's verify marks it."""
    fair = make_fair(status="running")
    session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=25000, valid_on=fair.starts_on - timedelta(days=1),
                       created_at=utcnow()))
    owner = make_user(role="exhibitor", locale="en")
    seller = make_enterprise(owner=owner)
    make_application(fair=fair, enterprise=seller, status="approved")
    stranger = make_user(role="exhibitor")
    make_enterprise(owner=stranger)
    organizer = make_user(role="organizer")
    session.commit()
    login(client, owner)
    response = client.post(f"/fairs/{fair.id}/contracts", data={
        "buyer_name": "Osaka Trading", "buyer_country": "JP", "kind": "contract", "category": "handicraft",
        "amount": "1234.56", "currency": "usd", "signed_on": fair.starts_on.isoformat()})
    assert response.status_code == 302
    page = client.get(f"/fairs/{fair.id}/contracts").get_data(as_text=True)
    assert "30,864,000" in page and "1,234.56" in page  # 1,234.56 × 25,000 VND
    bad = client.post(f"/fairs/{fair.id}/contracts", data={
        "buyer_name": "X", "buyer_country": "JP", "kind": "contract", "category": "handicraft",
        "amount": "-1", "currency": "USD", "signed_on": fair.starts_on.isoformat()})
    assert bad.status_code == 422 and 'id="amount-error"' in bad.get_data(as_text=True)
    other = app.test_client()
    login(other, stranger)
    assert "Osaka Trading" not in other.get(f"/fairs/{fair.id}/contracts").get_data(as_text=True)
    boss = app.test_client()
    login(boss, organizer)
    contract = session.scalars(sa.select(Contract)).one()
    assert boss.post(f"/contracts/{contract.id}/verify").status_code == 302
    session.refresh(contract)
    assert contract.verified_at is not None and contract.verified_by_id == organizer.id
    assert other.post(f"/contracts/{contract.id}/verify").status_code == 403


def test_an_organizer_records_a_contract_for_any_exhibitor(client, session, make_fair, make_user, make_enterprise,
                                                          make_application):
    """The organizer picks the seller among the fair's exhibitors; a seller not exhibiting is refused by field."""
    fair = make_fair(status="running")
    seller = make_enterprise(legal_name="HTX Mây tre Phú Vinh")
    make_application(fair=fair, enterprise=seller, status="approved")
    outsider = make_enterprise(legal_name="Không tham gia")
    organizer = make_user(role="organizer", locale="en")
    session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=25000, valid_on=fair.starts_on,
                       created_at=utcnow()))
    session.commit()
    login(client, organizer)
    assert seller.name("en") in client.get(f"/fairs/{fair.id}/contracts").get_data(as_text=True)
    values = {"buyer_name": "Seoul Living", "buyer_country": "KR", "kind": "order", "category": "handicraft",
              "amount": "50000000", "currency": "VND", "signed_on": fair.starts_on.isoformat()}
    refused = client.post(f"/fairs/{fair.id}/contracts", data={**values, "seller_enterprise_id": outsider.id})
    assert refused.status_code == 422 and 'id="seller_enterprise_id-error"' in refused.get_data(as_text=True)
    accepted = client.post(f"/fairs/{fair.id}/contracts", data={**values, "seller_enterprise_id": seller.id})
    assert accepted.status_code == 302
    contract = session.scalars(sa.select(Contract)).one()
    assert (contract.seller_enterprise_id, contract.created_by_id) == (seller.id, organizer.id)


def test_the_organizers_list_is_paged_and_filtered(client, session, make_fair, make_user, make_enterprise,
                                                   make_application):
    """230 contracts: 100 a page, the next page holds the rest; the search and the verified filter narrow it."""
    fair = make_fair(status="running")
    seller = make_enterprise(legal_name="HTX Gốm Bát Tràng")
    make_application(fair=fair, enterprise=seller, status="approved")
    now = utcnow()
    for number in range(230):
        session.add(Contract(fair_id=fair.id, seller_enterprise_id=seller.id, buyer_name=f"Buyer {number:03d}",
                             buyer_country="JP", kind="order", category="handicraft", amount=100 + number,
                             currency="VND", fx_rate_to_vnd=1, value_vnd=100 + number, value_usd=0,
                             signed_on=fair.starts_on, status="signed", verified_at=now if number < 30 else None,
                             created_at=now, updated_at=now))
    login(client, make_user(role="organizer", locale="en"))
    session.commit()
    first = client.get(f"/fairs/{fair.id}/contracts").get_data(as_text=True)
    assert PER_PAGE == 100 and first.count('data-testid="value-vnd"') == 100 and "1–100 of 230" in first
    third = client.get(f"/fairs/{fair.id}/contracts?page=3").get_data(as_text=True)
    assert third.count('data-testid="value-vnd"') == 30 and "Buyer 000" in third
    found = client.get(f"/fairs/{fair.id}/contracts?q=Buyer 12").get_data(as_text=True)
    assert found.count('data-testid="value-vnd"') == 10  # Buyer 120 to 129
    verified = client.get(f"/fairs/{fair.id}/contracts?verified=yes").get_data(as_text=True)
    assert verified.count('data-testid="value-vnd"') == 30


def test_the_organizer_finds_the_seller_among_many_exhibitors(client, session, make_fair, make_user, make_enterprise,
                                                              make_application):
    """The seller choice lists the first LIST_LIMIT exhibitors by name, not all of a large fair's, and a search
    (accents aside) finds any other; a seller not listed can still be chosen."""
    fair = make_fair(status="running")
    sellers = [make_enterprise(legal_name=f"Công ty Gốm {number:03d}") for number in range(LIST_LIMIT + 5)]
    for seller in sellers:
        make_application(fair=fair, enterprise=seller, status="approved")
    outsider = make_enterprise(legal_name="Công ty Gốm 999")  # not an exhibitor of this fair
    session.commit()
    login(client, make_user(role="organizer"))
    page = client.get(f"/fairs/{fair.id}/contracts").get_data(as_text=True)
    choice = page.split('name="seller_enterprise_id"', 1)[1].split("</select>")[0]
    options = re.findall(r'<option value="(\d+)"', choice)
    assert options == [str(seller.id) for seller in sellers[:LIST_LIMIT]]
    found = client.get(f"/fairs/{fair.id}/contracts?seller=gom 064").get_data(as_text=True)
    listed = found.split('name="seller_enterprise_id"', 1)[1].split("</select>")[0]
    assert f'value="{sellers[64].id}"' in listed and f'value="{sellers[0].id}"' not in listed
    assert f'value="{outsider.id}"' not in listed
