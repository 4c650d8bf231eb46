"""Every list of the API is a page: `page`, `page_size`, an `X-Pagination` header with the total, filters."""

import json
from datetime import timedelta

import pytest

from core.db import utcnow
from visitors.models import Admission, Visitor


def _pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


@pytest.fixture
def contracts_of_a_fair(api, session, make_fair, make_enterprise, make_application, make_user):
    """A running fair with 25 contracts of one seller (3 of them to Korea) and 2 of another."""
    fair = make_fair(status="running")
    seller, other = make_enterprise(), make_enterprise()
    for enterprise in (seller, other):
        make_application(fair=fair, enterprise=enterprise, status="approved")
    session.commit()
    organizer = api("organizer")
    day = fair.starts_on - timedelta(days=1)
    assert organizer.post(f"/api/v1/fairs/{fair.id}/fx-rates",
                          {"currency": "USD", "rate_to_vnd": "25400", "on": day.isoformat()}).status_code == 201
    for number in range(27):
        body = {"seller_enterprise_id": (seller if number < 25 else other).id, "buyer_name": f"Buyer {number}",
                "buyer_country": "KR" if number < 3 else "JP", "kind": "mou" if number % 2 else "contract",
                "category": "handicraft", "amount": str(1000 + number), "currency": "USD",
                "signed_on": (fair.starts_on + timedelta(days=number % 2)).isoformat()}
        assert organizer.post(f"/api/v1/fairs/{fair.id}/contracts", body).status_code == 201, body
    return fair, seller, organizer


def test_the_second_page_of_contracts_holds_ten_and_the_header_the_total(contracts_of_a_fair):
    """?page=2&page_size=10 → contracts 11 to 20 and X-Pagination with the total (27)."""
    fair, _seller, organizer = contracts_of_a_fair
    first = organizer.get(f"/api/v1/fairs/{fair.id}/contracts", page=1, page_size=10)
    second = organizer.get(f"/api/v1/fairs/{fair.id}/contracts", page=2, page_size=10)
    assert second.status_code == 200 and len(second.json) == 10
    assert _pagination(second) == {"total": 27, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 2,
                                   "previous_page": 1, "next_page": 3}
    assert not {c["id"] for c in first.json} & {c["id"] for c in second.json}
    last = organizer.get(f"/api/v1/fairs/{fair.id}/contracts", page=3, page_size=10)
    assert len(last.json) == 7
    assert organizer.get(f"/api/v1/fairs/{fair.id}/contracts", page=4, page_size=10).json == []


def test_contracts_are_filtered_by_seller_country_kind_and_dates(contracts_of_a_fair):
    """Each filter narrows the list in the database; the total counts what matches."""
    fair, seller, organizer = contracts_of_a_fair
    path = f"/api/v1/fairs/{fair.id}/contracts"
    assert _pagination(organizer.get(path, seller_id=seller.id))["total"] == 25
    korea = organizer.get(path, buyer_country="kr")
    assert _pagination(korea)["total"] == 3 and {c["buyer_country"] for c in korea.json} == {"KR"}
    assert {c["kind"] for c in organizer.get(path, kind="mou", page_size=100).json} == {"mou"}
    assert _pagination(organizer.get(path, kind="mou"))["total"] == 13
    assert _pagination(organizer.get(path, verified="true"))["total"] == 0
    later = organizer.get(path, signed_from=(fair.starts_on + timedelta(days=1)).isoformat())
    assert _pagination(later)["total"] == 13
    assert _pagination(organizer.get(path, signed_to=fair.starts_on.isoformat()))["total"] == 14


@pytest.mark.parametrize("query", [{"page_size": 501}, {"page_size": 0}, {"page": 0}, {"page": 10**7},
                                   {"page": "9" * 30}])
def test_page_arguments_beyond_their_bounds_are_refused_by_name(api, make_fair, session, query):
    """A page size past the maximum, or a page number past any list, is a 422 naming the argument."""
    fair = make_fair(status="running")
    session.commit()
    response = api("organizer").get(f"/api/v1/fairs/{fair.id}/contracts", **query)
    assert response.status_code == 422
    assert {error["field"] for error in response.json["errors"]} == set(query)


