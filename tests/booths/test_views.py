"""Layout pages: access, the floor plan and its PDF, the grid generator, imports, halls and zones, the public
plan (editing, blocking and pricing booths are in test_booth_pages.py)."""

import html
import io
import re
from html.parser import HTMLParser

import pypdfium2
import pytest
import sqlalchemy as sa

from booths.layout.models import Booth, BoothAdjacency, Hall, Zone
from booths.layout.services import import_booths
from core.db import utcnow
from tests.booths.conftest import booth_csv, booth_row, row_of_booths
from tests.booths.files import booth_xlsx
from tests.booths.pages import booth_by_code, field_errors
from tests.conftest import table_count


class BoothCodes(HTMLParser):
    """Collects the data-booth-code attributes of a page and the class of their elements."""

    def __init__(self):
        super().__init__()
        self.codes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "data-booth-code" in values:
            assert values["data-booth-code"] not in self.codes, "a booth is drawn twice"
            self.codes[values["data-booth-code"]] = values.get("class", "")


def booth_codes(response) -> dict[str, str]:
    """Booth code → its element's class, for every booth drawn in the page."""
    parser = BoothCodes()
    parser.feed(response.get_data(as_text=True))
    return parser.codes


def problems(response) -> list[tuple[str, str, str]]:
    """The (row, column, message) lines of the page's problems table."""
    page = response.get_data(as_text=True)
    section = re.search(r'<section class="problems".*?</section>', page, flags=re.S)
    assert section, "no problems table in the page"
    return [tuple(html.unescape(cell) for cell in line) for line in re.findall(
        r"<tr><td>(.*?)</td><td><code>(.*?)</code></td><td>(.*?)</td></tr>", section.group(0))]


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["layout", "plan", "booths/grid", "booths/import", "booths/prices",
                                  "booths/A-000"])
