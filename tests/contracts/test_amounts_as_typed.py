"""The contract form reads amounts as the exhibitor writes them: 12.500.000 đồng, 2.500,5 USD; 1,5 đồng is refused."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
import sqlalchemy as sa

from contracts.models import Contract, FxRate
from core.db import utcnow
from tests.conftest import login


@pytest.fixture
def exhibitor_page(client, session, make_fair, make_user, make_enterprise, make_application):
    """A running fair with a USD rate, and a Vietnamese-speaking exhibitor of it, logged in; returns a poster."""
    fair = make_fair(status="running")
    session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=25000, valid_on=fair.starts_on - timedelta(days=1),
                       created_at=utcnow()))
    owner = make_user(role="exhibitor", locale="vi")
    make_application(fair=fair, enterprise=make_enterprise(owner=owner), status="approved")
    session.commit()
    login(client, owner)

    def post(amount: str, currency: str, signed_on: str | None = None):
        return client.post(f"/fairs/{fair.id}/contracts", data={
            "buyer_name": "Công ty Sao Mai", "buyer_country": "JP", "kind": "contract", "category": "handicraft",
            "amount": amount, "currency": currency, "signed_on": signed_on or fair.starts_on.isoformat()})
    post.fair = fair
    return post


def _contracts(session):
    session.expire_all()
    return list(session.scalars(sa.select(Contract)))


def test_twelve_and_a_half_million_dong_written_with_dots_is_recorded_as_such(exhibitor_page, session, client):
    """`12.500.000` VND on the Vietnamese page records 12,500,000 ₫, shown back as 12.500.000 ₫."""
    assert exhibitor_page("12.500.000", "VND").status_code == 302
    (contract,) = _contracts(session)
    assert (contract.amount, contract.currency, contract.value_vnd) == (Decimal("12500000"), "VND",
                                                                        Decimal("12500000"))
    page = client.get(f"/fairs/{exhibitor_page.fair.id}/contracts").get_data(as_text=True)
    assert "12.500.000" in page


def test_two_thousand_five_hundred_and_a_half_dollars_written_the_vietnamese_way(exhibitor_page, session):
    """`2.500,5` USD records 2,500.50 USD and its value in đồng at the fair's rate."""
    assert exhibitor_page("2.500,5", "USD").status_code == 302
    (contract,) = _contracts(session)
    assert (contract.amount, contract.currency) == (Decimal("2500.50"), "USD")
    assert contract.value_vnd == Decimal("62512500") and contract.value_usd == Decimal("2500.50")


def test_one_and_a_half_dong_is_refused_saying_why(exhibitor_page, session):
    """`1,5` VND: nothing recorded, and the message next to the amount says the đồng has no fractional part."""
    response = exhibitor_page("1,5", "VND")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and 'id="amount-error"' in page
    assert "Đồng không có phần lẻ: “1,5” được hiểu là 1,5 đồng (một phẩy năm)" in page
    assert _contracts(session) == []


def test_an_ambiguous_dollar_amount_is_refused_with_both_readings(exhibitor_page, session):
    """`1.500` USD could be 1500 or 1,5: refused with both readings in words, never saved as either."""
    page = unescape(exhibitor_page("1.500", "USD").get_data(as_text=True))
    assert ("“1.500” có thể hiểu theo hai cách. Gõ 1500 nếu là một nghìn năm trăm, hoặc 1,5 nếu là một phẩy năm."
            in page)
    assert _contracts(session) == []
    assert exhibitor_page("1500", "USD").status_code == 302
    assert [c.amount for c in _contracts(session)] == [Decimal("1500.00")]


def test_the_hint_shows_the_local_way_and_a_typed_date_is_read_day_first(exhibitor_page, session, client):
    """The form asks for "12.500.000", not "12345.67"; 15/01/2027-style dates are accepted in Vietnamese."""
    page = client.get(f"/fairs/{exhibitor_page.fair.id}/contracts").get_data(as_text=True)
    assert "Ví dụ: 12.500.000." in page and "12345.67" not in page
    day = exhibitor_page.fair.starts_on
    assert exhibitor_page("7.000.000", "VND", signed_on=day.strftime("%d/%m/%Y")).status_code == 302
    assert [c.signed_on for c in _contracts(session)] == [day]


@pytest.mark.parametrize("amount", ["12.500.000", "12,500,000", "2.500,5", "12 500 000"])
def test_the_api_takes_one_syntax_and_says_which(api, session, make_fair, make_enterprise, make_application, amount):
    """Machines send a number or a dot-decimal string: grouped or comma text is refused (422) naming that syntax."""
    fair = make_fair(status="running")
    seller = make_enterprise()
    make_application(fair=fair, enterprise=seller, status="approved")
    session.commit()
    response = api("organizer").post(f"/api/v1/fairs/{fair.id}/contracts", {
        "seller_enterprise_id": seller.id, "buyer_name": "Kyoto Trading", "buyer_country": "JP", "kind": "contract",
        "category": "handicraft", "amount": amount, "currency": "VND", "signed_on": fair.starts_on.isoformat()})
    assert response.status_code == 422
    (message,) = [error["message"] for error in response.json["errors"] if error["field"] == "amount"]
    assert "12500000" in message and "2500.50" in message
    assert _contracts(session) == []


def test_a_date_outside_the_fair_is_refused_with_the_window_written_day_first(exhibitor_page, app):
    """The message names the allowed days as Vietnamese readers write dates, not as ISO."""
    first = exhibitor_page.fair.starts_on - timedelta(days=app.config["CONTRACT_DATE_MARGIN_DAYS"])
    page = unescape(exhibitor_page("7.000.000", "VND", signed_on="2001-01-01").get_data(as_text=True))
    assert f"từ {first.strftime('%d/%m/%Y')} đến" in page and first.isoformat() not in page
