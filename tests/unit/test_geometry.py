"""Booth geometry: overlaps, containment, shared edges, and the fast pair finders against brute force."""

import random
from decimal import Decimal
from itertools import combinations

import pytest

from booths.layout.geometry import CELL_CM, Rect, find_overlaps, inside, neighbour_pairs, overlap, share_edge, to_cm


def r(x, y, width=300, depth=300, key=None) -> Rect:
    """A rectangle in centimetres."""
    return Rect(key, x, y, width, depth)


# --- overlap ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    (r(0, 0), r(0, 0)),                       # the same place
    (r(0, 0), r(299, 0)),                     # one centimetre of overlap
    (r(0, 0, 900, 900), r(300, 300)),         # one inside the other
    (r(100, 0, 100, 900), r(0, 100, 900, 100)),  # a cross: no corner inside the other
])
def test_intersecting_interiors_overlap(a, b):
    """Rectangles whose interiors meet overlap, in either order."""
    assert overlap(a, b) and overlap(b, a)


@pytest.mark.parametrize(("a", "b"), [
    (r(0, 0), r(300, 0)),      # side by side, touching
    (r(0, 0), r(0, 300)),      # back to back, touching
    (r(0, 0), r(300, 300)),    # corners touching
    (r(0, 0), r(600, 0)),      # an aisle between
])
def test_touching_or_apart_is_not_overlapping(a, b):
    """A shared edge, a shared corner or a gap is no overlap."""
    assert not overlap(a, b) and not overlap(b, a)


# --- shared edges ----------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    (r(0, 0), r(300, 0)),                 # left / right
    (r(0, 0), r(0, 300)),                 # top / bottom (rows back to back)
    (r(0, 0), r(300, 299)),               # one centimetre of shared edge is enough
    (r(0, 0, 900, 300), r(300, 300)),     # a short edge along a long one
    (r(300, 0), r(0, -100, 300, 600)),    # the neighbour sticks out on both ends
])
def test_rectangles_sharing_an_edge_are_neighbours(a, b):
    """Touching along an edge of positive length makes neighbours, in either order."""
    assert share_edge(a, b) and share_edge(b, a)


@pytest.mark.parametrize(("a", "b"), [
    (r(0, 0), r(300, 300)),    # only a corner
    (r(0, 0), r(300, -300)),   # only a corner, the other way
    (r(0, 0), r(600, 0)),      # a 3 m aisle between
    (r(0, 0), r(301, 0)),      # a one-centimetre gap
    (r(0, 0), r(0, 350)),      # an aisle between rows
    (r(0, 0), r(100, 0)),      # overlapping is not neighbouring
])
def test_corners_gaps_and_overlaps_are_not_neighbours(a, b):
    """A corner touch, any gap or an overlap does not make neighbours."""
    assert not share_edge(a, b) and not share_edge(b, a)


# --- containment -----------------------------------------------------------------------------

@pytest.mark.parametrize(("rect", "expected"), [
    (r(0, 0), True),
    (r(5700, 3700), True),          # flush with the far corner
    (r(5701, 0), False),            # one centimetre past the right wall
    (r(0, 3701), False),            # past the back wall
    (r(-1, 0), False),
    (r(0, -1), False),
    (r(0, 0, 6000, 4000), True),    # the whole hall
    (r(0, 0, 6001, 10), False),
])
def test_inside_a_60_by_40_m_hall(rect, expected):
    """A booth is inside only if all four edges are within the walls."""
    assert inside(rect, 6000, 4000) is expected


# --- metres to centimetres -------------------------------------------------------------------

@pytest.mark.parametrize(("metres", "cm"), [
    (3, 300),
    ("3.5", 350),
    (Decimal("2.25"), 225),
    (0.1 + 0.2, 30),             # float noise does not leak into centimetres
    ("0.125", 13),               # half up, not to even (which would give 12)
    (Decimal("2.345"), 235),     # half up, not to even (234)
    (2.675, 268),                # the float prints as 2.675 and is rounded half up
    ("0.004", 0),
    ("-1.005", -101),
])
def test_to_cm_rounds_half_up_to_whole_centimetres(metres, cm):
    """Metres become whole centimetres, rounding halves up (away from zero)."""
    assert to_cm(metres) == cm


def test_to_cm_refuses_text_that_is_not_a_number():
    """Text that is no number raises rather than becoming zero."""
    with pytest.raises(ArithmeticError):
        to_cm("three")


# --- pair finders against brute force --------------------------------------------------------

def random_layout(seed: int, count: int, *, step: int = 100, span: int = 60) -> list[Rect]:
    """`count` rectangles on a coarse lattice so that touches and overlaps are common."""
    rng = random.Random(seed)
    rects = []
    for key in range(count):
        width = rng.choice((1, 2, 3, 3, 3, 6, 20)) * step  # some span several cells
        depth = rng.choice((1, 2, 3, 3, 3, 6, 20)) * step
        rects.append(Rect(key, rng.randrange(span) * step, rng.randrange(span) * step, width, depth))
    return rects


