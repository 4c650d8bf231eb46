"""Rules found by review: officers' province on programme pages, safe spreadsheets, strict amounts,
one application booth-fee grant, no other province's fund, filters that cannot crash the report."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy.exc import IntegrityError

from booths.applications.services import decide_application
from core.db import utcnow
from support.budget import parse_vnd
from support.models import SupportGrant
from support.scopes import set_officer_province
from support.services import record_grant
from tests.conftest import login


def _grant(session, programme, enterprise, amount, **over):
    values = {"enterprise_id": enterprise.id, "content": "training", "amount_vnd": amount, "status": "approved"}
    values.update(over)
    return record_grant(session, values, actor=None, now=utcnow(), programme=programme)


def test_an_officer_bound_to_a_province_sees_only_its_grants_on_a_programme(client, session, make_user,
                                                                           make_programme, make_enterprise):
    """The programme page lists Hải Phòng's grant (recorded under Hải Dương) to a Hải Phòng officer, not Huế's."""
    programme = make_programme()
    _grant(session, programme, make_enterprise(legal_name="Gốm Chu Đậu", province="Hải Dương"), 5_000_000)
    _grant(session, programme, make_enterprise(legal_name="Nón lá Huế", province="Huế"), 7_000_000)
    officer = make_user(role="officer")
    set_officer_province(session, officer, "Hải Phòng", actor=None, now=utcnow())
    session.commit()
    login(client, officer)
    page = client.get(f"/support/programmes/{programme.id}").get_data(as_text=True)
    assert "Gốm Chu Đậu" in page and "Nón lá Huế" not in page
    # The figures are the whole programme's (12 million committed); the note gives Hải Phòng's part (5 million).
    note = page.split('data-testid="province-scope">', 1)[1].split("</p>", 1)[0]
    assert "Hải Phòng" in note and "5.000.000" in note and "12.000.000" not in note
    assert "12.000.000" in page.split('data-testid="programme-figures"', 1)[1].split("</div>\n</div>", 1)[0]


def test_a_name_that_looks_like_a_formula_stays_text_in_the_xlsx(api, session, make_programme, make_enterprise,
                                                                 make_fair):
    """An enterprise named '=HYPERLINK(…)' is a string cell in the report, never a formula."""
    fair = make_fair()
    _grant(session, make_programme(), make_enterprise(legal_name='=HYPERLINK("http://x.example","y")'),
           5_000_000, fair_id=fair.id, content="booth_fee")
    session.commit()
    response = api("organizer").get("/api/v1/reports/supported-enterprises", fair_id=fair.id, format="xlsx")
    book = load_workbook(io.BytesIO(response.data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert cells and all(cell.data_type == "s" and not cell.value.startswith("=") for cell in cells)


@pytest.mark.parametrize(("text", "amount"), [
    ("12000000", 12_000_000), ("12.000.000", 12_000_000), ("12,000,000", 12_000_000), ("1500000.00", 1_500_000),
    ("1,5", None), ("12,5", None), ("1.000.5", None), ("12345.678", None), ("12,000.000", None),
    (str(10**18), None), ("1500000.50", None),
])
def test_amounts_in_dong_are_read_strictly(text, amount):
    """Grouped thousands of one convention or plain digits; anything ambiguous is refused, not guessed."""
    assert parse_vnd(text) == amount


def test_the_database_keeps_one_application_booth_fee_grant(session, make_programme, make_enterprise, make_fair):
    """Two application-made booth-fee grants for one enterprise and fair cannot both exist."""
    programme, enterprise, fair = make_programme(), make_enterprise(), make_fair()
    now = utcnow()
    for _ in range(2):
        session.add(SupportGrant(programme_id=programme.id, enterprise_id=enterprise.id, fair_id=fair.id,
                                 content="booth_fee", amount_vnd=1_000_000, status="approved", source="application",
                                 created_at=now, updated_at=now))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_vague_programme_name_does_not_make_another_provinces_fund_pay(session, make_user, make_booth,
                                                                        make_application, make_enterprise,
                                                                        make_programme):
    """A Huế establishment writing 'khuyến công hà nội' gets the national fund, never Hà Nội's."""
    booth = make_booth(price_vnd=12_000_000)
    fair = booth.hall.fair
    fair.status = "open"
    owner = make_enterprise(is_rural_industry=True, kind="rural_establishment", province="Huế")
    application = make_application(fair=fair, enterprise=owner, booths_requested=1, support_requested=True,
                                   support_programme="khuyến công hà nội", zone_preferences=[booth.zone_id])
    make_programme(name="Khuyến công Hà Nội", level="provincial", province="Hà Nội", year=fair.starts_on.year,
                   booth_fee_percent=100, booth_fee_max_booths=2)
    national = make_programme(name="Khuyến công quốc gia", year=fair.starts_on.year, booth_fee_percent=50,
                              booth_fee_max_booths=1)
    decide_application(session, application, "approved", actor=make_user(role="organizer"), now=utcnow(),
                       grant_support=True)
    assert session.scalar(sa.select(SupportGrant.programme_id)) == national.id


def test_odd_filters_are_errors_not_crashes(client, login_as):
    """?year=10000 is a field error; an unknown argument on the page is ignored by the export links."""
    login_as("officer")
    assert client.get("/reports/supported.json?year=10000").status_code == 422
    assert client.get("/reports/supported?kind=x").status_code == 200
