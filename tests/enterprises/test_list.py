"""The organizer's enterprise list: search without accents, filters with choices, sort and pages."""

import re

import pytest


def _names(page: str) -> list[str]:
    return re.findall(r'<tr data-enterprise="\d+">\s*<td[^>]*>([^<]+)</td>', page)


@pytest.fixture
def registered(make_enterprise, make_user, session):
    """Four enterprises of three origins, one with a member whose e-mail can be searched."""
    owner = make_user(role="exhibitor", email="hoa@lua-vanphuc.vn")
    make_enterprise(legal_name="Hợp tác xã Gốm Bát Tràng", name_en=None, tax_code="0100109106",
                    kind="cooperative", is_rural_industry=True)
    make_enterprise(legal_name="Công ty Lụa Vạn Phúc", name_en=None, owner=owner, sector="textiles_garments")
    make_enterprise(legal_name="Nước mắm Cát Hải", name_en=None, province="Hải Phòng", sector="food_processing")
    make_enterprise(legal_name="Kyoto Lacquer", name_en=None, country="JP", province=None)
    session.commit()


@pytest.mark.parametrize(("args", "expected"), [
    ({}, ["Công ty Lụa Vạn Phúc", "Hợp tác xã Gốm Bát Tràng", "Kyoto Lacquer", "Nước mắm Cát Hải"]),
    ({"q": "gom bat trang"}, ["Hợp tác xã Gốm Bát Tràng"]),
    ({"q": "NUOC MAM"}, ["Nước mắm Cát Hải"]),
    ({"q": "0100109"}, ["Hợp tác xã Gốm Bát Tràng"]),
    ({"q": "lua-vanphuc"}, ["Công ty Lụa Vạn Phúc"]),
    ({"country": "JP"}, ["Kyoto Lacquer"]),
    ({"province": "Hải Phòng"}, ["Nước mắm Cát Hải"]),
    ({"rural": "yes"}, ["Hợp tác xã Gốm Bát Tràng"]),
    ({"kind": "cooperative"}, ["Hợp tác xã Gốm Bát Tràng"]),
    ({"sector": "textiles_garments"}, ["Công ty Lụa Vạn Phúc"]),
    ({"sort": "-name"}, ["Nước mắm Cát Hải", "Kyoto Lacquer", "Hợp tác xã Gốm Bát Tràng", "Công ty Lụa Vạn Phúc"]),
])
def test_the_list_finds_exactly_what_is_asked(client, login_as, registered, args, expected):
    """Search, filters and order give exactly these enterprises, in this order."""
    login_as("organizer")
    assert _names(client.get("/enterprises/", query_string=args).get_data(as_text=True)) == expected


def test_the_country_filter_offers_names(client, login_as, registered):
    """Countries are chosen by their names, among those registered."""
    login_as("officer")
    page = client.get("/enterprises/").get_data(as_text=True)
    select = re.search(r'<select name="country".*?</select>', page, re.S).group(0)
    assert [code for code, _name in re.findall(r'<option value="(\w+)"\s*>([^<]+)</option>', select)] == ["JP", "VN"]


def test_the_list_is_paged(client, login_as, make_enterprise, session):
    """60 enterprises: 50 on the first page, 10 on the second, and no limit hides any."""
    for number in range(60):
        make_enterprise(legal_name=f"Công ty {number:02d}", name_en=None)
    session.commit()
    login_as("organizer")
    first = client.get("/enterprises/").get_data(as_text=True)
    assert _names(first) == [f"Công ty {n:02d}" for n in range(50)] and "1–50 of 60" in first
    assert _names(client.get("/enterprises/?page=2").get_data(as_text=True)) == [
        f"Công ty {n:02d}" for n in range(50, 60)]
