"""The supported-enterprise report a page at a time (issue 22): the page and the API show 50 enterprises (or
`page_size`) in the database's order, with the totals and breakdowns of all of them; the exports stay whole."""

import json
import re
from datetime import date

import pytest

from accounts.services import issue_api_token
from core.db import utcnow
from support.scopes import set_officer_province
from support.services import create_programme
from tests.conftest import login
from tests.reports.conftest import add_contract, add_grant

URL = "/api/v1/reports/supported-enterprises"
HANOI, HAI_PHONG = 60, 7


@pytest.fixture
def many(session, make_fair, make_enterprise):
    """60 supported enterprises in Hà Nội (one recorded under Hà Tây) and 7 in Hải Phòng, each with its own amount,
    some with two programmes and a contract."""
    fair = make_fair(code="FAIR-P", starts_on=date(2026, 4, 20))
    programmes = [create_programme(session, {
        "name": f"Khuyến công {n}", "level": "national", "year": 2026, "decision_ref": f"{n}/QĐ-BCT",
        "decision_date": "2026-01-15", "budget_vnd": 10_000_000_000, "agency": "Bộ Công Thương"},
        actor=None, now=utcnow()) for n in (1, 2)]
    enterprises = []
    for number in range(HANOI + HAI_PHONG):
        province = "Hà Nội" if number < HANOI else "Hải Phòng"
        enterprise = make_enterprise(legal_name=f"Doanh nghiệp {number:03d}",
                                     province="Hà Tây" if number == 3 else province)
        add_grant(session, programmes[0], enterprise, 1_000_000 + number * 1000, fair=fair)
        if number % 5 == 0:
            add_grant(session, programmes[1], enterprise, 500_000, fair=fair, content="travel")
        if number % 4 == 0:
            add_contract(session, fair, enterprise, 10_000_000 + number)
        enterprises.append(enterprise)
    session.commit()
    return {"fair": fair, "enterprises": enterprises}


def _rows(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'data-enterprise="(\d+)"', html)]


def test_page_two_of_the_table_starts_with_the_51st_enterprise(client, login_as, many):
    """The page's table holds 50 enterprises in the documents' order (province, then name); page 2 begins with the
    51st of the whole export, the totals and the province table still count all of them."""
    login_as("organizer")
    whole = client.get("/reports/supported.json").get_json()["enterprises"]
    assert len(whole) == HANOI + HAI_PHONG
    first = client.get("/reports/supported").get_data(as_text=True)
    second = client.get("/reports/supported", query_string={"page": 2}).get_data(as_text=True)
    assert _rows(first) == [row["id"] for row in whole[:50]]
    assert _rows(second) == [row["id"] for row in whole[50:100]]
    assert _rows(second)[0] == whole[50]["id"]
    assert f'data-stat="enterprises">{HANOI + HAI_PHONG}<' in second
    assert 'data-testid="pager"' in second and "/reports/supported.csv" in second
    past_end = client.get("/reports/supported", query_string={"page": 99}).get_data(as_text=True)
    assert _rows(past_end) == _rows(second)  # past the end: the last page


def test_the_table_sorts_in_the_database(client, login_as, many):
    """`sort=-support`: the largest support first, across pages; `sort=name`: by name."""
    login_as("organizer")
    whole = client.get("/reports/supported.json").get_json()["enterprises"]
    by_support = sorted(whole, key=lambda row: (-row["support_vnd"], -row["id"]))
    html = client.get("/reports/supported", query_string={"sort": "-support", "page": 2}).get_data(as_text=True)
    assert _rows(html) == [row["id"] for row in by_support[50:]]
    html = client.get("/reports/supported", query_string={"sort": "name"}).get_data(as_text=True)
    assert _rows(html)[:3] == [many["enterprises"][n].id for n in (0, 1, 2)]
    assert 'aria-sort="ascending"' in html


def test_api_pages_add_up_to_the_totals(api, many):
    """page_size 25: three pages, X-Pagination says 67 in 3 pages, every enterprise once, and the rows' sums over
    all pages equal the totals; past the end an empty page with the same totals."""
    caller, pages, seen = api("organizer"), [], []
    for number in (1, 2, 3, 4):
        response = caller.get(URL, page=number, page_size=25)
        assert response.status_code == 200, response.json
        header = json.loads(response.headers["X-Pagination"])
        assert header["total"] == HANOI + HAI_PHONG and header["total_pages"] == 3
        assert header.get("page") == (number if number <= 3 else None)
        pages.append(response.json)
        seen += response.json["enterprises"]
    assert [len(page["enterprises"]) for page in pages] == [25, 25, 17, 0]
    assert len({row["id"] for row in seen}) == len(seen) == HANOI + HAI_PHONG
    totals = pages[0]["totals"]
    assert all(page["totals"] == totals for page in pages)
    for key in ("grants", "support_vnd", "contracts", "contract_value_vnd", "booths"):
        assert sum(row[key] for row in seen) == totals[key], key
    assert totals["enterprises"] == HANOI + HAI_PHONG and totals["contracts"] == 17
    assert pages[0]["reconciliation"]["in_several_programmes"] == 14  # every fifth has two programmes
    whole = caller.get(URL, format="csv")
    assert whole.status_code == 200 and whole.data.decode("utf-8-sig").count(",Doanh nghiệp 0") == HANOI + HAI_PHONG


def test_api_sort_and_bounds(api, many):
    """`sort=-value` puts the largest contract first; an unknown sort or a page size past 500 is a 422."""
    caller = api("organizer")
    rows = caller.get(URL, sort="-value", page_size=3).json["enterprises"]
    assert [row["contract_value_vnd"] for row in rows] == [10_000_064, 10_000_060, 10_000_056]
    assert caller.get(URL, sort="value; DROP").status_code == 422
    assert caller.get(URL, page_size=501).status_code == 422


def test_an_officer_pages_through_their_province_only(app, client, session, make_user, many):
    """An officer bound to Hải Phòng: its 7 enterprises on the page and in the API pages, the totals theirs; Hà Nội's
    (the positive control: there for an unbound officer) never."""
    officer = make_user(role="officer")
    set_officer_province(session, officer, "Hải Phòng", actor=None, now=utcnow())
    token = issue_api_token(session, officer, "t", now=utcnow())
    session.commit()
    hai_phong = {e.id for e in many["enterprises"][HANOI:]}
    headers = {"Authorization": f"Bearer {token}"}
    api_client = app.test_client()
    response = api_client.get(URL, query_string={"page_size": 5, "page": 2}, headers=headers)
    assert json.loads(response.headers["X-Pagination"])["total"] == HAI_PHONG
    assert {row["id"] for row in response.json["enterprises"]} <= hai_phong
    assert response.json["totals"]["enterprises"] == HAI_PHONG
    assert {group["province"] for group in response.json["by_province"]} == {"Hải Phòng"}
    login(client, officer)
    html = client.get("/reports/supported").get_data(as_text=True)
    assert set(_rows(html)) == hai_phong and "Doanh nghiệp 000" not in html
    set_officer_province(session, officer, None, actor=None, now=utcnow())
    session.commit()
    everyone = api_client.get(URL, query_string={"page_size": 500}, headers=headers).json
    assert len(everyone["enterprises"]) == HANOI + HAI_PHONG
