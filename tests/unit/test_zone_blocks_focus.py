"""A zone's blocks (zone_blocks.py) against hand-worked outcomes: the line and its rows, straight runs and their
ranking, blocks around a booth, other shapes, the cached largest pieces. Fast enough to run once per mutant."""

from booths.allocation.inputs import Slot
from booths.allocation.zone_blocks import ZoneBlocks, _wide, components
from tests.allocation_fairs import grid, ids, line, row


def test_components_and_wide():
    """Pieces in order of their smallest id; a zone as wide as it is tall counts as wide."""
    assert components({1, 2, 4, 5, 9}, line(range(1, 6))) == [{1, 2}, {4, 5}, {9}]
    assert components(set(), {}) == []
    square = [Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 300)]
    assert _wide(square) is True
    assert _wide([Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 600)]) is False
    assert _wide([Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 600, 300)]) is True


def test_the_line_runs_along_the_longer_side_and_alternates():
    """Two rows of four: 1-4 then 8-5 back, a break after each row; four rows of two run down the columns."""
    slots, neighbours = grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert ids(blocks.line[:4]) == [1, 2, 3, 4] and blocks.line[4] is None
    assert ids(blocks.line[5:9]) == [8, 7, 6, 5] and blocks.line[9] is None and len(blocks.line) == 10
    assert blocks.row_of == {1: 0, 2: 0, 3: 0, 4: 0, 8: 1, 7: 1, 6: 1, 5: 1}
    assert blocks.scan_order(0) == [1, 5, 2, 6, 3, 7, 4, 8]
    tall = ZoneBlocks(*grid(4, 2))
    assert [s and s.id for s in tall.line] == [1, 3, 5, 7, None, 8, 6, 4, 2, None]
    assert tall.scan_order(0) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_gap_in_a_row_breaks_it_and_islands_are_ordered_by_place():
    """Booths 1-2 and 3 do not touch: two rows; the island further up the hall comes first."""
    slots = [Slot(1, "a", 1, 1, 0, 600), Slot(2, "b", 1, 1, 300, 600), Slot(3, "c", 1, 1, 900, 600),
             Slot(4, "d", 1, 1, 0, 0), Slot(5, "e", 1, 1, 300, 0, blocked=True), Slot(6, "f", 1, 1, 600, 0, taken_by=9)]
    neighbours = {1: {2}, 2: {1}, 4: {5}, 5: {4, 6}, 6: {5}}
    blocks = ZoneBlocks(slots, neighbours)
    assert [s and s.id for s in blocks.line] == [4, 5, 6, None, 1, 2, None, 3, None]
    assert blocks.free == {1, 2, 3, 4} and blocks.free_count == 4
    assert blocks.straight(2, set()) is not None and ids(blocks.straight(2, set())) == [1, 2]
    assert blocks.straight(3, set()) is None and blocks.shaped(3, set()) is None and not blocks.has_room(3)
    assert blocks.has_room(2) and blocks.has_room(1) and not blocks.has_room(5)


def test_straight_runs_prefer_touching_the_group_then_an_exact_fit():
    """Row 1-4 then 8-5: a run beside the group's booths first; else one filling a stretch exactly; else the
    first one that leaves no single booth; forbidden booths are skipped past."""
    slots, neighbours = grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert ids(blocks.straight(2, set())) == [1, 2]
    assert ids(blocks.straight(2, set(), beside={4})) == [8, 7]
    assert ids(blocks.straight(2, {2})) == [3, 4]
    assert ids(blocks.straight(2, {3})) == [1, 2]
    assert blocks.straight(4, {2, 7}) is None
    blocks.take([3])
    assert ids(blocks.straight(2, set())) == [1, 2]  # fills the stretch 1-2 exactly
    assert ids(blocks.straight(1, set())) == [4]  # a stretch of one filled exactly
    blocks.take([1])
    assert ids(blocks.straight(1, set())) == [2]
    assert ids(blocks.straight(3, set())) == [8, 7, 6]  # a stretch of four: leaves one single booth
    assert blocks.straight(2, set(), look=0) is None


