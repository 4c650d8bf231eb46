"""The SVG floor plan: valid XML, one element per booth, escaping, legends per colour mode, lean output."""

import xml.etree.ElementTree as ET

import pytest

from booths.layout.floorplan import (
    PALETTE,
    STATUS_COLOURS,
    UNASSIGNED_COLOUR,
    PlanBooth,
    PlanHall,
    PlanZone,
    booth_fill,
    group_colour,
    group_colours,
    group_labels,
    legend,
    render_hall_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
LABELS = {"available": "Available", "held": "Held", "assigned": "Assigned", "blocked": "Blocked",
          "unassigned": "Not assigned", "conflict": "Cannot be created"}
ZONES = [PlanZone(1, "International zone", "#4f7cc4"), PlanZone(2, "Domestic zone", "#e0a33a"),
         PlanZone(3, "Unused zone", "#7a9a53")]


def booth(code: str, x: int = 0, y: int = 0, **over) -> PlanBooth:
    """A 3 × 3 m available booth in zone 1."""
    values = {"code": code, "x": x, "y": y, "width": 300, "depth": 300, "zone_key": 1, "booth_type": "standard",
              "price_vnd": 12_000_000, "status": "available"}
    values.update(over)
    return PlanBooth(**values)


def hall(booths, name: str = "Hall A") -> PlanHall:
    """A 60 × 40 m hall holding `booths`."""
    return PlanHall(name, 6000, 4000, list(booths))


def draw(plan: PlanHall, mode: str = "status", **options) -> ET.Element:
    """Render and parse as XML (a parse error fails the test)."""
    return ET.fromstring(render_hall_svg(plan, mode=mode, zones=ZONES, labels=LABELS, **options))


def booth_elements(root: ET.Element) -> list[ET.Element]:
    """Every element carrying data-booth-code."""
    return [element for element in root.iter() if element.get("data-booth-code") is not None]


def legend_labels(root: ET.Element) -> list[str]:
    """The texts of the legend, in order."""
    return [item.find(f"{SVG}text").text for item in root.iter(f"{SVG}g")
            if "legend-item" in (item.get("class") or "").split()]


MIXED = [booth("A-01"), booth("A-02", 300, status="blocked"), booth("A-03", 600, zone_key=2),
         booth("A-04", 900, occupant="Công ty Gốm Bát Tràng", occupant_province="Hà Nội", occupant_country="VN",
               status="assigned")]


@pytest.mark.parametrize("mode", ["status", "zone", "province", "country"])
def test_every_colour_mode_draws_valid_xml_with_one_element_per_booth(mode):
    """Each mode parses as SVG and carries every booth code exactly once."""
    root = draw(hall(MIXED), mode)
    assert root.tag == f"{SVG}svg"
    assert [element.get("data-booth-code") for element in booth_elements(root)] == ["A-01", "A-02", "A-03", "A-04"]


def test_a_booth_is_drawn_to_scale_where_it_stands():
    """The booth's rectangle has its position and size in centimetres."""
    root = draw(hall([booth("B-07", 1200, 600, width=450, depth=300)]))
    rect = booth_elements(root)[0].find(f"{SVG}rect")
    assert {key: rect.get(key) for key in ("x", "y", "width", "height")} == {
        "x": "1200", "y": "600", "width": "450", "height": "300"}


def test_names_with_markup_characters_are_escaped():
    """Hall, zone, occupant and title text with <, &, and quotes survive as text, not markup."""
    nasty = 'Nhà <A> & "B" \'C\''
    zones = [PlanZone(1, nasty, "#4f7cc4")]
    plan = hall([booth("X-1", occupant=nasty, occupant_province=nasty)], name=nasty)
    for mode in ("status", "zone", "province"):
        root = ET.fromstring(render_hall_svg(plan, mode=mode, zones=zones, labels=LABELS, title=nasty))
        assert root.get("data-hall") == nasty and root.get("aria-label") == nasty
        assert booth_elements(root)[0].get("data-occupant") == nasty
        texts = [element.text for element in root.iter(f"{SVG}text")]
        assert nasty in texts
        assert root.find(f".//{SVG}script") is None


def test_an_odd_booth_code_is_escaped_in_attribute_and_label():
    """A code with a quote or ampersand cannot break out of its attribute."""
    root = draw(hall([booth('Q"&<1')]))
    element = booth_elements(root)[0]
    assert element.get("data-booth-code") == 'Q"&<1'
    assert element.find(f"{SVG}text").text == 'Q"&<1'


def test_control_characters_in_names_do_not_break_the_xml():
    """Characters XML 1.0 forbids (a pasted vertical tab, a form feed) are dropped, keeping the SVG parseable."""
    zones = [PlanZone(1, "Khu\x0cquốc tế", "#4f7cc4")]
    plan = hall([booth("X-1", occupant="Công ty\x0bA")], name="Nhà\x0bA\x00")
    for mode in ("status", "zone"):
        root = ET.fromstring(render_hall_svg(plan, mode=mode, zones=zones, labels=LABELS, title="FAIR\x1b · Nhà"))
        assert root.get("data-hall") == "NhàA"
        assert booth_elements(root)[0].get("data-occupant") == "Công tyA"


def test_the_status_legend_lists_the_four_statuses():
    """Coloured by status, the legend shows available, held, assigned and blocked."""
    assert legend_labels(draw(hall(MIXED), "status")) == ["Available", "Held", "Assigned", "Blocked"]


def test_the_status_legend_adds_conflicts_only_when_some_booth_is_one():
    """A previewed booth that cannot be created adds the conflict entry."""
    root = draw(hall([booth("A-01"), booth("A-02", 300, status="conflict")]), "status")
    assert legend_labels(root)[-1] == "Cannot be created"


def test_the_zone_legend_lists_only_zones_in_use_then_blocked():
    """Coloured by zone, the legend names the zones the hall uses (not the unused one) and blocked."""
    assert legend_labels(draw(hall(MIXED), "zone")) == ["International zone", "Domestic zone", "Blocked"]


@pytest.mark.parametrize(("mode", "name"), [("province", "Hà Nội"), ("country", "VN")])
def test_the_origin_legends_list_occupants_then_unassigned_and_blocked(mode, name):
    """Coloured by province or country, the legend shows each origin, then not assigned and blocked."""
    assert legend_labels(draw(hall(MIXED), mode)) == [name, "Not assigned", "Blocked"]


def fills(root: ET.Element) -> dict[str, str]:
    """Booth code → the fill of its rectangle."""
    return {element.get("data-booth-code"): element.find(f"{SVG}rect").get("fill") for element in booth_elements(root)}


def test_fills_follow_the_colour_mode():
    """Status colours by status, zone colours by zone, origin colours by occupant; blocked is always grey."""
    by_status, by_zone, by_province = (fills(draw(hall(MIXED), mode)) for mode in ("status", "zone", "province"))
    assert by_status == {"A-01": STATUS_COLOURS["available"], "A-02": STATUS_COLOURS["blocked"],
                         "A-03": STATUS_COLOURS["available"], "A-04": STATUS_COLOURS["assigned"]}
    assert by_zone == {"A-01": "#4f7cc4", "A-02": STATUS_COLOURS["blocked"], "A-03": "#e0a33a", "A-04": "#4f7cc4"}
    assert by_province == {"A-01": UNASSIGNED_COLOUR, "A-02": STATUS_COLOURS["blocked"], "A-03": UNASSIGNED_COLOUR,
                           "A-04": group_colour("Hà Nội")}


def test_a_booth_of_an_unknown_zone_gets_the_neutral_colour():
    """A zone key missing from the zone list falls back to the unassigned colour."""
    assert booth_fill(booth("A-01", zone_key=99), "zone", {zone.key: zone for zone in ZONES}) == UNASSIGNED_COLOUR


def test_group_colours_are_stable_and_from_the_palette():
    """The same province always gets the same palette colour."""
    assert group_colour("Bắc Ninh") == group_colour("Bắc Ninh")
    assert {group_colour(name) for name in ("Hà Nội", "Huế", "JP", "KR", "Đà Nẵng")} <= set(PALETTE)


def test_the_style_can_be_left_out_for_pages_with_a_strict_csp():
    """embed_style=False draws no <style> element; the default embeds one."""
    assert draw(hall(MIXED), embed_style=False).find(f"{SVG}style") is None
    assert draw(hall(MIXED)).find(f"{SVG}style") is not None


def test_an_empty_hall_draws_its_outline_and_legend():
    """A hall without booths is still a valid drawing with its outline."""
    root = draw(hall([]))
    assert booth_elements(root) == []
    assert root.get("data-booth-count") == "0"
    assert any(element.get("class") == "hall-outline" for element in root.iter(f"{SVG}rect"))


@pytest.mark.parametrize("mode", ["status", "zone"])
def test_ten_thousand_booths_stay_under_three_megabytes(mode):
    """A 10,000-booth hall renders to less than 3 MB and still holds 10,000 booth elements."""
    booths = [booth(f"X-{n:05d}", (n % 100) * 300, (n // 100) * 300, zone_key=1 + n % 3,
                    booth_type="corner" if n % 7 == 0 else "standard",
                    status="blocked" if n % 50 == 0 else "available") for n in range(10_000)]
    svg = render_hall_svg(PlanHall("Mega hall", 30_000, 30_000, booths), mode=mode, zones=ZONES, labels=LABELS,
                          title="FAIR-2026 · Mega hall")
    assert len(svg.encode("utf-8")) < 3_000_000
    assert len(booth_elements(ET.fromstring(svg))) == 10_000


def test_the_origin_legend_is_in_vietnamese_alphabetical_order():
    """Đồng Nai after Đà Nẵng and both after Cần Thơ, not after Tây Ninh as a code-point sort would put them."""
    names = ["Tây Ninh", "Đồng Nai", "Cần Thơ", "Đà Nẵng", "An Giang", "Hà Nội"]
    plan = hall([booth(f"A-{i:02d}", 300 * i, occupant="X", occupant_province=name, status="assigned")
                 for i, name in enumerate(names)])
    assert legend_labels(draw(plan, "province"))[:6] == ["An Giang", "Cần Thơ", "Đà Nẵng", "Đồng Nai", "Hà Nội",
                                                          "Tây Ninh"]


def test_group_labels_are_short_unique_and_drop_the_unit_word():
    """Initials for names of several words, a short name for one word, a number where two would clash."""
    labels = group_labels(["Thành phố Hồ Chí Minh", "Hà Nội", "Thành phố Huế", "Lào Cai", "Lai Châu", "Nhật Bản"])
    assert labels == {"Thành phố Hồ Chí Minh": "HCM", "Hà Nội": "HN", "Thành phố Huế": "HUẾ", "Lai Châu": "LC",
                      "Lào Cai": "LC2", "Nhật Bản": "NB"}


def test_neighbouring_groups_never_share_a_colour_even_when_their_names_hash_alike():
    """Two provinces whose stable colours coincide get different colours once their booths touch."""
    names = [f"Tỉnh thử {n}" for n in range(200)]
    first = names[0]
    twin = next(name for name in names[1:] if group_colour(name) == group_colour(first))
    plan = hall([booth("A-01", 0, occupant="X", occupant_province=first, status="assigned"),
                 booth("A-02", 300, occupant="Y", occupant_province=twin, status="assigned")])
    colours = fills(draw(plan, "province"))
    assert colours["A-01"] != colours["A-02"]
    apart = hall([booth("A-01", 0, occupant="X", occupant_province=first, status="assigned"),
                  booth("A-02", 900, occupant="Y", occupant_province=twin, status="assigned")])
    assert group_colours(apart.booths, "province") == {first: group_colour(first), twin: group_colour(twin)}


def test_a_crowded_hall_of_many_groups_colours_every_touching_pair_apart():
    """A 12 × 6 grid where each 2 × 2 block is another province: no two touching blocks look alike."""
    booths, group_at = [], {}
    for row in range(6):
        for column in range(12):
            name = f"Nhóm {row // 2}-{column // 2}"
            code = f"G-{row}-{column}"
            group_at[code] = name
            booths.append(booth(code, column * 300, row * 300, occupant="X", occupant_province=name,
                                status="assigned"))
    colours = fills(draw(hall(booths), "province"))
    for row in range(6):
        for column in range(12):
            here = f"G-{row}-{column}"
            for other in (f"G-{row}-{column + 1}", f"G-{row + 1}-{column}"):
                if other in colours and group_at[other] != group_at[here]:
                    assert colours[here] != colours[other], (here, other)


def test_each_placed_booth_carries_its_groups_short_label_and_the_legend_counts_booths():
    """Coloured by province, a booth says "HN" under its code and is marked for highlighting; blocked ones are not."""
    root = draw(hall(MIXED), "province")
    marked = {element.get("data-booth-code"): element.get("data-g") for element in booth_elements(root)}
    assert marked == {"A-01": None, "A-02": None, "A-03": None, "A-04": "HN"}
    texts = {element.get("data-booth-code"): [text.text for text in element.iter(f"{SVG}text")]
             for element in booth_elements(root)}
    assert texts["A-04"] == ["A-04", "HN"] and texts["A-01"] == ["A-01"]
    entries = legend(hall(MIXED), "province", {zone.key: zone for zone in ZONES}, LABELS)
    assert [(entry.label, entry.short, entry.count) for entry in entries][0] == ("Hà Nội", "HN", 1)
    assert entries[0].match == '.booth[data-g="HN"]'
