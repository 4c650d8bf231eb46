"""The organizer's review queue as a list a person can work with: search, filters with choices, sort, pages,
approving all that match, and from one application the way back and to its neighbours."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.services import decide_application
from core.db import utcnow
from enterprises.models import EnterpriseMember
from tests.jobs_support import wait_for_jobs

START = utcnow() - timedelta(days=10)


def _listed(page: str) -> list[int]:
    """The application ids of the queue's rows, in page order."""
    return [int(value) for value in re.findall(r'name="application" value="(\d+)"', page)]


@pytest.fixture
def crowd(open_fair, make_enterprise, make_application, make_user, make_hall, make_booth, session):
    """Five applications with names, tax codes, e-mails, origins and one booth to search by."""
    def applicant(name, minutes, **over):
        fields = {"legal_name": name, "name_en": None}
        fields.update(over.pop("enterprise", {}))
        return make_application(fair=open_fair, enterprise=make_enterprise(**fields),
                                submitted_at=START + timedelta(minutes=minutes), **over)

    rows = {
        "gom": applicant("Hợp tác xã Gốm Bát Tràng", 1, booths_requested=3, support_requested=True,
                         enterprise={"tax_code": "0100109106", "kind": "cooperative", "is_rural_industry": True}),
        "lua": applicant("Công ty Lụa Vạn Phúc", 2, booths_requested=1, enterprise={"email": "info@vanphuc.vn"}),
        "may": applicant("Cơ sở Mây tre Phú Vinh", 3, booths_requested=2, status="approved"),
        "osaka": applicant("Osaka Crafts Co.", 4, booths_requested=4,
                           enterprise={"country": "JP", "province": None}),
        "dong": applicant("Đông Hồ Tranh", 5, booths_requested=1, support_requested=True),
    }
    user = make_user(role="exhibitor", email="chi.lan@dongho.vn")
    session.add(EnterpriseMember(user_id=user.id, enterprise_id=rows["dong"].enterprise_id, role="owner",
                                 joined_at=utcnow()))
    booth = make_booth(hall=make_hall(fair=open_fair), code="B-07")
    session.add(BoothAssignment(booth=booth, application=rows["may"], assigned_at=utcnow()))
    session.commit()
    return rows


def _queue(client, fair_id, **args) -> str:
    response = client.get(f"/fairs/{fair_id}/applications", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("search", "expected"), [
    ("gom bat trang", ["gom"]),          # no accents, lower case
    ("GỐM  BÁT-TRÀNG", ["gom"]),          # accents, case, spaces and hyphens aside
    ("dong ho", ["dong"]),                # đ folds to d
    ("01001091", ["gom"]),                # part of a tax code
    ("VANPHUC.VN", ["lua"]),              # the enterprise's e-mail
    ("chi.lan@dongho", ["dong"]),         # a member's e-mail
    ("b-07", ["may"]),                    # an assigned booth's code
    ("craft", ["osaka"]),
    ("nothing like this", []),
])
def test_search_finds_exactly_the_matching_applications(client, login_as, crowd, search, expected):
    """The search box matches names without accents, tax codes, e-mails and booth codes."""
    login_as("organizer")
    page = _queue(client, crowd["gom"].fair_id, q=search)
    assert _listed(page) == [crowd[name].id for name in expected]


def test_search_and_filters_combine(client, login_as, crowd):
    """A search within a filter: "o" among those asking for support, newest first."""
    login_as("organizer")
    page = _queue(client, crowd["gom"].fair_id, q="o", support="yes", sort="-submitted")
    assert _listed(page) == [crowd["dong"].id, crowd["gom"].id]


@pytest.mark.parametrize(("sort", "expected"), [
    ("", ["gom", "lua", "may", "osaka", "dong"]),          # oldest submission first
    ("-submitted", ["dong", "osaka", "may", "lua", "gom"]),
    ("booths", ["lua", "dong", "may", "gom", "osaka"]),     # ties by id
    ("-booths", ["osaka", "gom", "may", "dong", "lua"]),
    ("status", ["may", "gom", "lua", "osaka", "dong"]),     # approved before submitted
    ("nonsense", ["gom", "lua", "may", "osaka", "dong"]),   # an unknown order falls back to the default
])
def test_the_queue_sorts_by_the_useful_columns(client, login_as, crowd, sort, expected):
    """Sorting by submission, booths and status gives exactly these orders."""
    login_as("organizer")
    page = _queue(client, crowd["gom"].fair_id, sort=sort)
    assert _listed(page) == [crowd[name].id for name in expected]


def test_sorting_by_name_follows_the_stored_name(client, login_as, crowd, session):
    """Sorting by name orders by the legal name, both ways."""
    login_as("organizer")
    by_name = sorted(crowd, key=lambda name: crowd[name].enterprise.legal_name)
    assert _listed(_queue(client, crowd["gom"].fair_id, sort="name")) == [crowd[n].id for n in by_name]
    assert _listed(_queue(client, crowd["gom"].fair_id, sort="-name")) == [crowd[n].id for n in reversed(by_name)]


