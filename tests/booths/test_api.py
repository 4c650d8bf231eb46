"""The layout JSON API: halls, zones, CSV imports, booth lists and floor plan SVGs over bearer tokens."""

import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa

from booths.layout.models import Booth, BoothAdjacency, Hall, Zone
from tests.booths.conftest import HALL_NAME, ZONE_EN, ZONE_VI, booth_csv, booth_row
from tests.booths.files import booth_xlsx
from tests.conftest import table_count

SVG = "{http://www.w3.org/2000/svg}"


def url(fair, tail: str) -> str:
    """/api/v1/fairs/{id}/{tail}."""
    return f"/api/v1/fairs/{fair.id}/{tail}"


def block_of(count: int, *, per_row: int = 20, prefix: str = "A-") -> list[dict]:
    """`count` 3 × 3 m booths, `per_row` to a row, rows back to back."""
    return [booth_row(f"{prefix}{n + 1:03d}", (n % per_row) * 3, (n // per_row) * 3) for n in range(count)]


def svg_booth_codes(response) -> list[str]:
    """Codes of the elements carrying data-booth-code in an SVG response (parsed as XML)."""
    root = ET.fromstring(response.get_data())
    return [element.get("data-booth-code") for element in root.iter() if element.get("data-booth-code") is not None]


@pytest.fixture
def open_fair(make_fair, session):
    """A committed open fair with Hall A and the domestic zone."""
    fair = make_fair(status="open")
    session.add_all([Hall(fair=fair, name=HALL_NAME, width_cm=6000, depth_cm=4000),
                     Zone(fair_id=fair.id, name_vi=ZONE_VI, name_en=ZONE_EN, kind="domestic", colour="#e0a33a")])
    session.commit()
    return fair


# --- halls and zones -------------------------------------------------------------------------


def test_an_organizer_adds_a_hall(api, fair, session):
    """POST halls answers 201 with the hall in metres and stores it in centimetres."""
    response = api("organizer").post(url(fair, "halls"), {"name": "Nhà A", "width_m": 64.5, "depth_m": 46})
    body = response.get_json()
    assert response.status_code == 201
    assert (body["name"], body["width_m"], body["depth_m"]) == ("Nhà A", 64.5, 46)
    hall = session.get(Hall, body["id"])
    assert (hall.fair_id, hall.width_cm, hall.depth_cm) == (fair.id, 6450, 4600)


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "Nhà A", "width_m": 0, "depth_m": 46}, "width_m"),
    ({"name": "Nhà A", "width_m": 64, "depth_m": -1}, "depth_m"),
    ({"name": "Nhà A", "width_m": "rộng", "depth_m": 46}, "width_m"),
    ({"width_m": 64, "depth_m": 46}, "name"),
])
def test_a_bad_hall_is_a_422_problem_naming_the_field(api, fair, session, body, field):
    """A non-positive or non-numeric size or a missing name answers a problem document and stores nothing."""
    response = api("organizer").post(url(fair, "halls"), body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in [error["field"] for error in response.get_json()["errors"]]
    assert table_count(session, Hall) == 0


def test_a_duplicate_hall_name_is_a_409(api, hall):
    """A second hall with the same name in the fair is a conflict."""
    response = api("organizer").post(url(hall.fair, "halls"), {"name": HALL_NAME, "width_m": 10, "depth_m": 10})
    assert response.status_code == 409 and response.mimetype == "application/problem+json"


def test_an_organizer_adds_a_pavilion_zone(api, fair, session):
    """POST zones answers 201 with the stored pavilion and its province."""
    response = api("organizer").post(url(fair, "zones"), {"name_vi": "Gian Bắc Ninh", "name_en": "Bac Ninh pavilion",
                                                          "kind": "pavilion", "province": "Bắc Ninh"})
    body = response.get_json()
    assert response.status_code == 201
    assert (body["kind"], body["province"]) == ("pavilion", "Bắc Ninh")
    assert session.get(Zone, body["id"]).fair_id == fair.id


@pytest.mark.parametrize(("body", "field"), [
    ({"name_vi": "Khu", "name_en": "Zone", "kind": "food court"}, "kind"),
    ({"name_vi": "Gian", "name_en": "Pavilion", "kind": "pavilion"}, "province"),
    ({"name_vi": "Khu", "name_en": "Zone", "kind": "domestic", "colour": "red"}, "colour"),
])
def test_a_bad_zone_is_a_422_naming_the_field(api, fair, session, body, field):
    """An unknown kind, a pavilion of nowhere or a bad colour is refused, storing nothing."""
    response = api("organizer").post(url(fair, "zones"), body)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.get_json()["errors"]]
    assert table_count(session, Zone) == 0