def test_booths_are_paged_and_filtered_by_hall_zone_and_status(api, session, make_fair, make_hall, make_zone,
                                                               make_booth):
    """Booths page by 100 by default (up to 1,000), filtered by hall name (case aside), zone and status."""
    fair = make_fair(status="open")
    hall_a, hall_b = make_hall(fair=fair, name="Hall A"), make_hall(fair=fair, name="Hall B")
    zone = make_zone(fair=fair)
    for number in range(5):
        make_booth(hall=hall_a, zone=zone, code=f"A-{number}", blocked=number == 0)
    make_booth(hall=hall_b, zone=make_zone(fair=fair), code="B-1")
    session.commit()
    caller, path = api("organizer"), f"/api/v1/fairs/{fair.id}/booths"
    everything = caller.get(path)
    assert _pagination(everything)["total"] == 6 and len(everything.json) == 6
    in_a = caller.get(path, hall="hall a")
    assert [booth["code"] for booth in in_a.json] == ["A-0", "A-1", "A-2", "A-3", "A-4"]
    assert [booth["code"] for booth in caller.get(path, hall=str(hall_b.id)).json] == ["B-1"]
    assert _pagination(caller.get(path, zone_id=zone.id))["total"] == 5
    assert [booth["code"] for booth in caller.get(path, status="blocked").json] == ["A-0"]
    assert _pagination(caller.get(path, status="available"))["total"] == 5
    assert caller.get(path, status="assigned").json == []
    assert [booth["code"] for booth in caller.get(path, sort="-code", page_size=2).json] == ["B-1", "A-4"]
    assert caller.get(path, page_size=1000).status_code == 200
    assert caller.get(path, page_size=1001).status_code == 422


def test_visitors_are_listed_by_type_country_admission_and_search(api, session, make_fair):
    """Gate staff list a fair's visitors; `admitted` tells who has come in."""
    fair = make_fair(status="running")
    now = utcnow()
    people = [Visitor(fair_id=fair.id, full_name=name, organisation=org, email=f"{index}@example.vn", country=country,
                      visitor_type=kind, source="api", created_at=now + timedelta(seconds=index))
              for index, (name, org, country, kind) in enumerate([
                  ("Nguyễn Văn An", "Công ty Sen Vàng", "VN", "trade_buyer"),
                  ("Tanaka Hiro", "Kyoto Trading", "JP", "trade_buyer"),
                  ("Lê Thị Bình", None, "VN", "press")])]
    session.add_all(people)
    session.flush()
    session.add(Admission(fair_id=fair.id, visitor_id=people[1].id, day=fair.starts_on, gate="A", admitted_at=now))
    session.commit()
    staff, path = api("staff", gate_fairs=[fair]), f"/api/v1/fairs/{fair.id}/visitors"
    assert [v["full_name"] for v in staff.get(path).json] == ["Lê Thị Bình", "Tanaka Hiro", "Nguyễn Văn An"]
    assert [v["full_name"] for v in staff.get(path, admitted="true").json] == ["Tanaka Hiro"]
    assert _pagination(staff.get(path, admitted="false"))["total"] == 2
    assert [v["full_name"] for v in staff.get(path, country="jp").json] == ["Tanaka Hiro"]
    assert _pagination(staff.get(path, visitor_type="trade_buyer"))["total"] == 2
    assert [v["full_name"] for v in staff.get(path, q="sen vàng").json] == ["Nguyễn Văn An"]
    assert staff.get(path, q="100%").json == []
    assert api("exhibitor").get(path).status_code == 403


def test_an_import_with_thousands_of_bad_rows_lists_the_first_200_and_the_count(api, session, make_fair):
    """A failed import answers the first 200 refused rows and `error_count`, not megabytes of errors."""
    fair = make_fair(status="draft")
    session.commit()
    rows = "\n".join(f"X-{number},Hall,Zone,notanumber,0,3,3,standard,1000" for number in range(450))
    response = api("organizer").post_csv(f"/api/v1/fairs/{fair.id}/booths/import",
                                         "code,hall,zone,x_m,y_m,width_m,depth_m,type,price_vnd\n" + rows)
    assert response.status_code == 422
    assert len(response.json["errors"]) == 200 and response.json["error_count"] >= 450
