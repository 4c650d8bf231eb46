"""The exhibitor's leads list: search (name, company, e-mail), filters (rating, type of visitor), sort, pages,
export of all that match or of the ticked ones, the way back from a lead and on to its neighbours; and never
another exhibitor's leads, whatever the filters or ids asked."""

import csv
import io
import re
from datetime import timedelta

from contracts.models import Lead
from core.db import utcnow
from enterprises.services import enterprise_of
from tests.conftest import login
from tests.contracts.test_leads import booths_of_two  # noqa: F401  (the fixture)


def _ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-lead="(\d+)"', html)]


def _csv_names(response) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")))][1:]


def _leads(session, registered, owners):
    """Three leads of the first exhibitor (rated 5, 2 and none, scanned an hour apart) and one of the second's."""
    mine = enterprise_of(session, owners[0])
    theirs = enterprise_of(session, owners[1])
    now = utcnow()
    made = {}
    for index, (name, company, kind, rating, enterprise) in enumerate((
            ("Phạm Văn An", "Siêu thị Co.op", "trade_buyer", 5, mine),
            ("Lê Thị Bình", "Báo Công Thương", "press", 2, mine),
            ("Jane Doe", "Acme Imports", "trade_buyer", None, mine),
            ("Đỗ Văn Khác", "Siêu thị Co.op", "trade_buyer", 5, theirs))):
        visitor, _code = registered(full_name=name, organisation=company, visitor_type=kind)
        lead = Lead(fair_id=visitor.fair_id, enterprise_id=enterprise.id, visitor_id=visitor.id, rating=rating,
                    scans=index + 1, first_scanned_at=now - timedelta(hours=index),
                    last_scanned_at=now - timedelta(hours=index))
        session.add(lead)
        session.flush()
        made[name] = lead.id
    session.commit()
    return made


def test_search_filter_sort_and_only_ones_own(client, session, running_fair, registered, booths_of_two):  # noqa: F811
    """Accents aside by name, by company, by e-mail; 'four stars or more', 'not rated', by type; sorted by
    rating; the other exhibitor's lead at the same company never shows."""
    leads = _leads(session, registered, booths_of_two)
    login(client, booths_of_two[0])
    url = f"/fairs/{running_fair.id}/leads"

    def listed(**query):
        response = client.get(url, query_string=query)
        assert response.status_code == 200
        return _ids(response.get_data(as_text=True))

    assert listed() == [leads["Phạm Văn An"], leads["Lê Thị Bình"], leads["Jane Doe"]]  # the latest scan first
    assert listed(q="pham van") == [leads["Phạm Văn An"]]
    assert listed(q="co.op") == [leads["Phạm Văn An"]]  # not Đỗ Văn Khác: another exhibitor's lead
    assert listed(q="khac") == []
    assert listed(rating="4") == [leads["Phạm Văn An"]]
    assert listed(rating="none") == [leads["Jane Doe"]]
    assert listed(type="press") == [leads["Lê Thị Bình"]]
    assert listed(sort="-rating") == [leads["Phạm Văn An"], leads["Lê Thị Bình"], leads["Jane Doe"]]
    assert listed(sort="scans") == [leads["Phạm Văn An"], leads["Lê Thị Bình"], leads["Jane Doe"]]
    assert listed(sort="name") == [leads["Jane Doe"], leads["Lê Thị Bình"], leads["Phạm Văn An"]]


def test_export_all_matching_or_the_ticked_ones(client, session, running_fair, registered, booths_of_two):  # noqa: F811
    """The export keeps the list's filters; 'the selected' exports the ticked ones, and a ticked id of another
    exhibitor's lead is ignored."""
    leads = _leads(session, registered, booths_of_two)
    login(client, booths_of_two[0])
    base = f"/fairs/{running_fair.id}/leads"
    assert _csv_names(client.get(f"{base}.csv?type=trade_buyer&scope=all")) == ["Phạm Văn An", "Jane Doe"]
    ticked = client.get(f"{base}.csv", query_string={"scope": "selected",
                                                     "lead": [leads["Jane Doe"], leads["Đỗ Văn Khác"]]})
    assert _csv_names(ticked) == ["Jane Doe"]
    assert _csv_names(client.get(f"{base}.csv")) == ["Phạm Văn An", "Lê Thị Bình", "Jane Doe"]


def test_pages_and_the_way_back_from_a_lead(client, session, running_fair, registered, booths_of_two):  # noqa: F811
    """From a lead reached through a filtered, sorted list: back to that list, previous and next in it; saving
    the notes returns to it too."""
    leads = _leads(session, registered, booths_of_two)
    login(client, booths_of_two[0])
    page = client.get(f"/leads/{leads['Lê Thị Bình']}?sort=name").get_data(as_text=True)
    back = re.search(r'href="([^"]+)" data-testid="back-to-list"', page).group(1).replace("&amp;", "&")
    assert back == f"/fairs/{running_fair.id}/leads?sort=name"
    assert f'/leads/{leads["Jane Doe"]}?sort=name" rel="prev"' in page
    assert f'/leads/{leads["Phạm Văn An"]}?sort=name" rel="next"' in page
    saved = client.post(f"/leads/{leads['Lê Thị Bình']}?sort=name&rating=1", data={"rating": "3", "notes": ""})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("?rating=1&sort=name")
    other = client.get(f"/leads/{leads['Đỗ Văn Khác']}?sort=name")
    assert other.status_code == 404