def tidy_layout(seed: int, rows: int, columns: int) -> list[Rect]:
    """A grid of 3 m booths where some are missing, some widened and random aisles open up."""
    rng = random.Random(seed)
    rects, key, y = [], 0, 0
    for _row in range(rows):
        x = 0
        for _column in range(columns):
            width = rng.choice((300, 300, 300, 450, 600))
            if rng.random() > 0.1:
                rects.append(Rect(key, x, y, width, 300))
                key += 1
            x += width + rng.choice((0, 0, 0, 0, 1, 300))
        y += 300 + rng.choice((0, 0, 300))
    return rects


def brute_force(rects: list[Rect], test) -> set[frozenset]:
    """Every pair satisfying `test`, by comparing all n(n-1)/2 pairs."""
    return {frozenset((a.key, b.key)) for a, b in combinations(rects, 2) if test(a, b)}


def as_pair_set(pairs) -> set[frozenset]:
    """The found pairs as unordered pairs, checking none is reported twice."""
    found = [frozenset(pair) for pair in pairs]
    assert len(found) == len(set(found)), "a pair was reported twice"
    return set(found)


@pytest.mark.parametrize("seed", range(8))
def test_find_overlaps_matches_brute_force_on_random_layouts(seed):
    """The spatial hash finds exactly the overlapping pairs the O(n²) check finds."""
    rects = random_layout(seed, 400)
    expected = brute_force(rects, overlap)
    assert expected, "the layout should contain overlaps to be a fair test"
    assert as_pair_set(find_overlaps(rects)) == expected


@pytest.mark.parametrize("seed", range(8))
def test_neighbour_pairs_matches_brute_force_on_random_layouts(seed):
    """The spatial hash finds exactly the edge-sharing pairs the O(n²) check finds."""
    rects = random_layout(seed, 400)
    expected = brute_force(rects, share_edge)
    assert expected, "the layout should contain neighbours to be a fair test"
    assert as_pair_set(neighbour_pairs(rects)) == expected


@pytest.mark.parametrize("seed", range(5))
def test_neighbour_pairs_match_brute_force_on_booth_like_grids(seed):
    """On realistic rows of booths with gaps and aisles, the neighbours equal the brute-force ones."""
    rects = tidy_layout(seed, 12, 25)
    assert as_pair_set(neighbour_pairs(rects)) == brute_force(rects, share_edge)
    assert find_overlaps(rects) == []


def test_neighbours_touching_exactly_on_a_cell_boundary_are_found():
    """Booths meeting on a grid-cell line (x or y = CELL_CM) are still found as neighbours."""
    rects = [Rect("L", CELL_CM - 300, CELL_CM - 300, 300, 300),   # ends exactly on both cell lines
             Rect("R", CELL_CM, CELL_CM - 300, 300, 300),         # right of L, across the x line
             Rect("B", CELL_CM - 300, CELL_CM, 300, 300),         # below L, across the y line
             Rect("D", CELL_CM, CELL_CM, 300, 300)]               # diagonal from L: corner only
    assert as_pair_set(neighbour_pairs(rects)) == {
        frozenset(("L", "R")), frozenset(("L", "B")), frozenset(("R", "D")), frozenset(("B", "D"))}


def test_find_overlaps_reports_pairs_in_input_order():
    """Each overlap names the earlier rectangle of the input first."""
    rects = [Rect("first", 0, 0, 300, 300), Rect("second", 5000, 0, 300, 300), Rect("third", 100, 100, 300, 300)]
    assert find_overlaps(rects) == [("first", "third")]


def test_no_rectangles_no_pairs():
    """Empty input gives no pairs."""
    assert find_overlaps([]) == [] and neighbour_pairs([]) == []


def test_an_edge_of_one_centimetre_is_shared_and_a_corner_is_not():
    """Positive length, however short, makes neighbours, across and along; a corner point does not."""
    top = Rect("top", 0, 0, 300, 300)
    assert share_edge(top, Rect("below", 299, 300, 300, 300))      # 1 cm of the bottom edge
    assert share_edge(top, Rect("right", 300, 299, 300, 300))      # 1 cm of the right edge
    assert not share_edge(top, Rect("corner", 300, 300, 300, 300))
    assert not share_edge(top, Rect("gap", 301, 0, 300, 300))


def test_centimetres_round_half_up_from_metres():
    """to_cm takes the metres people type and rounds the half centimetre up, never down."""
    assert to_cm("3") == 300
    assert to_cm("2.995") == 300
    assert to_cm("2.994") == 299
    assert to_cm(0.125) == 13
