"""The organizer's visitor list: search (name, organisation, e-mail, badge serial), filters with choices (type,
country by name, admitted or not), sort, pages, bulk print and resend for the ticked ones or all that match, and
a visitor's page with the way back to the filtered list and to the previous and next."""

import re
from datetime import date, timedelta

import sqlalchemy as sa

from core.db import utcnow
from core.extensions import db
from core.jobs import Job
from core.mail import OutboxMessage
from tests.jobs_support import wait_for_jobs
from visitors import listing
from visitors.models import Admission, Badge, Visitor


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-visitor="(\d+)"', html)]


def _crowd(registered):
    """Four visitors of the running fair (one admitted) and their ids by nickname."""
    hoa, _ = registered(full_name="Nguyễn Thị Hoa", organisation="Gốm Bát Tràng", country="VN")
    john, _ = registered(full_name="John Smith", organisation="Acme Imports", country="US", province=None,
                         email="john@acme.example")
    lan, _ = registered(full_name="Trần Lan", organisation="Báo Công Thương", visitor_type="press", country="VN")
    kim, _ = registered(full_name="Kim Min-jun", organisation="Seoul Trading", country="KR", province=None)
    return {"hoa": hoa.id, "john": john.id, "lan": lan.id, "kim": kim.id}


def test_search_filters_and_sort(client, login_as, session, running_fair, registered, make_fair):
    """Accents aside, by e-mail, by organisation and by badge serial; type, country and admitted filters;
    sorted by name both ways; another fair's visitors never show."""
    ids = _crowd(registered)
    session.add(Admission(fair_id=running_fair.id, visitor_id=ids["kim"], day=date.today(), gate="A",
                          admitted_at=utcnow()))
    session.commit()
    login_as("organizer")
    url = f"/fairs/{running_fair.id}/visitors"

    def listed(**query):
        response = client.get(url, query_string=query)
        assert response.status_code == 200
        return _rows(response.get_data(as_text=True))

    assert sorted(listed()) == sorted(ids.values())
    assert listed(q="nguyen thi hoa") == [ids["hoa"]]
    assert listed(q="JOHN@ACME") == [ids["john"]]
    assert listed(q="bat trang") == [ids["hoa"]]
    serial = session.scalar(sa.select(Badge.serial).where(Badge.visitor_id == ids["lan"]))
    assert listed(q=str(serial)) == [ids["lan"]]
    assert listed(type="press") == [ids["lan"]]
    assert sorted(listed(country="vn")) == sorted([ids["hoa"], ids["lan"]])
    assert listed(admitted="yes") == [ids["kim"]]
    assert ids["kim"] not in listed(admitted="no") and len(listed(admitted="no")) == 3
    assert listed(sort="name") == [ids["john"], ids["kim"], ids["hoa"], ids["lan"]]
    assert listed(sort="-name") == [ids["lan"], ids["hoa"], ids["kim"], ids["john"]]
    page = client.get(url).get_data(as_text=True)
    assert '<option value="KR"' in page and "Hàn Quốc" in page  # a country is chosen by its name


def test_pages_of_fifty_keep_the_filters(client, login_as, running_fair, registered):
    """53 buyers: 50 on the first page, 3 on the second, and the pager's links keep the filter."""
    for number in range(53):
        registered(full_name=f"Khách {number:02d}")
    registered(full_name="Phóng viên", visitor_type="press")
    login_as("organizer")
    first = client.get(f"/fairs/{running_fair.id}/visitors?type=trade_buyer&sort=name").get_data(as_text=True)
    assert len(_rows(first)) == 50 and "data-testid=\"visitor-total\">(53)" in first
    assert re.search(r'href="[^"]*page=2[^"]*"', first)
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "type=trade_buyer" in next_link and "sort=name" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert len(_rows(second)) == 3


def test_print_all_matching_or_the_ticked_ones(app, client, login_as, session, running_fair, registered, make_fair):
    """'Print all matching' prints every visitor the filters keep (not only this page); 'the selected' prints the
    ticked ones of this fair, never a ticked id of another fair."""
    ids = _crowd(registered)
    other_fair = make_fair(status="running")
    session.commit()
    login_as("organizer")
    response = client.post(f"/fairs/{running_fair.id}/visitors/print?country=VN", data={"size": "a6", "scope": "all"})
    assert response.status_code == 302 and "country=VN" in response.headers["Location"]
    response = client.post(f"/fairs/{running_fair.id}/visitors/print",
                           data={"size": "a6", "scope": "selected", "visitor": [ids["john"], 999999]})
    wait_for_jobs(app, session)
    jobs = session.scalars(sa.select(Job).where(Job.kind == "badges.print").order_by(Job.id)).all()
    assert sorted(jobs[0].params["visitor_ids"]) == sorted([ids["hoa"], ids["lan"]])
    assert jobs[1].params["visitor_ids"] == [ids["john"]]
    assert other_fair.id != running_fair.id