def test_the_headers_link_to_their_order_and_keep_the_filters(client, login_as, crowd):
    """The active column's link turns its order around; every header link keeps the search."""
    login_as("organizer")
    page = _queue(client, crowd["gom"].fair_id, q="o", sort="booths")
    links = dict(re.findall(r'href="([^"]+)"\s+data-sort="(\w+)"', page)[i][::-1] for i in range(5))
    assert "sort=-booths" in links["booths"] and "sort=name" in links["name"]
    assert all("q=o" in link for link in links.values())


def test_the_queue_is_paged_by_fifty(client, login_as, open_fair, make_application, session):
    """55 applications: page 1 holds the 50 oldest, page 2 the other 5; a page past the end shows the last."""
    applications = [make_application(fair=open_fair, submitted_at=START + timedelta(minutes=n)) for n in range(55)]
    session.commit()
    login_as("organizer")
    ids = [application.id for application in applications]
    first = _queue(client, open_fair.id)
    assert _listed(first) == ids[:50]
    assert "1–50 of 55" in first and 'rel="next"' in first
    assert _listed(_queue(client, open_fair.id, page=2)) == ids[50:]
    assert _listed(_queue(client, open_fair.id, page=9)) == ids[50:]
    assert _listed(_queue(client, open_fair.id, page="x")) == ids[:50]


def test_the_country_is_chosen_by_its_name(client, login_as, crowd):
    """The country filter offers the applicants' countries by name, and filters by the chosen one."""
    login_as("organizer")
    page = _queue(client, crowd["gom"].fair_id)
    select = re.search(r'<select name="country".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\w*)"\s*>([^<]+)</option>', select) == [("", "All"), ("JP", "Japan"),
                                                                                ("VN", "Vietnam")]
    assert _listed(_queue(client, crowd["gom"].fair_id, country="JP")) == [crowd["osaka"].id]