def test_a_straight_run_that_leaves_no_single_booth_beats_one_that_does():
    """A row of seven with booth 4 taken: stretches 1-3 and 5-7; a run of 1 leaves two either way; on a row of
    eight with 5 taken, a run of 2 in 1-4 leaves two, in 6-8 it leaves one: 1-2 is chosen."""
    blocks = ZoneBlocks(row(8), line(range(1, 9)))
    blocks.take([5])
    assert ids(blocks.straight(2, set())) == [1, 2]
    assert ids(blocks.straight(3, set())) == [6, 7, 8]
    blocks.take([1])
    assert ids(blocks.straight(2, set())) == [2, 3]


def test_kept_booths_are_left_out_of_clear_runs_until_unkept():
    """A kept booth is skipped with `clear` and back once unkept (if free); releasing a kept booth keeps it out."""
    blocks = ZoneBlocks(row(4), line(range(1, 5)))
    blocks.keep(1)
    assert ids(blocks.straight(2, set(), clear=True)) == [2, 3]
    assert ids(blocks.straight(2, set())) == [1, 2]
    blocks.unkeep(1)
    assert ids(blocks.straight(2, set(), clear=True)) == [1, 2]
    blocks.take([1])
    blocks.keep(1)
    blocks.release([1])
    assert blocks.free == {1, 2, 3, 4} and ids(blocks.straight(2, set())) == [1, 2]
    assert ids(blocks.straight(2, set(), clear=True)) == [2, 3]
    blocks.unkeep(1)
    assert ids(blocks.straight(2, set(), clear=True)) == [1, 2]
    blocks.take([2])
    blocks.unkeep(2)  # a taken booth stays out even when unkept
    assert ids(blocks.straight(2, set(), clear=True)) == [3, 4]


def test_around_a_booth_strands_the_fewest_then_grows_a_shape():
    """A run through the booth leaving no single booth on either side; none free or forbidden: None."""
    slots, neighbours = grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert ids(blocks.around(3, 2, set())) == [3, 4]
    assert ids(blocks.around(2, 2, set())) == [1, 2]
    assert ids(blocks.around(2, 3, set())) == [1, 2, 3]
    assert ids(blocks.around(2, 2, {1})) == [2, 3]
    assert blocks.around(2, 2, {2}) is None
    blocks.take([2])
    assert blocks.around(2, 1, set()) is None
    assert ids(blocks.around(1, 2, set())) == [1, 5]  # no run: grown into the other row
    assert blocks.around(1, 2, {5}) is None
    assert ids(blocks.around(1, 3, set())) == [1, 6, 5]
    assert blocks.around(1, 8, set()) is None


def test_shaped_blocks_are_ranked_rows_then_stranded_then_box_then_place():
    """Five of two rows of four: a full row and one more; forbidden booths shape an L; none fits: None."""
    slots, neighbours = grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert ids(blocks.shaped(5, set())) == [1, 2, 3, 4, 5]
    assert ids(blocks.shaped(3, {2, 6})) == [3, 4, 7]
    assert ids(blocks.shaped(2, {1, 2, 3, 4, 8})) == [7, 6]  # one stranded either way: the earlier
    assert ids(blocks.shaped(3, {1, 2, 3, 4, 8})) == [7, 6, 5] and blocks.shaped(4, {1, 2, 3, 4, 8}) is None
    assert ids(blocks.shaped(4, {2, 3})) == [8, 7, 6, 5]  # one row beats any L
    assert blocks._score({1, 5}, {1, 2, 5, 6}) == (2, 0, 0, 0)
    assert blocks._score({1, 2}, {1, 2, 3, 5}) == (1, 2, 0, 0)
    assert blocks._score({2}, {1, 2, 3}) == (1, 2, 0, 1)
    assert blocks._score({1, 6}, {1, 5, 6}) == (2, 1, 2, 0)  # 5 left alone; a 2 × 2 box holding two


def test_shaped_searches_every_island_with_room():
    """Two islands: the first too small; the block comes from the second; the cached sizes follow takes."""
    slots = row(2) + [Slot(i, f"B-{i}", 1, 1, (i - 3) * 300, 3000) for i in range(3, 7)]
    neighbours = line([1, 2]) | line([3, 4, 5, 6])
    blocks = ZoneBlocks(slots, neighbours)
    assert ids(blocks.shaped(3, set())) == [3, 4, 5]
    assert blocks.largest_piece(0) == 2 and blocks.largest_piece(1) == 4
    blocks.take([4])
    assert blocks.largest_piece(1) == 2 and not blocks.has_room(3) and blocks.has_room(2)
    assert blocks.shaped(3, set()) is None
    blocks.release([4])
    assert blocks.has_room(4) and blocks.largest_piece(1) == 4
    assert blocks.largest_count[4] == 1 and blocks.largest_count[2] == 1