def test_layout_pages_are_for_organizers_only(client, login_as, layout, path):
    """An exhibitor is refused (403) every layout page."""
    login_as("exhibitor")
    assert client.get(f"/fairs/{layout.id}/{path}").status_code == 403


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client, layout):
    """The plan needs a login first."""
    response = client.get(f"/fairs/{layout.id}/plan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- floor plan and PDF ----------------------------------------------------------------------


def test_the_floor_plan_draws_every_booth_of_the_hall(client, login_as, layout):
    """The organizer's plan page carries one data-booth-code element per booth."""
    login_as("organizer")
    response = client.get(f"/fairs/{layout.id}/plan")
    assert response.status_code == 200
    assert set(booth_codes(response)) == {"A-000", "A-001", "A-002", "A-003"}


def test_the_plan_shows_blocked_booths_as_blocked(client, login_as, layout, session):
    """A blocked booth's element carries the blocked class."""
    booth = booth_by_code(session, "A-002")
    booth.blocked, booth.blocked_reason = True, "Cột"
    session.commit()
    login_as("organizer")
    codes = booth_codes(client.get(f"/fairs/{layout.id}/plan?colour=zone"))
    assert "blocked" in codes["A-002"].split() and "blocked" not in codes["A-001"].split()


def test_the_plan_of_another_hall_shows_only_its_booths(client, login_as, layout, make_hall, session, organizer):
    """Each hall's page draws its own booths."""
    hall_b = make_hall(fair=layout, name="Hall B")
    import_booths(session, layout, [booth_row("B-1", 0, 0, hall="Hall B")], actor=organizer, now=utcnow())
    session.commit()
    login_as("organizer")
    assert set(booth_codes(client.get(f"/fairs/{layout.id}/halls/{hall_b.id}/plan"))) == {"B-1"}


def test_a_hall_of_another_fair_is_not_found(client, login_as, layout, make_hall, session):
    """A hall id from another fair answers 404 on this fair's plan."""
    stranger = make_hall()
    session.commit()
    login_as("organizer")
    assert client.get(f"/fairs/{layout.id}/halls/{stranger.id}/plan").status_code == 404


def test_the_plan_pdf_is_a_pdf(client, login_as, layout, hall):
    """The printable plan answers application/pdf whose bytes start with %PDF, named for the hall."""
    login_as("organizer")
    response = client.get(f"/fairs/{layout.id}/halls/{hall.id}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data()[:4] == b"%PDF"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(response.get_data())
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape, in points
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert hall.name in text
    # The plan itself is drawn, not only its heading: every booth's code is on the page, and the legend.
    assert all(code in text for code in ("A-000", "A-001", "A-002", "A-003"))
    assert "Available" in text


# --- grid generator --------------------------------------------------------------------------


def grid_form(hall, zone, **over) -> dict:
    """The grid generator's fields: 2 rows of 4 booths, 3 m, from (0, 20 m), no cross aisle."""
    values = {"hall_id": hall.id, "zone_id": zone.id, "prefix": "g-", "first_number": 1, "rows": 2, "columns": 4,
              "booth_width_m": "3", "booth_depth_m": "3", "aisle_every": 0, "rows_per_block": 2,
              "aisle_width_m": "3", "origin_x_m": "0", "origin_y_m": "20", "booth_type": "corner",
              "price_vnd": 15_000_000, "action": "preview"}
    values.update(over)
    return values


def test_a_grid_preview_draws_the_booths_and_creates_nothing(client, login_as, layout, hall, zone, session):
    """Preview shows the 8 new booths as held beside the existing 4, and stores nothing."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/grid", data=grid_form(hall, zone))
    assert response.status_code == 200
    codes = booth_codes(response)
    new = {code for code in codes if code.startswith("G-")}
    assert new == {f"G-0{n}" for n in range(1, 9)}
    assert all("held" in codes[code].split() for code in new)
    assert len(codes) == 12
    assert table_count(session, Booth) == 4


def test_creating_a_grid_stores_rows_times_columns_booths(client, login_as, layout, hall, zone, session):
    """Create stores exactly 2 × 4 booths with the form's type, price and positions, back to back."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/grid", data=grid_form(hall, zone, action="create"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/fairs/{layout.id}/halls/{hall.id}/plan")
    created = list(session.scalars(sa.select(Booth).where(Booth.code.like("G-%")).order_by(Booth.code)))
    assert len(created) == 8
    assert {(b.booth_type, b.price_vnd, b.zone_id) for b in created} == {("corner", 15_000_000, zone.id)}
    assert [(b.x_cm, b.y_cm) for b in created[:5]] == [(0, 2000), (300, 2000), (600, 2000), (900, 2000),
                                                      (0, 2300)]


def test_creating_a_grid_builds_its_neighbours(client, login_as, layout, hall, zone, session):
    """A 2 × 4 grid back to back adds 3 + 3 + 4 neighbour pairs to the row already there."""
    login_as("organizer")
    client.post(f"/fairs/{layout.id}/booths/grid", data=grid_form(hall, zone, action="create"))
    assert table_count(session, BoothAdjacency) == 3 + (3 + 3 + 4)


@pytest.mark.parametrize(("over", "word"), [
    ({"origin_y_m": "0", "origin_x_m": "1.5"}, "overlaps"),     # lands on A-000 … A-003
    ({"columns": 25}, "does not fit"),                          # 75 m in a 60 m hall
])
def test_a_grid_that_overlaps_or_leaves_the_hall_creates_nothing(client, login_as, layout, hall, zone, session,
                                                                 over, word):
    """Create is refused (422): the problems are listed by row and the conflicting booths drawn in red."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/grid", data=grid_form(hall, zone, action="create", **over))
    assert response.status_code == 422
    listed = problems(response)
    assert listed and all(row.isdigit() for row, _column, _message in listed)
    assert any(word in message for _row, _column, message in listed)
    assert any("conflict" in css.split() for css in booth_codes(response).values())
    assert table_count(session, Booth) == 4


def test_a_preview_that_would_fail_lists_the_problems_too(client, login_as, layout, hall, zone, session):
    """Previewing an overlapping grid already shows the problems, and creates nothing."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/grid", data=grid_form(hall, zone, origin_y_m="0"))
    assert response.status_code == 200
    assert any("overlaps" in message for _row, _column, message in problems(response))
    assert table_count(session, Booth) == 4


def test_the_grid_generator_without_a_hall_sends_the_organizer_to_add_one(client, login_as, fair):
    """With no hall or zone yet, the generator redirects to the layout page."""
    login_as("organizer")
    response = client.get(f"/fairs/{fair.id}/booths/grid")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/fairs/{fair.id}/layout")


# --- import page -----------------------------------------------------------------------------


def upload(client, fair, data: bytes, filename: str):
    """POST a file to the import page."""
    return client.post(f"/fairs/{fair.id}/booths/import", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("filename", "build"), [
    ("gian hàng.csv", lambda rows: booth_csv(rows).encode("utf-8-sig")),
    ("gian hàng.xlsx", booth_xlsx),
])
def test_the_import_page_takes_csv_and_xlsx(client, login_as, fair, hall, zone, session, filename, build):
    """A good CSV (with BOM) or XLSX creates its booths and returns to the layout page."""
    login_as("organizer")
    response = upload(client, fair, build(row_of_booths(6)), filename)
    assert response.status_code == 302
    assert table_count(session, Booth) == 6
    assert table_count(session, BoothAdjacency) == 5


@pytest.mark.parametrize(("filename", "build"), [
    ("booths.csv", lambda rows: booth_csv(rows).encode()),
    ("booths.xlsx", booth_xlsx),
])
def test_the_import_page_lists_each_problem_by_row_and_column(client, login_as, fair, hall, zone, session,
                                                              filename, build):
    """Bad rows are listed (row, column, English message) and nothing is created."""
    rows = row_of_booths(5)
    rows[1] = booth_row("A-001", 3, 0, zone="Khu ma")
    rows[3] = booth_row("A-000", 30, 30)
    login_as("organizer")
    response = upload(client, fair, build(rows), filename)
    assert response.status_code == 422
    assert problems(response) == [("2", "zone", "Unknown zone: Khu ma."),
                                  ("4", "code", "Booth A-000 is also on row 1.")]
    assert table_count(session, Booth) == 0


def test_an_unreadable_file_is_refused_at_the_file_field(client, login_as, fair, hall, zone, session):
    """A Latin-1 'CSV' is refused with a message under the file field."""
    login_as("organizer")
    response = upload(client, fair, booth_csv([booth_row("A-1", 0, 0, zone="Café")]).encode("latin-1"), "b.csv")
    assert response.status_code == 422
    assert field_errors(response, "file") == ["The file is neither a UTF-8 CSV nor an XLSX workbook."]
    assert table_count(session, Booth) == 0


def test_the_import_page_refuses_other_file_types(client, login_as, fair, hall, zone, session):
    """Only .csv and .xlsx uploads are accepted."""
    login_as("organizer")
    response = upload(client, fair, booth_csv(row_of_booths(2)).encode(), "booths.pdf")
    assert response.status_code == 422 and table_count(session, Booth) == 0


# --- halls and zones pages -------------------------------------------------------------------


def test_the_layout_page_adds_a_hall_and_a_zone(client, login_as, fair, session):
    """The two small forms add a hall and a zone to the fair."""
    login_as("organizer")
    assert client.post(f"/fairs/{fair.id}/halls", data={"hall-name": "Nhà C", "hall-width_m": "40",
                                                        "hall-depth_m": "20"}).status_code == 302
    assert client.post(f"/fairs/{fair.id}/zones", data={"zone-name_vi": "Khu kỹ thuật", "zone-name_en": "Technical",
                                                        "zone-kind": "technical", "zone-colour": "#7a9a53",
                                                        "zone-province": "", "zone-country": ""}).status_code == 302
    hall = session.scalar(sa.select(Hall).where(Hall.fair_id == fair.id))
    assert (hall.name, hall.width_cm, hall.depth_cm) == ("Nhà C", 4000, 2000)
    assert session.scalar(sa.select(Zone.kind).where(Zone.fair_id == fair.id)) == "technical"
    page = client.get(f"/fairs/{fair.id}/layout").get_data(as_text=True)
    assert "Nhà C" in page and "Technical" in page


# --- the public plan -------------------------------------------------------------------------


def test_the_public_plan_appears_once_the_fair_is_published(client, layout, session):
    """Before publication the public plan redirects; once published anyone sees every booth."""
    layout.status = "open"
    session.commit()
    assert client.get(f"/f/{layout.code}/plan").status_code == 302
    layout.status = "published"
    session.commit()
    response = client.get(f"/f/{layout.code}/plan")
    assert response.status_code == 200
    assert set(booth_codes(response)) == {"A-000", "A-001", "A-002", "A-003"}


def test_a_draft_fair_has_no_public_plan(client, layout):
    """A draft fair's public plan is not found."""
    assert client.get(f"/f/{layout.code}/plan").status_code == 404


# --- absurd numbers are refused, not a server error ------------------------------------------


@pytest.mark.parametrize(("over", "field"), [({"price_vnd": 10**20}, "price_vnd"),
                                           ({"origin_x_m": "1e30"}, "origin_x_m")])
def test_absurd_grid_numbers_are_form_errors(client, login_as, layout, hall, zone, session, over, field):
    """A grid with an unstorable price or an absurd origin is refused at that field, creating nothing."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/grid", data=grid_form(hall, zone, action="create", **over))
    assert response.status_code == 422 and field_errors(response, field)
    assert table_count(session, Booth) == 4
