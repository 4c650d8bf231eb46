"""The fair's contract list as a list to work with: search without accents, filters with choices, sort by value."""

import re
from datetime import timedelta

import pytest

from contracts.models import Contract
from core.db import utcnow
from tests.conftest import login


@pytest.fixture
def signed(session, make_fair, make_enterprise, make_user, client):
    """Four contracts of two sellers with Japanese, Korean and Vietnamese buyers; an organizer logged in."""
    fair = make_fair(status="running")
    gom = make_enterprise(legal_name="HTX Gốm Bát Tràng", name_en=None)
    lua = make_enterprise(legal_name="Công ty Lụa Vạn Phúc", name_en=None)
    now = utcnow()
    rows = [(gom, "Osaka Trading", "JP", "order", 300, 0), (gom, "Seoul Home", "KR", "contract", 100, 1),
            (lua, "Nhà sách Đông Á", "VN", "mou", 200, 2), (lua, "Kyoto Silk", "JP", "contract", 400, 3)]
    contracts = {}
    for seller, buyer, country, kind, value, day in rows:
        contract = Contract(fair_id=fair.id, seller_enterprise_id=seller.id, buyer_name=buyer, buyer_country=country,
                            kind=kind, category="handicraft", amount=value, currency="VND", fx_rate_to_vnd=1,
                            value_vnd=value, value_usd=0, signed_on=fair.starts_on + timedelta(days=day),
                            status="signed", created_at=now, updated_at=now)
        session.add(contract)
        contracts[buyer] = contract
    login(client, make_user(role="organizer", locale="en"))
    session.commit()
    return fair


def _buyers(page: str) -> list[str]:
    cells = re.findall(r'<td[^>]*>(?:<a[^>]*>)?([^<]+)(?:</a>)? <span class="muted">', page)
    return [cell.split("<")[0].strip() for cell in cells]


@pytest.mark.parametrize(("args", "expected"), [
    ({}, ["Kyoto Silk", "Nhà sách Đông Á", "Seoul Home", "Osaka Trading"]),   # newest first
    ({"sort": "value"}, ["Seoul Home", "Nhà sách Đông Á", "Osaka Trading", "Kyoto Silk"]),
    ({"sort": "-value"}, ["Kyoto Silk", "Osaka Trading", "Nhà sách Đông Á", "Seoul Home"]),
    ({"q": "gom bat trang"}, ["Seoul Home", "Osaka Trading"]),                 # the seller, without accents
    ({"q": "dong a"}, ["Nhà sách Đông Á"]),                                    # the buyer, đ as d
    ({"country": "JP"}, ["Kyoto Silk", "Osaka Trading"]),
    ({"kind": "contract", "country": "jp"}, ["Kyoto Silk"]),
])
def test_the_contract_list_finds_and_orders_exactly(client, signed, args, expected):
    """Search, filters and orders give exactly these contracts."""
    page = client.get(f"/fairs/{signed.id}/contracts", query_string=args).get_data(as_text=True)
    assert _buyers(page) == expected


def test_the_buyers_country_is_chosen_by_name(client, signed):
    """The country filter lists the buyers' countries by name."""
    page = client.get(f"/fairs/{signed.id}/contracts").get_data(as_text=True)
    select = re.search(r'<select class="field__input field__input--inline" name="country">.*?</select>', page,
                       re.S).group(0)
    options = re.findall(r'<option value="(\w+)"\s*>([^<]+)</option>', select)
    assert [code for code, _name in options] == ["JP", "KR", "VN"]  # Japan, (South) Korea, Vietnam: by name
    assert options[0][1] == "Japan" and all(name != code for code, name in options)