def test_free_stretch_counts_up_to_its_cap():
    """From booth 1 along a free row of five: 2 by default, up to the cap; backwards from the start: 1."""
    blocks = ZoneBlocks(row(5), line(range(1, 6)))
    assert blocks._free_stretch(0, 1) == 2 and blocks._free_stretch(0, 1, cap=9) == 5
    assert blocks._free_stretch(0, -1) == 1 and blocks._free_stretch(-1, 1) == 0 and blocks._free_stretch(5, 1) == 0
    assert blocks._grow(1, 3, {1, 2, 3, 4, 5}) == {1, 2, 3}
    assert blocks._grow(3, 2, {1, 2, 3, 4, 5}) == {2, 3}


def test_straight_looks_at_a_few_stretches_and_64_places_at_most():
    """Row of ten with booth 3 taken: one booth fills the lone stretch at the end (10) exactly; looking at one
    stretch only gives 1, at two the stretch 4-… that leaves no single booth. Of 70 places forbidden but one,
    the 64th is still examined, the 65th not."""
    blocks = ZoneBlocks(row(10), line(range(1, 11)))
    blocks.take([3])
    assert ids(blocks.straight(1, set())) == [10]
    assert ids(blocks.straight(1, set(), look=1)) == [1] and ids(blocks.straight(1, set(), look=2)) == [4]
    assert ids(blocks.straight(1, set(), look=3)) == [4]
    long = ZoneBlocks(row(70), line(range(1, 71)))
    assert ids(long.straight(1, set(range(1, 71)) - {64})) == [64]
    assert long.straight(1, set(range(1, 71)) - {65}) is None


def test_straight_prefers_two_spare_booths_to_one_and_the_group_to_an_exact_fit():
    """Row of nine, 4 taken: 1-3 would leave one single booth, 5-9 leaves two or more: 5-6. Row of seven, 3 and 6
    taken: 1-2 fits exactly but 4-5 touches the group's booth 6. An exact fit touching the group ends the search."""
    blocks = ZoneBlocks(row(9), line(range(1, 10)))
    blocks.take([4])
    assert ids(blocks.straight(2, set())) == [5, 6]
    blocks = ZoneBlocks(row(7), line(range(1, 8)))
    blocks.take([3, 6])
    assert ids(blocks.straight(2, set(), beside={6})) == [4, 5] and ids(blocks.straight(2, set())) == [1, 2]
    blocks = ZoneBlocks(row(4), line(range(1, 5)))
    blocks.take([3])
    assert ids(blocks.straight(2, set(), beside={3})) == [1, 2]


def test_releasing_and_unkeeping_free_exactly_their_own_booths():
    """Row of four, 1 and 2 taken, 1 released: no run of two at 1-2; a kept booth unkept while 2 is taken frees
    only itself; a booth unkept before it is released comes back to the clear runs."""
    blocks = ZoneBlocks(row(4), line(range(1, 5)))
    blocks.take([1, 2])
    blocks.release([1])
    assert ids(blocks.straight(2, set())) == [3, 4] and ids(blocks.straight(2, set(), clear=True)) == [3, 4]
    blocks = ZoneBlocks(row(4), line(range(1, 5)))
    blocks.take([2])
    blocks.keep(1)
    blocks.unkeep(1)
    assert ids(blocks.straight(2, set(), clear=True)) == [3, 4]
    blocks = ZoneBlocks(row(4), line(range(1, 5)))
    blocks.keep(1)
    blocks.take([1])
    blocks.unkeep(1)
    blocks.release([1])
    assert ids(blocks.straight(2, set(), clear=True)) == [1, 2]


def test_around_skips_runs_through_forbidden_booths_and_grows_an_exact_piece():
    """Row of six: around 3 the run 3-4 strands nobody (2-3 would strand 1), whatever unrelated booth is
    forbidden; a free piece of exactly the size asked is grown whole."""
    blocks = ZoneBlocks(row(6), line(range(1, 7)))
    assert ids(blocks.around(3, 2, {6})) == [3, 4]
    slots, neighbours = grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    blocks.take([2, 3, 4, 6, 7, 8])
    assert ids(blocks.around(1, 2, set())) == [1, 5]


