"""Programme and grant forms read đồng and dates as a Vietnamese officer writes them."""

from datetime import date
from html import unescape

import sqlalchemy as sa

from support.models import SupportGrant, SupportProgramme
from tests.support.conftest import TAX_CODES


def test_a_programme_typed_with_spaces_and_a_day_first_date(client, login_as, session):
    """Budget `800 000 000` and decision date `06/03/2026` are 800,000,000 đồng on 6 March 2026."""
    login_as("organizer", locale="vi")
    response = client.post("/support/programmes/new", data={
        "name": "Khuyến công Hà Nội", "level": "provincial", "province": "Hà Nội", "year": "2026",
        "decision_ref": "1034/QĐ-UBND", "decision_date": "06/03/2026", "budget_vnd": "800 000 000",
        "allowed_contents": ["booth_fee"]})
    assert response.status_code == 302
    programme = session.scalar(sa.select(SupportProgramme))
    assert (int(programme.budget_vnd), programme.decision_date) == (800_000_000, date(2026, 3, 6))


def test_a_grant_of_one_and_a_half_dong_is_refused_saying_why(client, login_as, session, make_programme,
                                                                make_enterprise):
    """`1,5` đồng: the field says the đồng has no fractional part; `12.500.000` is then recorded."""
    programme = make_programme()
    make_enterprise(tax_code=TAX_CODES[0])
    session.commit()
    login_as("organizer", locale="vi")
    url = f"/support/programmes/{programme.id}/grants"
    form = {"enterprise_tax_code": TAX_CODES[0], "content": "booth_fee", "status": "planned"}
    refused = unescape(client.post(url, data={**form, "amount_vnd": "1,5"}).get_data(as_text=True))
    assert "Đồng không có phần lẻ: “1,5” được hiểu là 1,5 đồng" in refused
    assert session.scalar(sa.select(sa.func.count()).select_from(SupportGrant)) == 0
    assert client.post(url, data={**form, "amount_vnd": "12.500.000"}).status_code == 302
    assert session.scalar(sa.select(SupportGrant.amount_vnd)) == 12_500_000