def test_approving_all_that_match_approves_exactly_those(client, login_as, crowd, session):
    """"Approve all matching" with the support filter approves the two that asked, wherever they are paged."""
    login_as("organizer")
    fair_id = crowd["gom"].fair_id
    response = client.post(f"/fairs/{fair_id}/applications?support=yes&page=1", data={"scope": "all"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/fairs/{fair_id}/applications?support=yes&page=1"
    session.expire_all()
    assert {name: session.get(BoothApplication, a.id).status for name, a in crowd.items()} == {
        "gom": "approved", "lua": "submitted", "may": "approved", "osaka": "submitted", "dong": "approved"}


def test_the_detail_page_leads_back_and_to_its_neighbours(client, login_as, crowd):
    """Reached from the queue sorted by booths, an application links back to that list and to the ones before
    and after it, keeping the order."""
    login_as("organizer")
    page = client.get(f"/applications/{crowd['may'].id}", query_string={"sort": "booths"}).get_data(as_text=True)
    nav = re.search(r'data-testid="queue-nav">(.*?)</nav>', page, re.S).group(1)
    assert f'/fairs/{crowd["may"].fair_id}/applications?sort=booths"' in nav
    assert f'href="/applications/{crowd["dong"].id}?sort=booths" rel="prev"' in nav
    assert f'href="/applications/{crowd["gom"].id}?sort=booths" rel="next"' in nav
    assert "3 of 5" in nav


def test_the_ends_of_the_list_have_one_neighbour(client, login_as, crowd):
    """The first of the filtered list has no previous, only a next."""
    login_as("organizer")
    page = client.get(f"/applications/{crowd['gom'].id}", query_string={"support": "yes"}).get_data(as_text=True)
    assert 'rel="prev"' not in page
    assert f'href="/applications/{crowd["dong"].id}?support=yes" rel="next"' in page


def test_the_back_link_returns_to_the_page_holding_the_application(client, login_as, open_fair, make_application,
                                                                   session):
    """The 52nd application's back link opens page 2 of the queue."""
    applications = [make_application(fair=open_fair, submitted_at=START + timedelta(minutes=n)) for n in range(55)]
    session.commit()
    login_as("organizer")
    page = client.get(f"/applications/{applications[51].id}").get_data(as_text=True)
    assert f'href="/fairs/{open_fair.id}/applications?page=2" data-testid="back-to-queue"' in page


def test_the_application_shows_what_the_decision_needs(client, login_as, open_fair, make_zone, make_enterprise,
                                                       make_application, make_user, session):
    """Contact, kind, the CNNT flag, zone preferences in order, preferred booths, support asked, and history."""
    north = make_zone(fair=open_fair, name_vi="Khu Bắc", name_en="North")
    south = make_zone(fair=open_fair, name_vi="Khu Nam", name_en="South")
    enterprise = make_enterprise(contact_person="Nguyễn Thị Lan", phone="0912 345 678", email="lan@gom.vn",
                                 kind="rural_establishment", is_rural_industry=True)
    application = make_application(fair=open_fair, enterprise=enterprise, zone_preferences=[south.id, north.id,
                                                                                            "international"],
                                   preferred_booths=["S-01", "S-02"], support_requested=True,
                                   support_programme="Khuyến công Hà Nội")
    organizer = make_user(role="organizer", display_name="Trần Văn Hùng")
    decide_application(session, application, "waitlisted", reason="Chờ khu Nam", actor=organizer, now=utcnow())
    session.commit()
    login_as("organizer")
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    text = lambda testid: " ".join(re.sub(r"<[^>]+>", " ", re.search(  # noqa: E731
        rf'data-testid="{testid}">(.*?)</(?:dd|ol|dl)>', page, re.S).group(1)).split())
    assert text("contact") == "Nguyễn Thị Lan 0912 345 678 lan@gom.vn"
    assert text("rural") == "Yes"
    assert re.findall(r"<li>([^<]+)</li>", re.search(r'data-testid="zone-preferences">(.*?)</ol>', page,
                                                     re.S).group(1)) == ["South", "North", "International"]
    assert "S-01, S-02" in page and "Requested · Khuyến công Hà Nội" in page
    history = " ".join(re.sub(r"<[^>]+>", " ", re.search(r'data-testid="history">(.*?)</ol>', page,
                                                         re.S).group(1)).split())
    assert "Decision: Waitlisted · Chờ khu Nam · Trần Văn Hùng" in history


def test_the_search_is_the_organizers_only(client, login_as, crowd):
    """The search reads members' e-mails, so the queue stays the organizer's: an exhibitor gets 403."""
    login_as("exhibitor")
    assert client.get(f"/fairs/{crowd['gom'].fair_id}/applications", query_string={"q": "dongho"}).status_code == 403


def test_actions_on_the_page_keep_the_way_back(client, login_as, crowd):
    """Recording a payment on an application reached from a filtered queue returns to it with the same filters,
    so its previous/next and back links still follow that list."""
    login_as("organizer")
    response = client.post(f"/applications/{crowd['may'].id}/payment?status=approved&sort=name&page=3",
                           data={"payment_status": "paid"})
    assert response.headers["Location"] == f"/applications/{crowd['may'].id}?status=approved&sort=name"


def test_record_and_open_the_next_follows_the_filtered_list(client, login_as, crowd, session):
    """Deciding with "record and open the next" in the queue of submitted ones opens the next submitted one,
    though the decided one has left that list."""
    login_as("organizer")
    response = client.post(f"/applications/{crowd['lua'].id}?status=submitted",
                           data={"status": "rejected", "reason": "Thiếu hồ sơ", "then": "next"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/applications/{crowd['osaka'].id}?status=submitted"
    session.expire_all()
    assert session.get(BoothApplication, crowd["lua"].id).status == "rejected"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_holds_the_rows_of_the_filtered_queue(client, login_as, open_fair, crowd, file_format):
    """CSV and XLSX (streamed from the database) hold the queue's rows in its order, as many as it lists: the
    whole fair, or the filtered part, with one row's values in their columns."""
    login_as("organizer")
    for args in ({}, {"status": "submitted", "sort": "name"}):
        response = client.get(f"/fairs/{open_fair.id}/applications.{file_format}", query_string=args)
        assert response.status_code == 200
        if file_format == "csv":
            assert response.data.startswith("\ufeff".encode())
            rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        else:
            sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
            rows = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0][:3] == ["Application", "Enterprise", "Tax code"]
        assert [int(row[0]) for row in rows[1:]] == _listed(_queue(client, open_fair.id, **args))
    gom = next(row for row in rows if row[0] == str(crowd["gom"].id))
    assert gom[1:3] == ["Hợp tác xã Gốm Bát Tràng", "0100109106"]
    assert gom[7:10] == ["3", "Yes", "submitted"]


def test_the_queue_writes_its_xlsx_in_a_job_the_page_follows(app, client, login_as, open_fair, crowd, session):
    """The XLSX button starts a job with the queue's filters; once done, the queue offers its file, whose rows
    are the filtered queue's."""
    login_as("organizer")
    page = _queue(client, open_fair.id, status="submitted")
    assert 'data-testid="export-xlsx"' in page and 'name="status" value="submitted"' in page.split('id="queue-xlsx"')[1]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(f"/fairs/{open_fair.id}/applications/export",
                           data={"csrf_token": token, "status": "submitted", "sort": "name"})
    assert response.status_code == 302 and "job=" in response.headers["Location"]
    wait_for_jobs(app)
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    link = done.split('data-testid="job-download"')[0].rsplit('href="', 1)[1].split('"')[0]
    sheet = load_workbook(io.BytesIO(client.get(link).data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == _listed(_queue(client, open_fair.id, status="submitted", sort="name"))
    assert len(rows) == 5  # the header and the four submitted ones
