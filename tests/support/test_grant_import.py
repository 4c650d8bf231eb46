"""Grants from CSV or XLSX: all or nothing, an unknown tax code refused by its row, the budget held."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from core.audit import AuditEvent
from core.db import utcnow
from core.errors import ValidationFailed
from support.imports import MAX_ROWS, import_grants
from support.models import SupportGrant
from tests.conftest import table_count
from tests.support.conftest import TAX_CODES

HEADER = "tax_code,content,amount_vnd,fair_code,status\n"


def _setup(session, make_programme, make_enterprise, make_fair, **programme):
    fair = make_fair(code="HN-2026")
    enterprises = [make_enterprise(tax_code=code) for code in TAX_CODES[:2]]
    programme = make_programme(**programme)
    session.commit()
    return programme, fair, enterprises


def test_a_good_file_records_every_grant(api, session, make_programme, make_enterprise, make_fair):
    """Two rows (one without a fair): 201, two grants of the right enterprises."""
    programme, fair, enterprises = _setup(session, make_programme, make_enterprise, make_fair)
    body = HEADER + f"{TAX_CODES[0]},booth_fee,12000000,HN-2026,approved\n{TAX_CODES[1]},training,5000000,,planned\n"
    response = api("organizer").post_csv(f"/api/v1/support/programmes/{programme.id}/grants/import", body)
    assert response.status_code == 201, response.json
    assert response.json == {"created": 2}
    grants = session.scalars(sa.select(SupportGrant).order_by(SupportGrant.id)).all()
    assert [(g.enterprise_id, g.fair_id, int(g.amount_vnd), g.source) for g in grants] == [
        (enterprises[0].id, fair.id, 12_000_000, "import"), (enterprises[1].id, None, 5_000_000, "import")]


def test_an_unknown_tax_code_refuses_the_whole_file_naming_its_row(api, session, make_programme, make_enterprise,
                                                                    make_fair):
    """Row 2 names a valid tax code no enterprise has, row 3 a bad amount: 422 naming both; nothing recorded."""
    programme, _fair, _enterprises = _setup(session, make_programme, make_enterprise, make_fair)
    body = HEADER + (f"{TAX_CODES[0]},booth_fee,12000000,HN-2026,approved\n"
                     f"{TAX_CODES[2]},travel,3000000,,approved\n"
                     f"{TAX_CODES[1]},travel,-5,NO-SUCH-FAIR,approved\n")
    response = api("organizer").post_csv(f"/api/v1/support/programmes/{programme.id}/grants/import", body)
    assert response.status_code == 422
    problems = {(error["row"], error["field"]) for error in response.json["errors"]}
    assert problems == {(2, "tax_code"), (3, "amount_vnd"), (3, "fair_code")}
    assert TAX_CODES[2] in next(e["message"] for e in response.json["errors"] if e["row"] == 2)
    assert table_count(session, SupportGrant) == 0


def test_an_import_past_the_budget_names_the_row_or_takes_an_override(api, session, make_programme, make_enterprise,
                                                                      make_fair):
    """60 + 50 million of 100: row 2 is named; with ?override_budget=true both go in, audited."""
    programme, _fair, _enterprises = _setup(session, make_programme, make_enterprise, make_fair,
                                            budget_vnd=100_000_000)
    body = HEADER + f"{TAX_CODES[0]},booth_fee,60000000,,approved\n{TAX_CODES[1]},travel,50000000,,disbursed\n"
    organizer = api("organizer")
    url = f"/api/v1/support/programmes/{programme.id}/grants/import"
    refused = organizer.post_csv(url, body)
    assert refused.status_code == 422 and refused.json["errors"][0]["row"] == 2
    assert organizer.post_csv(url + "?override_budget=true", body).status_code == 201
    assert table_count(session, SupportGrant) == 2
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "support_grant.over_budget")) == 1


def test_the_import_page_takes_an_xlsx_and_lists_problems_by_row(client, login_as, session, make_programme,
                                                                  make_enterprise, make_fair):
    """An XLSX with an unknown tax code: the page answers 422 with row 1 named; a good one redirects."""
    programme, _fair, _enterprises = _setup(session, make_programme, make_enterprise, make_fair)
    login_as("organizer")

    def workbook(code):
        book = Workbook()
        book.active.append(["tax_code", "content", "amount_vnd", "fair_code", "status"])
        book.active.append([code, "booth_fee", 12000000, "HN-2026", "approved"])
        buffer = io.BytesIO()
        book.save(buffer)
        buffer.seek(0)
        return buffer

    url = f"/support/programmes/{programme.id}/grants/import"
    response = client.post(url, data={"file": (workbook(TAX_CODES[2]), "grants.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert TAX_CODES[2] in html and "<td>1</td>" in html
    response = client.post(url, data={"file": (workbook(TAX_CODES[0]), "grants.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert table_count(session, SupportGrant) == 1


def test_a_file_past_the_row_limit_is_refused_whole(session, make_programme, make_user):
    """More rows than MAX_ROWS: refused before any row is read, nothing recorded."""
    row = {"tax_code": "0100109106", "content": "training", "amount_vnd": "1000000", "status": "planned"}
    with pytest.raises(ValidationFailed):
        import_grants(session, make_programme(), [row] * (MAX_ROWS + 1), actor=make_user(role="organizer"),
                      now=utcnow())
    assert session.scalar(sa.select(sa.func.count()).select_from(SupportGrant)) == 0
