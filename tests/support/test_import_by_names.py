"""Import pages read names as people write them and show names, never codes; each offers a template to fill in."""

import csv
import io

import sqlalchemy as sa

from support.models import SupportGrant
from tests.support.conftest import TAX_CODES

HEADER = "tax_code,content,amount_vnd,fair_code,status\n"


def test_grants_are_imported_by_their_content_and_status_names(api, session, make_programme, make_enterprise):
    """Vietnamese names, English names, names without accents and the old codes all name the same values."""
    programme = make_programme()
    for code in TAX_CODES:
        make_enterprise(tax_code=code)
    session.commit()
    body = HEADER + (f"{TAX_CODES[0]},Tham gia hội chợ,6000000,,Đã duyệt\n"
                     f"{TAX_CODES[1]},Booth fee,5000000,,Planned\n"
                     f"{TAX_CODES[2]},phi gian hang,4000000,,da giai ngan\n"
                     f"{TAX_CODES[0]},travel,3000000,,approved\n")
    response = api("organizer").post_csv(f"/api/v1/support/programmes/{programme.id}/grants/import", body)
    assert response.status_code == 201, response.json
    grants = session.scalars(sa.select(SupportGrant).order_by(SupportGrant.id)).all()
    assert [(g.content, g.status) for g in grants] == [("fair_participation", "approved"), ("booth_fee", "planned"),
                                                        ("booth_fee", "disbursed"), ("travel", "approved")]


def test_an_unknown_content_name_is_refused_by_its_row(api, session, make_programme, make_enterprise):
    """A content that is no name nor code is refused, and the message lists the names."""
    programme = make_programme()
    make_enterprise(tax_code=TAX_CODES[0])
    session.commit()
    body = HEADER + f"{TAX_CODES[0]},Du lịch vũ trụ,6000000,,Đã duyệt\n"
    response = api("organizer").post_csv(f"/api/v1/support/programmes/{programme.id}/grants/import", body)
    assert response.status_code == 422
    message = next(e["message"] for e in response.json["errors"] if e["field"] == "content")
    assert "Tham gia hội chợ" in message


def test_the_grant_import_page_lists_names_not_codes_and_offers_a_template(client, login_as, session,
                                                                           make_programme):
    """The page shows "Tham gia hội chợ" and "Dự kiến", not fair_participation or planned; the template is a CSV
    with the header and an example row written with names."""
    programme = make_programme()
    session.commit()
    login_as("organizer")
    client.set_cookie("lang", "vi")
    html = client.get(f"/support/programmes/{programme.id}/grants/import").get_data(as_text=True)
    assert "Tham gia hội chợ" in html and "Dự kiến" in html and "Đã giải ngân" in html
    assert "fair_participation" not in html and "planned" not in html
    response = client.get(f"/support/programmes/{programme.id}/grants/import/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["tax_code", "content", "amount_vnd", "fair_code", "status"]
    assert rows[1][1] == "Tham gia hội chợ" and rows[1][4] == "Đã duyệt"
    assert client.get(f"/support/programmes/{programme.id}/grants/import/template.xlsx").status_code == 200

