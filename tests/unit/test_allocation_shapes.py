"""Blocks on the hall's real adjacency: any connected free block is found, shapes ranked as an organizer would."""

from dataclasses import replace

from booths.allocation.engine import Request, Slot, ZoneInfo
from booths.allocation.zone_blocks import ZoneBlocks
from booths.layout.geometry import Rect, neighbour_pairs
from booths.layout.grid import GridSpec, generate_grid
from tests.allocation_checks import checked_allocate as allocate

DOMESTIC = [ZoneInfo(1, "domestic")]


def _hall(spec: GridSpec, *, free: set[str] | None = None, blocked: set[str] = frozenset()):
    """Slots and neighbours of a grid; booths not in `free` (when given) are held by application 99."""
    slots, rects = [], []
    for number, booth in enumerate(generate_grid(spec), start=1):
        taken = 99 if free is not None and booth.code not in free and booth.code not in blocked else None
        slots.append(Slot(number, booth.code, 1, 1, booth.x, booth.y, blocked=booth.code in blocked, taken_by=taken))
        rects.append(Rect(number, booth.x, booth.y, booth.width, booth.depth))
    neighbours: dict[int, set[int]] = {}
    for a, b in neighbour_pairs(rects):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return slots, neighbours


def _codes(slots, booth_ids) -> list[str]:
    code = {slot.id: slot.code for slot in slots}
    return sorted(code[b] for b in booth_ids)


def test_two_free_booths_back_to_back_at_an_island_end_make_a_block():
    """E-01 and E-07 share an edge (row one and row two of the same column): a request for two gets them."""
    slots, neighbours = _hall(GridSpec("E-", 2, 6, 300, 300, 0, 300), free={"E-01", "E-07"})
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 2, "VN", "Huế")])
    assert _codes(slots, result.assignments[1]) == ["E-01", "E-07"]


def test_an_l_through_the_other_row_is_found():
    """J-01, J-06 and J-07 free in a 2 x 5 island: an L, granted to a request for three."""
    slots, neighbours = _hall(GridSpec("J-", 2, 5, 300, 300, 0, 300), free={"J-01", "J-06", "J-07"})
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 3, "VN", "Huế")])
    assert _codes(slots, result.assignments[1]) == ["J-01", "J-06", "J-07"]


def test_a_straight_run_along_one_row_beats_any_other_shape():
    """An empty 2 x 4 island: three booths go in one row, not around the end or across both rows."""
    slots, neighbours = _hall(GridSpec("A-", 2, 4, 300, 300, 0, 300))
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 1, "VN", "Huế"), Request(2, 3, "VN", "Huế", order=1)])
    by_id = {slot.id: slot for slot in slots}
    assert len({by_id[b].y for b in result.assignments[2]}) == 1


def test_a_straight_run_elsewhere_in_the_zone_beats_an_l_here():
    """The first island has only an L of three free, the second a free row: the row is chosen."""
    slots, neighbours = _hall(GridSpec("K-", 2, 6, 300, 300, 3, 300),
                              free={"K-01", "K-07", "K-08", "K-04", "K-05", "K-06"})
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 3, "VN", "Huế")])
    assert _codes(slots, result.assignments[1]) == ["K-04", "K-05", "K-06"]


def test_a_block_never_spans_an_aisle():
    """Two booths each side of a cross aisle are four free booths but no block of four."""
    slots, neighbours = _hall(GridSpec("C-", 1, 8, 300, 300, 4, 300), free={"C-03", "C-04", "C-05", "C-06"})
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 4, "VN", "Huế")])
    assert result.waitlist == {1: "no_contiguous_block"}


def test_the_way_around_a_blocked_booth_goes_through_the_other_row():
    """Row one of a 2 x 3 island has its middle booth blocked: four booths around it still make a block."""
    slots, neighbours = _hall(GridSpec("B-", 2, 3, 300, 300, 0, 300), free={"B-01", "B-04", "B-05", "B-06"},
                              blocked={"B-02"})
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 4, "VN", "Huế")])
    assert _codes(slots, result.assignments[1]) == ["B-01", "B-04", "B-05", "B-06"]


def test_a_preferred_booth_is_granted_without_stranding_a_single_booth():
    """A row of six, B-03 preferred for two booths: B-02–B-03 would strand B-01, so B-03–B-04 it is."""
    slots, neighbours = _hall(GridSpec("B-", 1, 6, 300, 300, 0, 300))
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 2, "VN", "Huế", preferred=("B-03",))])
    assert _codes(slots, result.assignments[1]) == ["B-03", "B-04"]
    assert result.explanations[1].outcome == "preferred"


def test_the_largest_free_piece_follows_takes():
    """An island's largest free piece is recomputed after booths are taken."""
    slots, neighbours = _hall(GridSpec("D-", 2, 3, 300, 300, 0, 300))
    zone = ZoneBlocks(slots, neighbours)
    assert zone.has_room(6) and zone.largest_piece(0) == 6
    zone.take([2, 5])  # the middle column: two pieces of two
    assert not zone.has_room(3) and zone.has_room(2)
    assert zone.shaped(3, set()) is None
    assert zone.straight(2, set()) is None and len(zone.shaped(2, set())) == 2


def test_blocked_booths_are_never_part_of_a_block():
    """Every booth of a full allocation of a hall with blocked booths is unblocked."""
    slots, neighbours = _hall(GridSpec("F-", 2, 6, 300, 300, 3, 300))
    slots = [replace(slot, blocked=slot.id % 5 == 0) for slot in slots]
    requests = [Request(i, 2, "VN", "Huế", order=i) for i in range(1, 8)]
    result = allocate(slots, DOMESTIC, neighbours, requests)
    blocked = {slot.id for slot in slots if slot.blocked}
    assert result.assignments and not blocked & {b for booths in result.assignments.values() for b in booths}


def test_a_booth_preferred_by_someone_unplaced_is_left_to_them_when_another_block_fits():
    """An earlier applicant without preferences does not take A-01, which a later one asked for."""
    slots, neighbours = _hall(GridSpec("A-", 1, 5, 300, 300, 0, 300))
    early = Request(1, 2, "VN", "Huế", order=1)
    asker = Request(2, 1, "VN", "Huế", order=2, preferred=("A-01",))
    result = allocate(slots, DOMESTIC, neighbours, [early, asker])
    assert _codes(slots, result.assignments[2]) == ["A-01"] and "A-01" not in _codes(slots, result.assignments[1])
    assert result.explanations[2].outcome == "preferred"


def test_a_preferred_booth_is_taken_by_another_only_when_nothing_else_fits():
    """Two booths, an earlier request for both: it gets them, the later asker of A-01 waits."""
    slots, neighbours = _hall(GridSpec("A-", 1, 2, 300, 300, 0, 300))
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 2, "VN", "Huế", order=1),
                                                    Request(2, 1, "VN", "Huế", order=2, preferred=("A-01",))])
    assert sorted(result.assignments) == [1] and result.explanations[2].missed == (("A-01", "taken_earlier"),)
