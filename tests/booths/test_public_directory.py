"""The public side leads somewhere: the fair page links to the plan and the exhibitor directory once the plan
is published (and says when before); the directory searches and filters by choices and shows each exhibitor's
booths on the plan; the home page lists running and upcoming fairs with their state."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from booths.applications.assignments import assign_booths
from booths.applications.models import BoothApplication
from core.db import utcnow
from enterprises.models import Enterprise, EnterpriseMember
from tests.conftest import login


@pytest.fixture
def published(session, make_user, make_hall, make_zone, make_booth, make_enterprise, make_application):
    """A published fair with three exhibitors on R-1…R-4: pottery from Hải Dương (today Hải Phòng), silk from
    Hà Nội, lacquer from Japan."""
    hall = make_hall()
    fair = hall.fair
    zone = make_zone(fair=fair)
    for n in range(1, 5):
        make_booth(hall=hall, zone=zone, code=f"R-{n}", x_cm=(n - 1) * 300, y_cm=1000)
    organizer = make_user(role="organizer")
    placed = [("Gốm Chu Đậu", "Hải Dương", "VN", "handicraft", ["R-1"]),
              ("Lụa Vạn Phúc", "Hà Nội", "VN", "textiles_garments", ["R-2"]),
              ("Nara Lacquer Works", None, "JP", "handicraft", ["R-4"])]
    for name, province, country, sector, codes in placed:
        application = make_application(fair=fair, status="approved", enterprise=make_enterprise(
            legal_name=name, name_en=name, province=province, country=country, sector=sector))
        with force_locale("en"):
            assign_booths(session, application, codes, actor=organizer, now=utcnow())
    fair.status = "published"
    session.commit()
    return fair


def _names(html: str) -> list[str]:
    listed = html.split('data-testid="directory"')[1]
    return [name for name in ("Gốm Chu Đậu", "Lụa Vạn Phúc", "Nara Lacquer Works") if name in listed]


def test_the_fair_page_links_to_the_plan_and_the_directory_once_published(client, published):
    """Published: both links; the directory lists every exhibitor with its booths and a link to them on the plan."""
    page = client.get(f"/f/{published.code}").get_data(as_text=True)
    assert f'href="/f/{published.code}/plan"' in page and f'href="/f/{published.code}/exhibitors"' in page
    html = client.get(f"/f/{published.code}/exhibitors").get_data(as_text=True)
    assert _names(html) == ["Gốm Chu Đậu", "Lụa Vạn Phúc", "Nara Lacquer Works"]
    assert "R-1" in html and "R-4" in html
    link = html.split('data-testid="show-on-plan"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    plan = client.get(link).get_data(as_text=True)
    assert '"highlight": ["R-1"]' in plan


def test_before_publication_the_fair_page_says_when(client, session, make_fair):
    """An open fair: no plan link, a sentence with the opening date; the directory sends back to the fair page."""
    fair = make_fair(status="open", starts_on=date.today() + timedelta(days=40))
    session.commit()
    page = client.get(f"/f/{fair.code}").get_data(as_text=True)
    assert 'data-testid="plan-pending"' in page and f"/f/{fair.code}/exhibitors" not in page
    assert str(fair.starts_on.year) in page.split('data-testid="plan-pending"')[1].split("</p>")[0]
    response = client.get(f"/f/{fair.code}/exhibitors")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/f/{fair.code}")


def test_the_directory_searches_and_filters_by_choices(client, published):
    """Name without accents, sector, today's province (a former name counts under it), country by its name."""
    url = f"/f/{published.code}/exhibitors"
    assert _names(client.get(url + "?q=chu+dau").get_data(as_text=True)) == ["Gốm Chu Đậu"]
    assert _names(client.get(url + "?sector=textiles_garments").get_data(as_text=True)) == ["Lụa Vạn Phúc"]
    assert _names(client.get(url + "?province=Hải Phòng").get_data(as_text=True)) == ["Gốm Chu Đậu"]
    html = client.get(url + "?country=JP").get_data(as_text=True)
    assert _names(html) == ["Nara Lacquer Works"]
    country_select = html.split('name="country"')[1].split("</select>")[0]
    assert 'value="JP" selected' in country_select and "Japan" in country_select
    assert '<option value="Hải Phòng"' in html and '<option value="Hải Dương"' not in html  # today's units only
    assert "<input" not in country_select