def test_largest_pieces_of_full_islands_and_their_counts():
    """Three islands of two booths: three pieces of two; one booth taken: two left of two; an island with no
    free booth has a largest piece of 0. Past the end of the line a stretch is empty."""
    slots = [Slot(i, f"A-{i}", 1, 1, (i - 1) * 300 + (i - 1) // 2 * 3000, 0) for i in range(1, 7)]
    blocks = ZoneBlocks(slots, line([1, 2]) | line([3, 4]) | line([5, 6]))
    assert blocks.has_room(2) and blocks.largest_count[2] == 3
    blocks.take([1])
    assert blocks.largest_count[2] == 2 and blocks.has_room(2) and blocks.largest_count[1] == 1
    blocks.take([2])
    assert blocks.largest_piece(0) == 0 and blocks.largest_count[0] == 1
    assert blocks._free_stretch(len(blocks.line), 1) == 0


def test_shaped_stops_at_an_island_with_two_rows_and_nothing_stranded():
    """A 2 × 2 island first, a row of four further down: four booths are the 2 × 2 square (two rows, nothing
    stranded), not the row of the later island."""
    slots = [Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 0), Slot(3, "c", 1, 1, 0, 300),
             Slot(4, "d", 1, 1, 300, 300)] + [Slot(i, f"r{i}", 1, 1, (i - 5) * 300, 3000) for i in range(5, 9)]
    neighbours = {1: {2, 3}, 2: {1, 4}, 3: {1, 4}, 4: {2, 3}} | line([5, 6, 7, 8])
    assert ids(ZoneBlocks(slots, neighbours).shaped(4, set())) == [1, 2, 4, 3]


def test_rows_are_laid_by_place_not_by_id_and_alternate_over_four_rows():
    """A wide island whose ids run against x, a tall one whose ids run against y: the line follows the hall.
    Four rows of five: left to right, back, again, back; rows numbered 0 to 3."""
    wide = [Slot(3, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 0), Slot(1, "c", 1, 1, 600, 0)]
    assert [s and s.id for s in ZoneBlocks(wide, line([3, 2, 1])).line] == [3, 2, 1, None]
    tall = [Slot(3, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 0, 300), Slot(1, "c", 1, 1, 0, 600)]
    assert [s and s.id for s in ZoneBlocks(tall, line([3, 2, 1])).line] == [3, 2, 1, None]
    assert _wide([Slot(1, "a", 1, 1, 3000, 0), Slot(2, "b", 1, 1, 3000, 600)]) is False
    blocks = ZoneBlocks(*grid(4, 5))
    assert [s and s.id for s in blocks.line] == [1, 2, 3, 4, 5, None, 10, 9, 8, 7, 6, None, 11, 12, 13, 14, 15, None,
                                                 20, 19, 18, 17, 16, None]
    assert [blocks.row_of[b] for b in (1, 6, 11, 16)] == [0, 1, 2, 3]


def test_grow_takes_the_nearest_booths_from_where_it_starts():
    """From the centre of a 3 × 3 island through {5, 2, 1, 8}: 2 and 8 are 3 m away, 1 is 6 m: 5, 2, 8."""
    blocks = ZoneBlocks(*grid(3, 3))
    assert blocks._grow(5, 3, {5, 2, 1, 8}) == {5, 2, 8}
    assert blocks._grow(9, 3, {9, 6, 3, 5}) == {9, 6, 3}


def test_a_release_updates_the_count_of_largest_pieces():
    """Four islands of two, one booth taken in each of three: three pieces of one; one booth back: two."""
    slots = [Slot(i, f"A-{i}", 1, 1, (i - 1) * 300 + (i - 1) // 2 * 3000, 0) for i in range(1, 9)]
    blocks = ZoneBlocks(slots, line([1, 2]) | line([3, 4]) | line([5, 6]) | line([7, 8]))
    blocks.take([1, 3, 5])
    assert blocks.has_room(2) and blocks.largest_count[1] == 3
    blocks.release([1])
    assert blocks.largest_count[1] == 2 and blocks.has_room(2) and blocks.largest_count[2] == 2