# --- imports ---------------------------------------------------------------------------------


def test_a_120_booth_csv_is_imported_and_drawn_with_exactly_120_booths(api, hall, zone, session):
    """The done-criterion: 201 {"created": 120}, then the SVG holds exactly 120 booth elements."""
    organizer = api("organizer")
    response = organizer.post_csv(url(hall.fair, "booths/import"), booth_csv(block_of(120)))
    assert response.status_code == 201 and response.get_json() == {"created": 120}
    assert table_count(session, Booth) == 120
    plan = organizer.get(url(hall.fair, "floorplan.svg"), hall=HALL_NAME)
    assert plan.status_code == 200 and plan.mimetype == "image/svg+xml"
    codes = svg_booth_codes(plan)
    assert len(codes) == 120 and set(codes) == {f"A-{n:03d}" for n in range(1, 121)}


def test_an_xlsx_body_is_imported_too(api, hall, zone, session, client, api_token):
    """The import endpoint also reads an XLSX workbook sent as the body."""
    response = client.post(url(hall.fair, "booths/import"), data=booth_xlsx(block_of(30)),
                           content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           headers={"Authorization": f"Bearer {api_token('organizer')}"})
    assert response.status_code == 201 and response.get_json() == {"created": 30}
    assert table_count(session, Booth) == 30


def test_an_import_builds_the_neighbour_graph(api, hall, zone, session):
    """20 booths in one row make 19 neighbour pairs."""
    api("organizer").post_csv(url(hall.fair, "booths/import"), booth_csv(block_of(20)))
    assert table_count(session, BoothAdjacency) == 19


def test_a_bad_csv_is_a_422_problem_listing_each_row_and_nothing_is_created(api, hall, zone, session):
    """Every bad row is listed with row, field and message, and not one booth is stored."""
    rows = block_of(10)
    rows[2] = booth_row("A-003", 1, 0)                      # overlaps
    rows[5] = booth_row("A-006", 59, 0)                     # leaves the hall
    rows[7] = booth_row("A-001", 30, 30)                    # repeats a code
    rows[8] = booth_row("A-009", 33, 30, width="-3")        # negative size
    response = api("organizer").post_csv(url(hall.fair, "booths/import"), booth_csv(rows))
    body = response.get_json()
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert body["status"] == 422 and body["title"]
    assert {(error["row"], error["field"]) for error in body["errors"]} == {
        (3, "x_m"), (6, "x_m"), (8, "code"), (9, "width_m")}
    assert all(set(error) >= {"row", "field", "message"} and error["message"] for error in body["errors"])
    assert table_count(session, Booth) == 0


def test_a_binary_body_is_a_422_problem(api, hall, zone, session):
    """Bytes that are neither UTF-8 CSV nor XLSX are refused as a problem document."""
    response = api("organizer").post_csv(url(hall.fair, "booths/import"), bytes(range(256)))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert table_count(session, Booth) == 0


def test_an_import_may_be_sent_again_only_once(api, hall, zone, session):
    """The same file twice: the second time every code already exists, and nothing more is created."""
    organizer = api("organizer")
    organizer.post_csv(url(hall.fair, "booths/import"), booth_csv(block_of(5)))
    response = organizer.post_csv(url(hall.fair, "booths/import"), booth_csv(block_of(5)))
    assert response.status_code == 422
    assert [(error["row"], error["field"]) for error in response.get_json()["errors"]] == [
        (n, "code") for n in range(1, 6)]
    assert table_count(session, Booth) == 5


# --- who may do what -------------------------------------------------------------------------


