"""The grid generator: numbering, positions, cross aisles and rows back to back."""

from booths.layout.geometry import Rect, find_overlaps, neighbour_pairs
from booths.layout.grid import GridSpec, generate_grid


def spec(**over) -> GridSpec:
    """A 2 × 3 grid of 3 m booths at the origin with no aisles unless told."""
    values = {"prefix": "A-", "rows": 2, "columns": 3, "booth_width": 300, "booth_depth": 300,
              "aisle_every": 0, "aisle_width": 300, "rows_per_block": 0}
    values.update(over)
    return GridSpec(**values)


def positions(booths) -> dict[str, tuple[int, int]]:
    """Code → (x, y)."""
    return {booth.code: (booth.x, booth.y) for booth in booths}


def test_the_grid_has_rows_times_columns_booths_with_unique_codes():
    """7 rows of 13 booths make 91 booths, each code once."""
    booths = generate_grid(spec(rows=7, columns=13, aisle_every=4, rows_per_block=2))
    assert len(booths) == 91
    assert len({booth.code for booth in booths}) == 91


def test_codes_run_left_to_right_then_top_to_bottom():
    """Numbers grow along a row, then continue on the next row, zero-padded to two digits."""
    booths = generate_grid(spec())
    assert [booth.code for booth in booths] == ["A-01", "A-02", "A-03", "A-04", "A-05", "A-06"]
    assert positions(booths)["A-03"] == (600, 0)
    assert positions(booths)["A-04"] == (0, 300)


def test_codes_are_padded_to_the_widest_number():
    """A grid reaching 120 pads every code to three digits."""
    codes = [booth.code for booth in generate_grid(spec(rows=10, columns=12))]
    assert codes[0] == "A-001" and codes[-1] == "A-120"


def test_numbering_can_start_after_an_earlier_block():
    """first_number continues an earlier block's numbering."""
    codes = [booth.code for booth in generate_grid(spec(prefix="B-", rows=2, columns=18, first_number=109))]
    assert codes[0] == "B-109" and codes[-1] == "B-144"


def test_a_cross_aisle_opens_after_every_n_booths():
    """With an aisle every 5 booths, booth 6 starts one aisle width further than the 5th ends."""
    booths = generate_grid(spec(rows=1, columns=12, aisle_every=5, aisle_width=250))
    xs = [booth.x for booth in booths]
    assert xs[:5] == [0, 300, 600, 900, 1200]
    assert xs[5] == 1500 + 250
    assert xs[10] == 3000 + 2 * 250


def test_rows_stand_back_to_back_in_pairs_with_an_aisle_between_pairs():
    """Rows 1 and 2 touch, then an aisle, then rows 3 and 4 touch."""
    booths = generate_grid(spec(rows=4, columns=1, rows_per_block=2, aisle_width=400))
    assert [booth.y for booth in booths] == [0, 300, 600 + 400, 900 + 400]


def test_rows_per_block_zero_puts_every_row_back_to_back():
    """Without row blocks there is no aisle between rows."""
    booths = generate_grid(spec(rows=5, columns=1, rows_per_block=0))
    assert [booth.y for booth in booths] == [0, 300, 600, 900, 1200]


def test_the_grid_starts_at_its_origin_and_keeps_the_booth_size():
    """Every booth is offset by the origin and has the asked width and depth."""
    booths = generate_grid(spec(origin_x=200, origin_y=150, booth_width=400, booth_depth=250))
    assert positions(booths)["A-01"] == (200, 150)
    assert positions(booths)["A-05"] == (200 + 400, 150 + 250)
    assert {(booth.width, booth.depth) for booth in booths} == {(400, 250)}


def test_a_generated_grid_never_overlaps_itself():
    """Whatever the aisles, the generated booths do not overlap."""
    booths = generate_grid(spec(rows=9, columns=17, aisle_every=4, rows_per_block=3, aisle_width=300))
    assert find_overlaps([Rect(b.code, b.x, b.y, b.width, b.depth) for b in booths]) == []


def test_aisles_break_adjacency_in_the_generated_grid():
    """4 rows × 10 with an aisle every 5 and rows in pairs: 8 side pairs per row and 10 per pair of rows."""
    booths = generate_grid(spec(rows=4, columns=10, aisle_every=5, rows_per_block=2, aisle_width=300))
    pairs = neighbour_pairs([Rect(b.code, b.x, b.y, b.width, b.depth) for b in booths])
    assert len(pairs) == 4 * 8 + 2 * 10
    found = {frozenset(pair) for pair in pairs}
    assert frozenset(("A-05", "A-06")) not in found      # the cross aisle
    assert frozenset(("A-15", "A-25")) not in found      # the aisle between row pairs
    assert frozenset(("A-01", "A-11")) in found          # back to back