def test_the_home_page_lists_running_and_upcoming_fairs_with_their_state(client, session, make_fair):
    """Running fairs under their own heading, upcoming ones with what a visitor or exhibitor can do now."""
    running = make_fair(status="running", starts_on=date.today() - timedelta(days=1),
                        ends_on=date.today() + timedelta(days=2), name_en="Running fair")
    upcoming = make_fair(status="open", name_en="Coming fair")
    make_fair(status="draft", name_en="Draft fair")
    session.commit()
    html = client.get("/").get_data(as_text=True)
    now_part = html.split('data-testid="running-fairs"')[1].split("</ul>")[0]
    next_part = html.split('data-testid="upcoming-fairs"')[1].split("</ul>")[0]
    assert running.name_en in now_part and upcoming.name_en not in now_part
    assert upcoming.name_en in next_part and "badge--open" in next_part
    assert "Draft fair" not in html


def test_see_on_the_map_lights_up_only_the_exhibitors_own_booths(client, session, published,
                                                                                make_user):
    """'See on the map' lights up the exhibitor's own booths, not every name that contains its name."""
    silk = session.scalars(sa.select(Enterprise).where(Enterprise.legal_name == "Lụa Vạn Phúc")).one()
    owner = make_user(role="exhibitor")
    session.add(EnterpriseMember(user_id=owner.id, enterprise_id=silk.id, role="owner", joined_at=utcnow()))
    session.commit()
    login(client, owner)
    portal = client.get("/portal").get_data(as_text=True)
    link = portal.split('data-testid="booth-codes"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert f"exhibitor={silk.id}" in link
    assert '"highlight": ["R-2"]' in client.get(link).get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 3


def test_the_directory_pages_in_the_database(client, session, monkeypatch, published, make_fair, make_hall,
                                             make_zone, make_booth, make_enterprise, make_application, make_user):
    """Pages of two by name: page 2 holds the third exhibitor; applicants without a booth, and exhibitors placed
    at another fair only, are not listed; a search keeps its pages and its count."""
    monkeypatch.setattr("booths.applications.public_views.DIRECTORY_PAGE_SIZE", 2)
    make_application(fair=published, status="approved", enterprise=make_enterprise(legal_name="Gốm Bát Tràng"))
    other_hall = make_hall()
    make_booth(hall=other_hall, zone=make_zone(fair=other_hall.fair), code="Z-1")
    elsewhere = make_application(fair=other_hall.fair, status="approved",
                                 enterprise=make_enterprise(legal_name="Gốm Phù Lãng"))
    with force_locale("en"):
        assign_booths(session, elsewhere, ["Z-1"], actor=make_user(role="organizer"), now=utcnow())
    session.commit()
    url = f"/f/{published.code}/exhibitors"
    first, second = (client.get(url + query).get_data(as_text=True) for query in ("", "?page=2"))
    assert _names(first) == ["Gốm Chu Đậu", "Lụa Vạn Phúc"] and _names(second) == ["Nara Lacquer Works"]
    assert "R-4" in second and "R-1" not in second
    assert "Exhibitors found: 3" in second and "2 / 2" in second
    assert "Bát Tràng" not in first + second and "Phù Lãng" not in first + second
    assert _names(client.get(url + "?page=9").get_data(as_text=True)) == ["Nara Lacquer Works"]  # the last page


def test_the_directory_search_finds_with_and_without_accents(client, published):
    """"Lụa", "lua" and "LUA VAN" find the silk weaver; a product or a booth code that no name holds finds none."""
    url = f"/f/{published.code}/exhibitors?q="
    for search in ("Lụa", "lua", "LUA VAN", "vạn phúc"):
        html = client.get(url + search).get_data(as_text=True)
        assert _names(html) == ["Lụa Vạn Phúc"], search
        assert "Exhibitors found: 1" in html
    assert 'data-testid="directory"' not in client.get(url + "gốm+sứ+đà+lạt").get_data(as_text=True)