@pytest.mark.parametrize(("tail", "body"), [
    ("halls", {"name": "Nhà X", "width_m": 10, "depth_m": 10}),
    ("zones", {"name_vi": "Khu", "name_en": "Zone", "kind": "domestic"}),
])
def test_exhibitor_tokens_may_not_add_halls_or_zones(api, open_fair, session, tail, body):
    """An exhibitor's token is forbidden (403) and nothing is stored."""
    halls, zones = table_count(session, Hall), table_count(session, Zone)
    response = api("exhibitor").post(url(open_fair, tail), body)
    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    assert (table_count(session, Hall), table_count(session, Zone)) == (halls, zones)


def test_exhibitor_tokens_may_not_import(api, open_fair, session):
    """An exhibitor's CSV import is forbidden and creates nothing."""
    response = api("exhibitor").post_csv(url(open_fair, "booths/import"), booth_csv(block_of(3)))
    assert response.status_code == 403
    assert table_count(session, Booth) == 0


@pytest.mark.parametrize("tail", ["halls", "booths/import", "booths", "floorplan.svg"])
def test_without_a_token_the_api_answers_401(api, open_fair, tail):
    """No bearer token, no access."""
    caller = api()
    response = caller.get(url(open_fair, tail)) if tail in ("booths", "floorplan.svg") else caller.post(
        url(open_fair, tail), {})
    assert response.status_code == 401


@pytest.mark.parametrize("tail", ["booths", "floorplan.svg"])
def test_a_draft_fair_is_404_for_non_organizers(api, hall, zone, tail):
    """An exhibitor cannot see a draft fair's booths or plan; the organizer can."""
    assert api("exhibitor").get(url(hall.fair, tail)).status_code == 404
    assert api("organizer").get(url(hall.fair, tail)).status_code == 200


@pytest.mark.parametrize("tail", ["booths", "floorplan.svg"])
def test_an_open_fair_is_readable_by_exhibitors(api, open_fair, tail):
    """Once the fair is open, any token may read its booths and plan."""
    assert api("exhibitor").get(url(open_fair, tail)).status_code == 200


def test_an_unknown_fair_is_404(api, fair):
    """A fair id that does not exist answers 404 even to an organizer."""
    assert api("organizer").post(f"/api/v1/fairs/{fair.id + 999}/halls",
                                 {"name": "H", "width_m": 1, "depth_m": 1}).status_code == 404


# --- the booth list --------------------------------------------------------------------------


def test_the_booth_list_gives_geometry_in_metres_type_price_and_status(api, open_fair, session):
    """Each booth comes with hall, zone, metres, type, price and available/blocked status."""
    organizer = api("organizer")
    rows = [booth_row("A-1", "1.5", 2, "3.5", "2.5", type="corner", price_vnd="12.500.000"), booth_row("A-2", 5, 2)]
    organizer.post_csv(url(open_fair, "booths/import"), booth_csv(rows))
    booth = session.scalar(sa.select(Booth).where(Booth.code == "A-2"))
    booth.blocked, booth.blocked_reason = True, "Cột chịu lực"
    session.commit()
    body = api("exhibitor").get(url(open_fair, "booths")).get_json()
    assert [item["code"] for item in body] == ["A-1", "A-2"]
    first = body[0]
    assert {key: first[key] for key in ("hall", "x_m", "y_m", "width_m", "depth_m", "type", "price_vnd", "status")} == {
        "hall": HALL_NAME, "x_m": 1.5, "y_m": 2, "width_m": 3.5, "depth_m": 2.5, "type": "corner",
        "price_vnd": 12_500_000, "status": "available"}
    assert first["zone"] in (ZONE_VI, ZONE_EN)
    assert (body[1]["status"], body[1]["blocked_reason"]) == ("blocked", "Cột chịu lực")


def test_the_booth_list_names_zones_in_the_asked_language(api, open_fair, client, api_token):
    """Accept-Language: en gives the zone's English name, vi the Vietnamese one."""
    api("organizer").post_csv(url(open_fair, "booths/import"), booth_csv([booth_row("A-1", 0, 0)]))
    token = api_token("exhibitor")
    english = client.get(url(open_fair, "booths"), headers={"Authorization": f"Bearer {token}",
                                                            "Accept-Language": "en"}).get_json()
    vietnamese = client.get(url(open_fair, "booths"), headers={"Authorization": f"Bearer {token}",
                                                               "Accept-Language": "vi"}).get_json()
    assert (english[0]["zone"], vietnamese[0]["zone"]) == (ZONE_EN, ZONE_VI)