def test_resend_badges_to_all_matching(client, login_as, session, running_fair, registered):
    """'E-mail all matching again' sends each matching visitor with an address one more badge e-mail."""
    ids = _crowd(registered)
    before = session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    login_as("organizer")
    response = client.post(f"/fairs/{running_fair.id}/visitors/resend?type=press", data={"scope": "all"})
    assert response.status_code == 302 and "type=press" in response.headers["Location"]
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == before + 1
    last = session.scalar(sa.select(OutboxMessage.recipient).order_by(OutboxMessage.id.desc()).limit(1))
    assert last == session.get(Visitor, ids["lan"]).email


def test_a_visitors_page_leads_back_and_to_the_neighbours(client, login_as, running_fair, registered):
    """From the list sorted by name and filtered to Vietnam: back to the same list, previous and next in it."""
    ids = _crowd(registered)
    login_as("organizer")
    page = client.get(f"/fairs/{running_fair.id}/visitors/{ids['hoa']}?country=VN&sort=name").get_data(as_text=True)
    back = re.search(r'href="([^"]+)" data-testid="back-to-list"', page).group(1).replace("&amp;", "&")
    assert back.startswith(f"/fairs/{running_fair.id}/visitors?") and "country=VN" in back and "sort=name" in back
    assert 'data-testid="previous"' not in page  # Hoa comes first of Vietnam's two by name
    following = re.search(r'href="([^"]+)" rel="next"', page).group(1)
    assert f"/visitors/{ids['lan']}?" in following



def test_neighbours_found_in_sql_agree_with_the_whole_list(app, session, running_fair):
    """For every sort, both directions and a filter, each visitor's position, total, previous and next equal
    those read off the whole list (ties of name, type and time broken by id; empty organisations and provinces
    placed where the database sorts NULL)."""
    now = utcnow()
    for number in range(12):
        session.add(Visitor(fair_id=running_fair.id, full_name=("Lan", "Hoa", "An")[number % 3],
                            organisation=(None, "Gốm Bát Tràng")[number % 3 == 1],
                            email=f"n{number}@example.vn", country=("VN", "JP")[number % 2],
                            province=(None, "Huế")[number % 4 == 0],
                            visitor_type=("visitor", "press")[number % 2 and number % 5 != 0], sectors=[],
                            source="desk", created_at=now - timedelta(minutes=number // 4)))
    session.commit()
    zone = app.config["BABEL_DEFAULT_TIMEZONE"]
    ids = list(session.scalars(sa.select(Visitor.id)))
    for key in listing.VISITOR_SORTS:
        for sort in (key, f"-{key}"):
            for filters in ({}, {"country": "JP"}):
                asked = listing.visitor_query({**filters, "sort": sort})
                whole = listing.matching_visitor_ids(session, running_fair, asked)
                for visitor_id in ids:
                    at = whole.index(visitor_id) if visitor_id in whole else None
                    expected = listing.Neighbours(
                        position=at, total=len(whole),
                        previous_id=whole[at - 1] if at else None,
                        next_id=whole[at + 1] if at is not None and at + 1 < len(whole) else None)
                    found = listing.visitor_neighbours(session, running_fair, asked, visitor_id, timezone=zone)
                    assert found == expected, (sort, filters, visitor_id)


def test_the_search_column_follows_corrections_and_bulk_rows(client, login_as, session, running_fair, registered, app):
    """The folded search text is kept in step: a corrected name is found by the new one only, rows inserted in
    bulk (Core, as imports and the scale data do) are found accents aside, and LIKE's wildcards match as text."""
    ids = _crowd(registered)
    hoa = session.get(Visitor, ids["hoa"])
    hoa.full_name = "Phạm Thị Đào"
    session.commit()
    session.execute(sa.insert(Visitor), [
        {"fair_id": running_fair.id, "full_name": "Lê Văn Đức", "organisation": "HTX Gốm_Sứ 100%",
         "email": f"duc{number}@example.vn", "country": "VN", "visitor_type": "visitor", "sectors": [],
         "source": "import", "created_at": utcnow()} for number in range(2)])
    session.commit()
    bulk = list(session.scalars(sa.select(Visitor.id).where(Visitor.full_name == "Lê Văn Đức").order_by(Visitor.id)))
    login_as("organizer")

    def listed(q):
        response = client.get(f"/fairs/{running_fair.id}/visitors", query_string={"q": q})
        assert response.status_code == 200
        return sorted(_rows(response.get_data(as_text=True)))

    assert listed("pham thi dao") == [ids["hoa"]] and listed("Nguyễn Thị Hoa") == []
    assert listed("VAN DUC") == bulk and listed("gốm sứ 100") == bulk
    assert listed("10%") == [] and listed("%") == bulk  # % is text, not a wildcard


def test_the_search_reads_no_visitor_into_python(app, client, login_as, registered, running_fair):
    """A search is a WHERE on the folded column: every statement reading visitors' texts is a count or a page
    (LIMIT), none reads the fair's visitors to fold them in Python (5 s a search at Canton scale)."""
    _crowd(registered)
    login_as("organizer")
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(f"/fairs/{running_fair.id}/visitors", query_string={"q": "bát trang"})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200 and len(_rows(response.get_data(as_text=True))) == 1
    reading = [s for s in statements if "visitor.full_name" in s and "FROM visitor" in s]
    assert reading and all("count(*)" in s or "LIMIT" in s for s in reading), reading
