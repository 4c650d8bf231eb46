"""A programme's grants as a list to work with: search without accents, filters with choices, sort, pages."""

import re

import pytest

from core.db import utcnow
from support.models import SupportGrant
from tests.conftest import login


@pytest.fixture
def granted(session, make_programme, make_enterprise, make_fair, make_user, client):
    """Four grants of one programme to enterprises of two provinces, at two fairs; an organizer logged in."""
    programme = make_programme(budget_vnd=1_000_000_000)
    spring, autumn = make_fair(code="SPRING-26"), make_fair(code="AUTUMN-26")
    rows = [("Hợp tác xã Gốm Bát Tràng", "Hà Nội", spring, "booth_fee", 24_000_000, "approved"),
            ("Công ty Lụa Vạn Phúc", "Hà Nội", autumn, "travel", 5_000_000, "planned"),
            ("Nước mắm Cát Hải", "Hải Phòng", spring, "booth_fee", 12_000_000, "disbursed"),
            ("Mây tre Phú Vinh", "Hà Nội", None, "training", 8_000_000, "cancelled")]
    for name, province, fair, content, amount, status in rows:
        enterprise = make_enterprise(legal_name=name, name_en=None, province=province)
        session.add(SupportGrant(programme_id=programme.id, enterprise_id=enterprise.id,
                                 fair_id=fair.id if fair else None, content=content, amount_vnd=amount, status=status,
                                 source="manual", created_at=utcnow(), updated_at=utcnow()))
    login(client, make_user(role="organizer", locale="en"))
    session.commit()
    return programme


def _names(page: str) -> list[str]:
    return re.findall(r'<tr data-grant="\d+"><td class="col-name">([^<]+)<br>', page)


@pytest.mark.parametrize(("args", "expected"), [
    ({"sort": "-amount"}, ["Hợp tác xã Gốm Bát Tràng", "Nước mắm Cát Hải", "Mây tre Phú Vinh",
                           "Công ty Lụa Vạn Phúc"]),
    ({"sort": "amount", "province": "Hà Nội"}, ["Công ty Lụa Vạn Phúc", "Mây tre Phú Vinh",
                                                "Hợp tác xã Gốm Bát Tràng"]),
    ({"q": "gom bat trang"}, ["Hợp tác xã Gốm Bát Tràng"]),
    ({"content": "booth_fee", "sort": "enterprise"}, ["Hợp tác xã Gốm Bát Tràng", "Nước mắm Cát Hải"]),
    ({"fair": "SPRING-26", "status": "disbursed"}, ["Nước mắm Cát Hải"]),
    ({"sort": "status"}, ["Công ty Lụa Vạn Phúc", "Hợp tác xã Gốm Bát Tràng", "Nước mắm Cát Hải",
                          "Mây tre Phú Vinh"]),   # planned, approved, disbursed, cancelled
])
def test_the_grant_list_finds_and_orders_exactly(client, granted, args, expected):
    """Search, filters and orders give exactly these grants."""
    page = client.get(f"/support/programmes/{granted.id}", query_string=args).get_data(as_text=True)
    assert _names(page) == expected


def test_the_grant_list_is_paged(client, granted, make_enterprise, session):
    """56 more grants: 50 on the first page, the other 10 on the second."""
    for number in range(56):
        session.add(SupportGrant(programme_id=granted.id, enterprise_id=make_enterprise().id, content="travel",
                                 amount_vnd=1_000 + number, status="planned", source="manual", created_at=utcnow(),
                                 updated_at=utcnow()))
    session.commit()
    first = client.get(f"/support/programmes/{granted.id}").get_data(as_text=True)
    assert len(_names(first)) == 50 and "1–50 of 60" in first
    assert len(_names(client.get(f"/support/programmes/{granted.id}?page=2").get_data(as_text=True))) == 10