# --- the floor plan SVG ----------------------------------------------------------------------


@pytest.fixture
def two_halls(api, open_fair, session):
    """Hall A with 7 booths and Hall B with 4, imported through the API; returns the fair."""
    session.add(Hall(fair=open_fair, name="Hall B & Co <Nhà B>", width_cm=3000, depth_cm=2000))
    session.commit()
    rows = block_of(7) + [booth_row(f"B-{n}", n * 3, 0, hall="Hall B & Co <Nhà B>") for n in range(4)]
    assert api("organizer").post_csv(url(open_fair, "booths/import"), booth_csv(rows)).status_code == 201
    return open_fair


def test_without_a_hall_the_plan_draws_every_hall(api, two_halls):
    """No hall parameter: one SVG with both halls and all 11 booths."""
    response = api("exhibitor").get(url(two_halls, "floorplan.svg"))
    root = ET.fromstring(response.get_data())
    assert root.get("data-halls") == "2"
    assert sorted(svg_booth_codes(response)) == sorted([f"A-{n:03d}" for n in range(1, 8)] + [
        f"B-{n}" for n in range(4)])
    assert {element.get("data-hall") for element in root.iter(f"{SVG}svg")} >= {HALL_NAME, "Hall B & Co <Nhà B>"}


def test_a_hall_can_be_chosen_by_name_or_id(api, two_halls, session):
    """?hall= takes the hall's name (any case) or its id and draws only that hall."""
    caller = api("exhibitor")
    hall_b = session.scalar(sa.select(Hall).where(Hall.name.like("Hall B%")))
    by_name = svg_booth_codes(caller.get(url(two_halls, "floorplan.svg"), hall="hall b & co <nhà b>"))
    by_id = svg_booth_codes(caller.get(url(two_halls, "floorplan.svg"), hall=str(hall_b.id)))
    assert by_name == by_id == ["B-0", "B-1", "B-2", "B-3"]


def test_an_unknown_hall_is_404(api, two_halls):
    """A hall the fair does not have answers 404."""
    assert api("exhibitor").get(url(two_halls, "floorplan.svg"), hall="Hall Z").status_code == 404


@pytest.mark.parametrize("colour", ["status", "zone", "province", "country"])
def test_every_colour_mode_is_valid_svg_with_every_booth(api, two_halls, colour):
    """Each colour mode answers valid SVG holding all 11 booths, under a strict CSP."""
    response = api("exhibitor").get(url(two_halls, "floorplan.svg"), colour=colour)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert len(svg_booth_codes(response)) == 11
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_colour_modes_change_the_legend(api, two_halls):
    """Coloured by zone, the legend names the zone; by status, it does not."""
    caller = api("exhibitor")

    def legend(colour):
        root = ET.fromstring(caller.get(url(two_halls, "floorplan.svg"), hall=HALL_NAME, colour=colour).get_data())
        return [item.find(f"{SVG}text").text for item in root.iter(f"{SVG}g") if item.get("class") == "legend-item"]

    assert len(legend("status")) == 4
    assert set(legend("zone")) & {ZONE_VI, ZONE_EN}
    assert not set(legend("status")) & {ZONE_VI, ZONE_EN}


def test_an_unknown_colour_mode_is_a_422(api, two_halls):
    """colour must be status, zone, province or country."""
    response = api("exhibitor").get(url(two_halls, "floorplan.svg"), colour="rainbow")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_a_fair_without_halls_draws_an_empty_plan(api, fair):
    """No halls: a valid, empty SVG rather than an error."""
    response = api("organizer").get(url(fair, "floorplan.svg"))
    assert response.status_code == 200 and svg_booth_codes(response) == []


def test_a_hall_name_with_a_control_character_still_gives_valid_svg(api, fair, zone, session):
    """A hall named with a pasted vertical tab does not make the plan malformed XML."""
    organizer = api("organizer")
    assert organizer.post(url(fair, "halls"), {"name": "Nhà\x0bA", "width_m": 30, "depth_m": 20}).status_code == 201
    organizer.post_csv(url(fair, "booths/import"), booth_csv([booth_row("A-1", 0, 0, hall="Nhà\x0bA")]))
    assert svg_booth_codes(organizer.get(url(fair, "floorplan.svg"))) == ["A-1"]
