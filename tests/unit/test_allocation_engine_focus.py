"""The allocation engine's first pass and what follows it, on small hand-built fairs with exact outcomes.

`allocate` end to end (the order of requests, the owner map of booths held before the run, a request moving
from its pavilion to its general pool, placing and waitlisting), the zone's blocks (zone_blocks.py) and what
becomes of the waiting requests (waitlist.py), each against outcomes worked out by hand, with the shared
invariant checker after every allocation. Fast enough to run once per mutant (bench/mutation.py).
"""

from booths.allocation.engine import Allocation, Request, Slot, ZoneInfo, origin_of
from booths.allocation.waitlist import leftovers, rebalance, true_reason
from booths.allocation.zone_blocks import ZoneBlocks, _wide, components
from tests.allocation_checks import checked_allocate as allocate

DOMESTIC = [ZoneInfo(1, "domestic")]


def _row(count: int, over: dict[int, Slot] | None = None) -> list[Slot]:
    """Booths A-1… 3 m apart in zone 1, some replaced by `over`."""
    return [(over or {}).get(i, Slot(i, f"A-{i}", 1, 1, (i - 1) * 300, 0)) for i in range(1, count + 1)]


def _line(ids) -> dict[int, set[int]]:
    """Each booth beside the one before and after it in `ids`."""
    ids = list(ids)
    return {booth: {ids[k] for k in (i - 1, i + 1) if 0 <= k < len(ids)} for i, booth in enumerate(ids)}


def _grid(rows: int, columns: int, zone: int = 1) -> tuple[list[Slot], dict[int, set[int]]]:
    """An island of `rows` × `columns` booths numbered row by row from 1, 3 m apart, edges shared."""
    slots = [Slot(r * columns + c + 1, f"G-{r * columns + c + 1}", 1, zone, c * 300, r * 300)
             for r in range(rows) for c in range(columns)]
    neighbours = {s.id: {t.id for t in slots if abs(s.x - t.x) + abs(s.y - t.y) == 300} for s in slots}
    return slots, neighbours


def _ids(block) -> list[int]:
    return [slot.id for slot in block] if block is not None else None


# --- allocate: booths held before the run and competitors ------------------------------------------------

def test_a_competitor_is_never_placed_beside_a_booth_held_before_the_run():
    """Booth 1 is held (locked or manual) by 99: its competitor may not have booth 2, named either way."""
    slots = _row(5, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    assert allocate(slots, DOMESTIC, _line(range(1, 6)), [Request(1, 1, "VN", "Huế")]).assignments == {1: [5]}
    named = allocate(slots, DOMESTIC, _line(range(1, 6)), [Request(1, 1, "VN", "Huế", avoid=(99,))])
    assert named.assignments == {1: [3]}
    given = allocate(slots, DOMESTIC, _line(range(1, 6)), [Request(1, 1, "VN", "Huế")], competitors=[(99, 1)])
    assert given.assignments == {1: [3]} and given.metrics["competitor_adjacencies"] == 0
    tight = allocate(_row(2, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)}), DOMESTIC, _line([1, 2]),
                     [Request(1, 1, "VN", "Huế", avoid=(99,))])
    assert tight.assignments == {} and tight.waitlist == {1: "competitor_beside"}
    assert tight.explanations[1].competitors == (99,)


def test_a_held_booth_is_never_given_again_and_a_self_pair_is_no_competitor():
    """Booths held before the run stay with their holders; a request naming itself as competitor is placed."""
    slots = _row(3, {2: Slot(2, "A-2", 1, 1, 300, 0, taken_by=99)})
    result = allocate(slots, DOMESTIC, _line(range(1, 4)), [Request(1, 1, "VN", "Huế", avoid=(1,)),
                                                           Request(2, 1, "VN", "Huế", order=1)])
    assert result.assignments == {1: [1], 2: [3]} and result.waitlist == {}


def test_competitors_placed_in_this_run_keep_apart():
    """Two competitors on a row of three: the second placed leaves a booth between them."""
    result = allocate(_row(3), DOMESTIC, _line(range(1, 4)),
                      [Request(1, 1, "VN", "Huế", order=1), Request(2, 1, "VN", "Hà Nội", order=2, avoid=(1,))])
    placed = sorted(b for booths in result.assignments.values() for b in booths)
    assert placed == [1, 3] and result.waitlist == {}


# --- allocate: order, pools and reasons -----------------------------------------------------------------

def test_the_earlier_order_and_the_higher_tier_win_the_last_booth():
    """One booth: within a tier the earlier order gets it; a lower tier number beats any order."""
    first = allocate(_row(1), DOMESTIC, _line([1]), [Request(1, 1, "VN", "Huế", order=2),
                                                    Request(2, 1, "VN", "Huế", order=1)])
    assert first.assignments == {2: [1]} and first.waitlist == {1: "over_fair_share"}
    tier = allocate(_row(1), DOMESTIC, _line([1]), [Request(1, 1, "VN", "Huế", tier=1, order=1),
                                                   Request(2, 1, "VN", "Huế", tier=0, order=5)])
    assert tier.assignments == {2: [1]} and tier.waitlist == {1: "over_fair_share"}
    assert (tier.explanations[1].granted, tier.explanations[1].share, tier.explanations[1].demand) == (1, 0, 1)


def test_what_a_pavilion_cannot_hold_moves_to_the_general_pool_once():
    """Huế's pavilion has one booth: the first Huế request takes it, the second moves to the domestic pool,
    where Huế gets a share beside Hà Nội; nobody is both placed and waitlisted."""
    zones = [ZoneInfo(1, "domestic"), ZoneInfo(2, "pavilion", province="Huế")]
    slots = _row(3) + [Slot(10, "P-1", 1, 2, 0, 2000)]
    neighbours = _line(range(1, 4)) | {10: set()}
    requests = [Request(1, 1, "VN", "Huế", order=1), Request(2, 1, "VN", "Huế", order=2),
                Request(3, 1, "VN", "Hà Nội", order=3)]
    result = allocate(slots, zones, neighbours, requests)
    assert result.assignments == {1: [10], 2: [1], 3: [2]} and result.waitlist == {}
    assert result.pools == {1: (2,), 2: (1,), 3: (1,)}
    assert result.shares == {((2,), "VN:Huế"): 1, ((1,), "VN:Huế"): 1, ((1,), "VN:Hà Nội"): 1}
    assert [(result.explanations[i].outcome, result.explanations[i].zone_id) for i in (1, 2, 3)] == [
        ("zone", 2), ("zone", 1), ("zone", 1)]
    assert result.explanations[2].zone_rank == 1 and result.explanations[1].zone_rank == 0


def test_a_request_over_its_pavilion_share_with_no_general_zone_waits_over_its_share():
    """Only the pavilion: the second Huế request has nowhere to go and waits, over its share (1 of 1)."""
    zones = [ZoneInfo(2, "pavilion", province="Huế")]
    slots = [Slot(10, "P-1", 1, 2, 0, 0), Slot(11, "P-2", 1, 2, 300, 0, blocked=True)]
    result = allocate(slots, zones, {10: {11}, 11: {10}}, [Request(1, 1, "VN", "Huế", order=1),
                                                           Request(2, 1, "VN", "Huế", order=2)])
    assert result.assignments == {1: [10]} and result.waitlist == {2: "over_fair_share"}


def test_each_waitlist_reason_and_no_zone():
    """Japan has no international zone; a block of four on a row of three free booths has no contiguous block."""
    requests = [Request(1, 1, "JP", None), Request(2, 4, "VN", "Huế", order=1), Request(3, 1, "VN", "Huế", order=2)]
    result = allocate(_row(4, {4: Slot(4, "A-4", 1, 1, 900, 0, blocked=True)}), DOMESTIC, _line(range(1, 5)), requests)
    assert result.waitlist == {1: "no_eligible_zone", 2: "no_contiguous_block"}
    assert result.assignments == {3: [1]}
    assert result.explanations[1].outcome == "waitlisted" and 1 not in result.pools


def test_preferred_and_near_and_leftover_outcomes():
    """A preferred booth is kept for its asker even when asked later; a wished neighbour gets the booth beside."""
    requests = [Request(1, 1, "VN", "Huế", order=1), Request(2, 1, "VN", "Huế", order=2, preferred=("A-1",)),
                Request(3, 1, "VN", "Hà Nội", order=3, near=(1,))]
    result = allocate(_row(6), DOMESTIC, _line(range(1, 7)), requests)
    assert result.assignments[2] == [1] and result.explanations[2].outcome == "preferred"
    assert result.assignments[1] == [2] and result.explanations[1].outcome == "zone"
    assert result.assignments[3] == [3] and result.explanations[3].outcome == "near"
    assert result.explanations[2].missed == () and result.metrics["preference_hit_rate"] == 1.0


def test_the_same_seed_gives_the_same_plan_and_progress_ends_at_one():
    """Equal tier and order are ordered by the seeded draw; progress is reported and ends at 1."""
    requests = [Request(i, 1, "VN", "Huế") for i in range(1, 5)]
    seen: list[float] = []
    one = allocate(_row(2), DOMESTIC, _line([1, 2]), requests, seed=3, progress=seen.append)
    two = allocate(_row(2), DOMESTIC, _line([1, 2]), requests, seed=3)
    assert one.assignments == two.assignments and len(one.assignments) == 2 and seen == [1.0]
    orders = {tuple(sorted(allocate(_row(2), DOMESTIC, _line([1, 2]), requests, seed=s).assignments))
              for s in range(8)}
    assert len(orders) > 1  # the draw, not the id, breaks the tie


def test_progress_is_reported_every_500_decisions():
    """1,000 one-booth requests on one booth: reported at 500 and 1,000 decided, then 1."""
    seen: list[float] = []
    requests = [Request(i, 1, "VN", "Huế", order=i) for i in range(1, 1001)]
    allocate(_row(1), DOMESTIC, _line([1]), requests, progress=seen.append)
    assert seen == [0.5, 1.0]


# --- zone_blocks ----------------------------------------------------------------------------------------

def test_components_and_wide():
    """Pieces in order of their smallest id; a zone as wide as it is tall counts as wide."""
    assert components({1, 2, 4, 5, 9}, _line(range(1, 6))) == [{1, 2}, {4, 5}, {9}]
    assert components(set(), {}) == []
    square = [Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 300)]
    assert _wide(square) is True
    assert _wide([Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 600)]) is False
    assert _wide([Slot(1, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 600, 300)]) is True


def test_the_line_runs_along_the_longer_side_and_alternates():
    """Two rows of four: 1-4 then 8-5 back, a break after each row; four rows of two run down the columns."""
    slots, neighbours = _grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert _ids(blocks.line[:4]) == [1, 2, 3, 4] and blocks.line[4] is None
    assert _ids(blocks.line[5:9]) == [8, 7, 6, 5] and blocks.line[9] is None and len(blocks.line) == 10
    assert blocks.row_of == {1: 0, 2: 0, 3: 0, 4: 0, 8: 1, 7: 1, 6: 1, 5: 1}
    assert blocks.scan_order(0) == [1, 5, 2, 6, 3, 7, 4, 8]
    tall = ZoneBlocks(*_grid(4, 2))
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
    assert blocks.straight(2, set()) is not None and _ids(blocks.straight(2, set())) == [1, 2]
    assert blocks.straight(3, set()) is None and blocks.shaped(3, set()) is None and not blocks.has_room(3)
    assert blocks.has_room(2) and blocks.has_room(1) and not blocks.has_room(5)


def test_straight_runs_prefer_touching_the_group_then_an_exact_fit():
    """Row 1-4 then 8-5: a run beside the group's booths first; else one filling a stretch exactly; else the
    first one that leaves no single booth; forbidden booths are skipped past."""
    slots, neighbours = _grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert _ids(blocks.straight(2, set())) == [1, 2]
    assert _ids(blocks.straight(2, set(), beside={4})) == [8, 7]
    assert _ids(blocks.straight(2, {2})) == [3, 4]
    assert _ids(blocks.straight(2, {3})) == [1, 2]
    assert blocks.straight(4, {2, 7}) is None
    blocks.take([3])
    assert _ids(blocks.straight(2, set())) == [1, 2]  # fills the stretch 1-2 exactly
    assert _ids(blocks.straight(1, set())) == [4]  # a stretch of one filled exactly
    blocks.take([1])
    assert _ids(blocks.straight(1, set())) == [2]
    assert _ids(blocks.straight(3, set())) == [8, 7, 6]  # a stretch of four: leaves one single booth
    assert blocks.straight(2, set(), look=0) is None


def test_a_straight_run_that_leaves_no_single_booth_beats_one_that_does():
    """A row of seven with booth 4 taken: stretches 1-3 and 5-7; a run of 1 leaves two either way; on a row of
    eight with 5 taken, a run of 2 in 1-4 leaves two, in 6-8 it leaves one: 1-2 is chosen."""
    blocks = ZoneBlocks(_row(8), _line(range(1, 9)))
    blocks.take([5])
    assert _ids(blocks.straight(2, set())) == [1, 2]
    assert _ids(blocks.straight(3, set())) == [6, 7, 8]
    blocks.take([1])
    assert _ids(blocks.straight(2, set())) == [2, 3]


def test_kept_booths_are_left_out_of_clear_runs_until_unkept():
    """A kept booth is skipped with `clear` and back once unkept (if free); releasing a kept booth keeps it out."""
    blocks = ZoneBlocks(_row(4), _line(range(1, 5)))
    blocks.keep(1)
    assert _ids(blocks.straight(2, set(), clear=True)) == [2, 3]
    assert _ids(blocks.straight(2, set())) == [1, 2]
    blocks.unkeep(1)
    assert _ids(blocks.straight(2, set(), clear=True)) == [1, 2]
    blocks.take([1])
    blocks.keep(1)
    blocks.release([1])
    assert blocks.free == {1, 2, 3, 4} and _ids(blocks.straight(2, set())) == [1, 2]
    assert _ids(blocks.straight(2, set(), clear=True)) == [2, 3]
    blocks.unkeep(1)
    assert _ids(blocks.straight(2, set(), clear=True)) == [1, 2]
    blocks.take([2])
    blocks.unkeep(2)  # a taken booth stays out even when unkept
    assert _ids(blocks.straight(2, set(), clear=True)) == [3, 4]


def test_around_a_booth_strands_the_fewest_then_grows_a_shape():
    """A run through the booth leaving no single booth on either side; none free or forbidden: None."""
    slots, neighbours = _grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert _ids(blocks.around(3, 2, set())) == [3, 4]
    assert _ids(blocks.around(2, 2, set())) == [1, 2]
    assert _ids(blocks.around(2, 3, set())) == [1, 2, 3]
    assert _ids(blocks.around(2, 2, {1})) == [2, 3]
    assert blocks.around(2, 2, {2}) is None
    blocks.take([2])
    assert blocks.around(2, 1, set()) is None
    assert _ids(blocks.around(1, 2, set())) == [1, 5]  # no run: grown into the other row
    assert blocks.around(1, 2, {5}) is None
    assert _ids(blocks.around(1, 3, set())) == [1, 6, 5]
    assert blocks.around(1, 8, set()) is None


def test_shaped_blocks_are_ranked_rows_then_stranded_then_box_then_place():
    """Five of two rows of four: a full row and one more; forbidden booths shape an L; none fits: None."""
    slots, neighbours = _grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    assert _ids(blocks.shaped(5, set())) == [1, 2, 3, 4, 5]
    assert _ids(blocks.shaped(3, {2, 6})) == [3, 4, 7]
    assert _ids(blocks.shaped(2, {1, 2, 3, 4, 8})) == [7, 6]  # one stranded either way: the earlier
    assert _ids(blocks.shaped(3, {1, 2, 3, 4, 8})) == [7, 6, 5] and blocks.shaped(4, {1, 2, 3, 4, 8}) is None
    assert _ids(blocks.shaped(4, {2, 3})) == [8, 7, 6, 5]  # one row beats any L
    assert blocks._score({1, 5}, {1, 2, 5, 6}) == (2, 0, 0, 0)
    assert blocks._score({1, 2}, {1, 2, 3, 5}) == (1, 2, 0, 0)
    assert blocks._score({2}, {1, 2, 3}) == (1, 2, 0, 1)
    assert blocks._score({1, 6}, {1, 5, 6}) == (2, 1, 2, 0)  # 5 left alone; a 2 × 2 box holding two


def test_shaped_searches_every_island_with_room():
    """Two islands: the first too small; the block comes from the second; the cached sizes follow takes."""
    slots = _row(2) + [Slot(i, f"B-{i}", 1, 1, (i - 3) * 300, 3000) for i in range(3, 7)]
    neighbours = _line([1, 2]) | _line([3, 4, 5, 6])
    blocks = ZoneBlocks(slots, neighbours)
    assert _ids(blocks.shaped(3, set())) == [3, 4, 5]
    assert blocks.largest_piece(0) == 2 and blocks.largest_piece(1) == 4
    blocks.take([4])
    assert blocks.largest_piece(1) == 2 and not blocks.has_room(3) and blocks.has_room(2)
    assert blocks.shaped(3, set()) is None
    blocks.release([4])
    assert blocks.has_room(4) and blocks.largest_piece(1) == 4
    assert blocks.largest_count[4] == 1 and blocks.largest_count[2] == 1


def test_free_stretch_counts_up_to_its_cap():
    """From booth 1 along a free row of five: 2 by default, up to the cap; backwards from the start: 1."""
    blocks = ZoneBlocks(_row(5), _line(range(1, 6)))
    assert blocks._free_stretch(0, 1) == 2 and blocks._free_stretch(0, 1, cap=9) == 5
    assert blocks._free_stretch(0, -1) == 1 and blocks._free_stretch(-1, 1) == 0 and blocks._free_stretch(5, 1) == 0
    assert blocks._grow(1, 3, {1, 2, 3, 4, 5}) == {1, 2, 3}
    assert blocks._grow(3, 2, {1, 2, 3, 4, 5}) == {2, 3}


# --- waitlist -------------------------------------------------------------------------------------------

def _waiting(*requests, shares=None):
    result = Allocation(waitlist={r.id: "over_fair_share" for r in requests}, pools={r.id: (1,) for r in requests},
                        shares=shares or {})
    return result


def test_leftovers_go_to_the_group_furthest_below_its_share_smallest_first():
    """Huế 2 of a share of 4 (a one-booth request ends at -1), Hà Nội at its share: Huế's smallest first;
    each request tried once; a request with no zone is never tried."""
    hue_big, hue_small, hanoi = Request(1, 3, "VN", "Huế"), Request(2, 1, "VN", "Huế"), Request(3, 1, "VN", "Hà Nội")
    none = Request(4, 1, "JP", None)
    result = _waiting(hue_big, hue_small, hanoi, shares={((1,), "VN:Huế"): 4, ((1,), "VN:Hà Nội"): 1})
    result.waitlist[4] = "no_eligible_zone"
    granted = {((1,), "VN:Huế"): 2, ((1,), "VN:Hà Nội"): 1}
    rank = {1: (0, 0), 2: (0, 1), 3: (0, 2), 4: (0, 3)}
    tried: list[tuple[int, str]] = []

    def settle(request, how):
        tried.append((request.id, how))
        return request.id == 2
    repacked: list[int] = []

    def repack(request):
        repacked.append(request.id)
        return request.id == 3
    leftovers([hue_big, hue_small, hanoi, none], result, granted, rank, settle, repack)
    assert tried == [(2, "leftover"), (1, "leftover"), (3, "leftover")] and repacked == [1, 3]
    assert result.waitlist == {1: "over_fair_share", 4: "no_eligible_zone"}


def test_leftovers_break_a_tie_by_rank():
    """Two groups equally below their shares: the one whose next request ranks first goes first."""
    a, b = Request(1, 1, "VN", "Huế"), Request(2, 1, "VN", "Hà Nội")
    result = _waiting(a, b)
    tried: list[int] = []
    leftovers([a, b], result, {}, {1: (0, 5), 2: (0, 1)}, lambda r, how: tried.append(r.id), lambda r: False)
    assert tried == [2, 1] and set(result.waitlist) == {1, 2}


def _rebalance_case(waiting_booths=1, other_booths=1, tier=1, gap_below=-2, gap_above=1, movable=True, zone=1):
    """Huế waits `gap_below` under its share; Hà Nội's request 2 (placed in booth 10) is `gap_above` over."""
    hue = Request(1, waiting_booths, "VN", "Huế", tier=tier)
    hanoi = Request(2, other_booths, "VN", "Hà Nội", tier=tier)
    result = Allocation(assignments={2: [10]}, waitlist={1: "no_contiguous_block"}, pools={1: (1,), 2: (1,)},
                        shares={((1,), "VN:Huế"): 5, ((1,), "VN:Hà Nội"): 5})
    granted = {((1,), "VN:Huế"): 5 + gap_below, ((1,), "VN:Hà Nội"): 5 + gap_above}
    calls: list = []

    def evict(request):
        calls.append(("evict", request.id))
        result.assignments.pop(request.id)
        result.waitlist[request.id] = "over_fair_share"
        return [10], "explained"

    def restore(request, booth_ids, explanation):
        calls.append(("restore", request.id, booth_ids, explanation))
        result.assignments[request.id] = booth_ids
        del result.waitlist[request.id]

    def run(place):
        rebalance([hue, hanoi], result, granted, {1: hue, 2: hanoi}, {10: zone}, {1: ZoneInfo(1, "domestic")},
                  lambda application: movable, evict, restore, place)
        return result, calls
    return run


def test_rebalance_gives_a_block_above_its_share_to_a_group_two_below():
    """Huế two below, Hà Nội one above: Hà Nội's block yields, Huě is placed, Hà Nội tries again elsewhere."""
    placed: list[int] = []

    def place(request):
        placed.append(request.id)
        return request.id == 1
    result, calls = _rebalance_case()(place)
    assert calls == [("evict", 2)] and placed == [1, 2]
    assert result.waitlist == {2: "over_fair_share"}


def test_rebalance_restores_the_block_when_the_waiting_request_still_does_not_fit():
    """The evicted block goes back when the waiting request cannot be placed."""
    result, calls = _rebalance_case()(lambda request: False)
    assert calls == [("evict", 2), ("restore", 2, [10], "explained")]
    assert result.assignments == {2: [10]} and result.waitlist == {1: "no_contiguous_block"}


def test_rebalance_leaves_things_when_no_rule_allows_it():
    """One below only; the other at its share; not movable; in a zone the waiting request may not have;
    a bigger (or supported) block; a change that does not narrow the gap: no eviction at all."""
    for case in (dict(gap_below=-1), dict(gap_above=0), dict(movable=False), dict(zone=2), dict(other_booths=2),
                 dict(waiting_booths=4, other_booths=1, gap_below=-2, gap_above=1)):
        result, calls = _rebalance_case(**case)(lambda request: True)
        assert calls == [], case
    supported = _rebalance_case(tier=0, waiting_booths=1, other_booths=1)
    assert supported(lambda request: True)[1] == [("evict", 2)]


def test_rebalance_counts_a_supported_booth_double():
    """A supported two-booth block (weight 4) does not yield to a one-booth tier-1 request (weight 1)... but a
    tier-0 one-booth request (weight 2) yields to a tier-0 two-booth request."""
    assert _rebalance_case(waiting_booths=1, other_booths=2, tier=0, gap_above=2)(lambda r: True)[1] == []
    assert _rebalance_case(waiting_booths=2, other_booths=1, tier=0, gap_below=-3)(lambda r: True)[1] == [
        ("evict", 2)]


class _Blocks:
    def __init__(self, room: bool, free: set[int]):
        self.room, self.free = room, free

    def has_room(self, count: int) -> bool:
        return self.room


def test_true_reason_holds_on_the_final_plan():
    """over_fair_share only at or above the share; else competitor_beside (naming who) when a free block of the
    size exists, else no_contiguous_block; no_eligible_zone stays."""
    hue = Request(1, 2, "VN", "Huế")
    result = Allocation(pools={1: (1,)}, shares={((1,), "VN:Huế"): 3})
    zones = {1: ZoneInfo(1, "domestic")}
    args = (zones, {1: {7, 8}}, {7: [20], 8: [30]}, {20: {21}, 30: {31}})
    room = {1: _Blocks(True, {21, 22})}
    assert true_reason(hue, "no_eligible_zone", result, {}, room, *args) == ("no_eligible_zone", ())
    assert true_reason(hue, "over_fair_share", result, {((1,), "VN:Huế"): 3}, room, *args) == ("over_fair_share", ())
    assert true_reason(hue, "over_fair_share", result, {((1,), "VN:Huế"): 2}, room, *args) == (
        "competitor_beside", (7,))
    assert true_reason(hue, "no_contiguous_block", result, {}, {1: _Blocks(True, {21, 31})}, *args) == (
        "competitor_beside", (7, 8))
    assert true_reason(hue, "no_contiguous_block", result, {}, {1: _Blocks(False, {21})}, *args) == (
        "no_contiguous_block", ())
    assert true_reason(hue, "over_fair_share", result, {}, {2: _Blocks(True, {21})}, *args) == (
        "no_contiguous_block", ())


def test_leftovers_order_counts_the_request_size_and_missing_figures_as_zero():
    """Huế: share 3, a 3-booth request ends at 0; Hà Nội: share 2, a 1-booth request ends at -1: Hà Nội first.
    A group with nothing granted yet counts 0 granted; one with no share counts a share of 0."""
    hue, hanoi = Request(1, 3, "VN", "Huế"), Request(2, 1, "VN", "Hà Nội")
    tried: list[int] = []
    result = _waiting(hue, hanoi, shares={((1,), "VN:Huế"): 3, ((1,), "VN:Hà Nội"): 2})
    leftovers([hue, hanoi], result, {}, {1: (0, 0), 2: (0, 1)}, lambda r, how: tried.append(r.id), lambda r: False)
    assert tried == [2, 1]
    tried.clear()  # Huế, nothing granted: -2; Hà Nội, 1 granted: -1 (and ranked first): Huế still first
    hue = Request(1, 1, "VN", "Huế")
    result = _waiting(hue, hanoi, shares={((1,), "VN:Huế"): 3, ((1,), "VN:Hà Nội"): 3})
    leftovers([hue, hanoi], result, {((1,), "VN:Hà Nội"): 1}, {1: (0, 5), 2: (0, 1)},
              lambda r, how: tried.append(r.id), lambda r: False)
    assert tried == [1, 2]
    tried.clear()  # Huế, no share: 0 + 1 - 0 = 1; Hà Nội 1 + 1 - 1 = 1; a tie, Hà Nội ranked first
    result = _waiting(hue, hanoi, shares={((1,), "VN:Hà Nội"): 1})
    leftovers([hue, hanoi], result, {((1,), "VN:Hà Nội"): 1}, {1: (0, 5), 2: (0, 1)},
              lambda r, how: tried.append(r.id), lambda r: False)
    assert tried == [2, 1]


def test_leftovers_accept_a_request_the_repacking_already_took_off_the_waitlist():
    """Re-packing removes the request from the waitlist itself (engine.move): no error, and it stays off."""
    hue = Request(1, 1, "VN", "Huế")
    result = _waiting(hue)

    def repack(request):
        del result.waitlist[request.id]
        return True
    leftovers([hue], result, {}, {1: (0, 0)}, lambda r, how: False, repack)
    assert result.waitlist == {}


class _Plan:
    """A hand-built state for rebalance(): who is placed where, who waits, shares and granted booths."""

    def __init__(self, requests, assignments, waitlist, pools, shares, granted, zone_of=None, movable=(),
                 repacked=()):
        self.requests = requests
        self.result = Allocation(assignments=dict(assignments), waitlist=dict(waitlist), pools=pools, shares=shares)
        self.granted = granted
        self.zone_of = (zone_of or {b: 1 for booths in assignments.values() for b in booths}) | {0: 3}
        self.fixed = set(movable)
        self.repacked = set(repacked)  # placed by re-packing, which takes them off the waitlist itself
        self.calls: list = []

    def _grant(self, request, booths: int) -> None:
        key = (self.result.pools[request.id], origin_of(request))
        self.granted[key] = self.granted.get(key, 0) + booths

    def run(self, fits):
        """`fits(request)`: does the request find a place (it is then taken off the waitlist, as move() does)."""
        by_request = {r.id: r for r in self.requests}

        def evict(request):
            self.calls.append(("evict", request.id))
            self._grant(request, -request.booths)
            booths = self.result.assignments.pop(request.id)
            self.result.waitlist[request.id] = "over_fair_share"
            return booths, "explained"

        def restore(request, booth_ids, explanation):
            self.calls.append(("restore", request.id))
            self._grant(request, +request.booths)
            self.result.assignments[request.id] = booth_ids
            del self.result.waitlist[request.id]

        def place(request):
            if not fits(request):
                return False
            self.calls.append(("place", request.id))
            if request.id in self.result.pools:
                self._grant(request, +request.booths)
            self.result.assignments[request.id] = [0]
            if request.id in self.repacked:
                del self.result.waitlist[request.id]
            return True
        rebalance(self.requests, self.result, self.granted, by_request, self.zone_of,
                  {1: ZoneInfo(1, "domestic"), 2: ZoneInfo(2, "domestic")},
                  lambda application: application not in self.fixed, evict, restore, place)
        return self.calls


HUE, HANOI, HCM = "VN:Huế", "VN:Hà Nội", "VN:Hồ Chí Minh"


def test_rebalance_places_both_and_moves_on_to_the_next_waiting_request():
    """Two Huế requests wait three below; Hà Nội's two blocks are over: each waiting one takes one, and the
    evicted blocks find a place again (off the waitlist, whether re-packing or rebalance takes them off it).
    Hồ Chí Minh, placed but not in a pool, is ignored."""
    requests = [Request(1, 1, "VN", "Huế"), Request(2, 1, "VN", "Huế"), Request(3, 1, "VN", "Hà Nội"),
                Request(4, 1, "VN", "Hà Nội"), Request(5, 1, "VN", "Hồ Chí Minh")]
    plan = _Plan(requests, {3: [10], 4: [11], 5: [12]}, {1: "no_contiguous_block", 2: "no_contiguous_block"},
                 {1: (1,), 2: (1,), 3: (1,), 4: (1,)}, {((1,), HUE): 5, ((1,), HANOI): 1},
                 {((1,), HUE): 2, ((1,), HANOI): 3}, repacked={1, 4})
    calls = plan.run(lambda request: True)
    assert calls == [("evict", 3), ("place", 1), ("place", 3), ("evict", 4), ("place", 2), ("place", 4)]
    assert plan.result.waitlist == {}


def test_rebalance_skips_placed_and_unzoned_requests_and_groups_near_their_share():
    """A placed request of a group far below, one with no zone, one only one below: nothing moves; a later
    request of a group two below still gets its turn."""
    requests = [Request(6, 1, "VN", "Huế"), Request(7, 1, "JP", None), Request(8, 1, "VN", "Cần Thơ"),
                Request(1, 1, "VN", "Hồ Chí Minh"), Request(3, 1, "VN", "Hà Nội")]
    plan = _Plan(requests, {6: [9], 3: [10]}, {7: "no_eligible_zone", 8: "over_fair_share", 1: "over_fair_share"},
                 {6: (1,), 8: (1,), 1: (1,), 3: (1,)},
                 {((1,), HUE): 9, ((1,), "VN:Cần Thơ"): 2, ((1,), HCM): 2, ((1,), HANOI): 1},
                 {((1,), "VN:Cần Thơ"): 1, ((1,), HANOI): 2, ((1,), HUE): 1})
    assert plan.run(lambda request: True) == [("evict", 3), ("place", 1), ("place", 3)]


def test_rebalance_looks_past_groups_and_blocks_that_may_not_yield():
    """Candidates are looked for past the waiting group's own blocks, a group at its share, a block that may
    not move, and one in a zone the waiting request may not have."""
    requests = [Request(1, 1, "VN", "Huế"), Request(2, 1, "VN", "Huế"), Request(3, 1, "VN", "Cần Thơ"),
                Request(4, 1, "VN", "Hà Nội"), Request(5, 1, "VN", "Hà Nội"), Request(6, 1, "VN", "Hà Nội"),
                Request(7, 1, "VN", "Hồ Chí Minh", zones=(1,))]
    plan = _Plan(requests, {2: [10], 3: [11], 4: [12], 5: [13], 6: [14]}, {7: "no_contiguous_block"},
                 {i: (1,) for i in range(1, 8)},
                 {((1,), HUE): 0, ((1,), "VN:Cần Thơ"): 1, ((1,), HANOI): 0, ((1,), HCM): 3},
                 {((1,), HUE): 1, ((1,), "VN:Cần Thơ"): 1, ((1,), HANOI): 3},
                 zone_of={10: 1, 11: 1, 12: 1, 13: 2, 14: 1}, movable={4})
    assert plan.run(lambda request: True) == [("evict", 6), ("place", 7), ("place", 6)]


def test_rebalance_prefers_the_smallest_resulting_gap_then_the_group_most_over():
    """Two groups over by 2 and 4: the one over by 4 yields first (equal resulting gaps); of six candidates
    that all fail, only the first five are tried."""
    requests = [Request(1, 1, "VN", "Huế")] + [Request(i, 1, "VN", "Hà Nội") for i in (2, 3, 4)] + [
        Request(i, 1, "VN", "Cần Thơ") for i in (5, 6, 7)]
    plan = _Plan(requests, {i: [10 + i] for i in range(2, 8)}, {1: "over_fair_share"},
                 {i: (1,) for i in range(1, 8)}, {((1,), HUE): 4, ((1,), HANOI): 1, ((1,), "VN:Cần Thơ"): 0},
                 {((1,), HUE): 0, ((1,), HANOI): 3, ((1,), "VN:Cần Thơ"): 4})
    calls = plan.run(lambda request: False)
    assert [c for c in calls if c[0] == "evict"] == [("evict", 5), ("evict", 6), ("evict", 7), ("evict", 2),
                                                      ("evict", 3)]


def test_rebalance_weighs_a_supported_booth_double():
    """A supported block (tier 0) of two weighs 4: it does not yield to a tier-1 request of three (weight 3),
    but does to a tier-1 request of four; a tier-1 block of two yields to a supported request of one (2)."""
    def case(waiting: Request, other: Request) -> list:
        plan = _Plan([waiting, other], {other.id: [10, 11]}, {waiting.id: "over_fair_share"},
                     {waiting.id: (1,), other.id: (1,)}, {((1,), HUE): 9, ((1,), HANOI): 0},
                     {((1,), HUE): 0, ((1,), HANOI): 2})
        return plan.run(lambda request: False)
    assert case(Request(1, 3, "VN", "Huế", tier=1), Request(2, 2, "VN", "Hà Nội", tier=0)) == []
    assert case(Request(1, 4, "VN", "Huế", tier=1), Request(2, 2, "VN", "Hà Nội", tier=0)) == [
        ("evict", 2), ("restore", 2)]
    assert case(Request(1, 1, "VN", "Huế", tier=0), Request(2, 2, "VN", "Hà Nội", tier=1)) == [
        ("evict", 2), ("restore", 2)]
    assert case(Request(1, 1, "VN", "Huế", tier=1), Request(2, 2, "VN", "Hà Nội", tier=1)) == []


def test_rebalance_reads_missing_shares_and_granted_booths_as_zero():
    """Huế has no share listed but waits (0 - 0: not below), Hà Nội has no booths listed as granted."""
    requests = [Request(1, 1, "VN", "Huế"), Request(2, 1, "VN", "Hà Nội"), Request(3, 1, "VN", "Cần Thơ")]
    plan = _Plan(requests, {2: [10]}, {1: "over_fair_share", 3: "over_fair_share"}, {1: (1,), 2: (1,), 3: (1,)},
                 {((1,), "VN:Cần Thơ"): 2}, {((1,), HANOI): 1})
    assert plan.run(lambda request: True) == [("evict", 2), ("place", 3), ("place", 2)]
    plan = _Plan(requests, {2: [10]}, {3: "over_fair_share"}, {1: (1,), 2: (1,), 3: (1,)},
                 {((1,), "VN:Cần Thơ"): 2, ((1,), HANOI): 0}, {((1,), HANOI): 1})
    assert plan.run(lambda request: True) == [("evict", 2), ("place", 3), ("place", 2)]


def test_true_reason_reads_missing_figures_as_nothing():
    """No booths granted and no share listed: at its share (0 >= 0), over_fair_share holds; a share of 1 with
    nothing granted does not. A request with no competitors, or competitors with no booths or booths with no
    neighbours listed: room means competitor_beside with nobody named."""
    hue = Request(1, 2, "VN", "Huế")
    result = Allocation(pools={1: (1,)})
    zones = {1: ZoneInfo(1, "domestic")}
    room = {1: _Blocks(True, {21})}
    assert true_reason(hue, "over_fair_share", result, {}, room, zones, {}, {}, {}) == ("over_fair_share", ())
    result.shares[((1,), "VN:Huế")] = 1
    assert true_reason(hue, "over_fair_share", result, {}, room, zones, {}, {}, {})[0] == "competitor_beside"
    assert true_reason(hue, "no_contiguous_block", result, {}, room, zones, {1: {7}}, {}, {}) == (
        "competitor_beside", ())
    assert true_reason(hue, "no_contiguous_block", result, {}, room, zones, {1: {7}}, {7: [20]}, {}) == (
        "competitor_beside", ())


def test_straight_looks_at_a_few_stretches_and_64_places_at_most():
    """Row of ten with booth 3 taken: one booth fills the lone stretch at the end (10) exactly; looking at one
    stretch only gives 1, at two the stretch 4-… that leaves no single booth. Of 70 places forbidden but one,
    the 64th is still examined, the 65th not."""
    blocks = ZoneBlocks(_row(10), _line(range(1, 11)))
    blocks.take([3])
    assert _ids(blocks.straight(1, set())) == [10]
    assert _ids(blocks.straight(1, set(), look=1)) == [1] and _ids(blocks.straight(1, set(), look=2)) == [4]
    assert _ids(blocks.straight(1, set(), look=3)) == [4]
    long = ZoneBlocks(_row(70), _line(range(1, 71)))
    assert _ids(long.straight(1, set(range(1, 71)) - {64})) == [64]
    assert long.straight(1, set(range(1, 71)) - {65}) is None


def test_straight_prefers_two_spare_booths_to_one_and_the_group_to_an_exact_fit():
    """Row of nine, 4 taken: 1-3 would leave one single booth, 5-9 leaves two or more: 5-6. Row of seven, 3 and 6
    taken: 1-2 fits exactly but 4-5 touches the group's booth 6. An exact fit touching the group ends the search."""
    blocks = ZoneBlocks(_row(9), _line(range(1, 10)))
    blocks.take([4])
    assert _ids(blocks.straight(2, set())) == [5, 6]
    blocks = ZoneBlocks(_row(7), _line(range(1, 8)))
    blocks.take([3, 6])
    assert _ids(blocks.straight(2, set(), beside={6})) == [4, 5] and _ids(blocks.straight(2, set())) == [1, 2]
    blocks = ZoneBlocks(_row(4), _line(range(1, 5)))
    blocks.take([3])
    assert _ids(blocks.straight(2, set(), beside={3})) == [1, 2]


def test_releasing_and_unkeeping_free_exactly_their_own_booths():
    """Row of four, 1 and 2 taken, 1 released: no run of two at 1-2; a kept booth unkept while 2 is taken frees
    only itself; a booth unkept before it is released comes back to the clear runs."""
    blocks = ZoneBlocks(_row(4), _line(range(1, 5)))
    blocks.take([1, 2])
    blocks.release([1])
    assert _ids(blocks.straight(2, set())) == [3, 4] and _ids(blocks.straight(2, set(), clear=True)) == [3, 4]
    blocks = ZoneBlocks(_row(4), _line(range(1, 5)))
    blocks.take([2])
    blocks.keep(1)
    blocks.unkeep(1)
    assert _ids(blocks.straight(2, set(), clear=True)) == [3, 4]
    blocks = ZoneBlocks(_row(4), _line(range(1, 5)))
    blocks.keep(1)
    blocks.take([1])
    blocks.unkeep(1)
    blocks.release([1])
    assert _ids(blocks.straight(2, set(), clear=True)) == [1, 2]


def test_around_skips_runs_through_forbidden_booths_and_grows_an_exact_piece():
    """Row of six: around 3 the run 3-4 strands nobody (2-3 would strand 1), whatever unrelated booth is
    forbidden; a free piece of exactly the size asked is grown whole."""
    blocks = ZoneBlocks(_row(6), _line(range(1, 7)))
    assert _ids(blocks.around(3, 2, {6})) == [3, 4]
    slots, neighbours = _grid(2, 4)
    blocks = ZoneBlocks(slots, neighbours)
    blocks.take([2, 3, 4, 6, 7, 8])
    assert _ids(blocks.around(1, 2, set())) == [1, 5]


def test_largest_pieces_of_full_islands_and_their_counts():
    """Three islands of two booths: three pieces of two; one booth taken: two left of two; an island with no
    free booth has a largest piece of 0. Past the end of the line a stretch is empty."""
    slots = [Slot(i, f"A-{i}", 1, 1, (i - 1) * 300 + (i - 1) // 2 * 3000, 0) for i in range(1, 7)]
    blocks = ZoneBlocks(slots, _line([1, 2]) | _line([3, 4]) | _line([5, 6]))
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
    neighbours = {1: {2, 3}, 2: {1, 4}, 3: {1, 4}, 4: {2, 3}} | _line([5, 6, 7, 8])
    assert _ids(ZoneBlocks(slots, neighbours).shaped(4, set())) == [1, 2, 4, 3]


def test_rebalance_weighs_the_gap_before_and_after_of_both_groups():
    """Huế three below; Hà Nội five over, Cần Thơ two over: taking Cần Thơ's block leaves the worst gap at 2,
    Hà Nội's at 4 (still below its 5 before): Cần Thơ's is tried first, then Hà Nội's."""
    requests = [Request(1, 1, "VN", "Huế"), Request(2, 1, "VN", "Hà Nội"), Request(3, 1, "VN", "Cần Thơ")]
    plan = _Plan(requests, {2: [10], 3: [11]}, {1: "over_fair_share"}, {1: (1,), 2: (1,), 3: (1,)},
                 {((1,), HUE): 3}, {((1,), HANOI): 5, ((1,), "VN:Cần Thơ"): 2})
    assert plan.run(lambda request: False) == [("evict", 3), ("restore", 3), ("evict", 2), ("restore", 2)]


def test_rows_are_laid_by_place_not_by_id_and_alternate_over_four_rows():
    """A wide island whose ids run against x, a tall one whose ids run against y: the line follows the hall.
    Four rows of five: left to right, back, again, back; rows numbered 0 to 3."""
    wide = [Slot(3, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 300, 0), Slot(1, "c", 1, 1, 600, 0)]
    assert [s and s.id for s in ZoneBlocks(wide, _line([3, 2, 1])).line] == [3, 2, 1, None]
    tall = [Slot(3, "a", 1, 1, 0, 0), Slot(2, "b", 1, 1, 0, 300), Slot(1, "c", 1, 1, 0, 600)]
    assert [s and s.id for s in ZoneBlocks(tall, _line([3, 2, 1])).line] == [3, 2, 1, None]
    assert _wide([Slot(1, "a", 1, 1, 3000, 0), Slot(2, "b", 1, 1, 3000, 600)]) is False
    blocks = ZoneBlocks(*_grid(4, 5))
    assert [s and s.id for s in blocks.line] == [1, 2, 3, 4, 5, None, 10, 9, 8, 7, 6, None, 11, 12, 13, 14, 15, None,
                                                 20, 19, 18, 17, 16, None]
    assert [blocks.row_of[b] for b in (1, 6, 11, 16)] == [0, 1, 2, 3]


def test_grow_takes_the_nearest_booths_from_where_it_starts():
    """From the centre of a 3 × 3 island through {5, 2, 1, 8}: 2 and 8 are 3 m away, 1 is 6 m: 5, 2, 8."""
    blocks = ZoneBlocks(*_grid(3, 3))
    assert blocks._grow(5, 3, {5, 2, 1, 8}) == {5, 2, 8}
    assert blocks._grow(9, 3, {9, 6, 3, 5}) == {9, 6, 3}


def test_a_release_updates_the_count_of_largest_pieces():
    """Four islands of two, one booth taken in each of three: three pieces of one; one booth back: two."""
    slots = [Slot(i, f"A-{i}", 1, 1, (i - 1) * 300 + (i - 1) // 2 * 3000, 0) for i in range(1, 9)]
    blocks = ZoneBlocks(slots, _line([1, 2]) | _line([3, 4]) | _line([5, 6]) | _line([7, 8]))
    blocks.take([1, 3, 5])
    assert blocks.has_room(2) and blocks.largest_count[1] == 3
    blocks.release([1])
    assert blocks.largest_count[1] == 2 and blocks.has_room(2) and blocks.largest_count[2] == 2


def _facts(result) -> dict:
    return {i: (e.outcome, e.zone_id, e.zone_rank, e.share, e.demand, e.granted)
            for i, e in result.explanations.items()}


def test_leftover_booths_and_repacking_on_two_rows_of_three():
    """Huế's tier-1 pair (1) waits after the first pass; the free booths are joined by re-packing: 1 is placed
    across the rows (3 and 6). Huế's block of three (4) still waits: no contiguous block, 4 of its share of 4."""
    requests = [Request(1, 2, "VN", "Huế", tier=1, order=1), Request(2, 2, "VN", "Huế", tier=0, order=2),
                Request(3, 2, "VN", "Hà Nội", tier=0, order=3), Request(4, 3, "VN", "Huế", tier=0, order=4)]
    slots, neighbours = _grid(2, 3)
    result = allocate(slots, DOMESTIC, neighbours, requests)
    assert result.assignments == {2: [1, 2], 3: [4, 5], 1: [3, 6]} and result.waitlist == {4: "no_contiguous_block"}
    assert _facts(result) == {2: ("zone", 1, 0, 4, 5, None), 3: ("leftover", 1, 0, 2, 2, None),
                              1: ("repacked", 1, 0, 1, 2, None), 4: ("waitlisted", 1, None, 4, 5, 4)}
    on_a_row = allocate(_row(6), DOMESTIC, _line(range(1, 7)), requests)
    assert on_a_row.assignments == {2: [5, 6], 3: [1, 2], 1: [3, 4]}
    assert _facts(on_a_row)[1] == ("leftover", 1, 0, 1, 2, None)


def test_a_block_repacked_on_a_row_and_the_reasons_of_those_left():
    """Row of six: Hà Nội's three (tier 0) first, Cần Thơ's three re-packed in; Hà Nội's single booths wait."""
    requests = [Request(1, 1, "VN", "Hà Nội", tier=1, order=1), Request(2, 3, "VN", "Cần Thơ", tier=1, order=2),
                Request(3, 1, "VN", "Hà Nội", tier=0, order=3), Request(4, 3, "VN", "Hà Nội", tier=0, order=4)]
    result = allocate(_row(6), DOMESTIC, _line(range(1, 7)), requests)
    assert result.assignments == {4: [1, 2, 3], 2: [4, 5, 6]}
    assert result.waitlist == {1: "no_contiguous_block", 3: "no_contiguous_block"}
    assert [(result.explanations[i].outcome, result.explanations[i].reason, result.explanations[i].granted)
            for i in (1, 2, 3, 4)] == [("waitlisted", "no_contiguous_block", 3), ("repacked", None, None),
                                       ("waitlisted", "no_contiguous_block", 3), ("zone", None, None)]
    assert result.explanations[2].share == 2 and result.explanations[2].demand == 3
    assert result.explanations[1].group == "VN:Hà Nội" and result.explanations[1].zone_id == 1


def test_missed_preferences_and_chosen_zones_are_explained():
    """A request naming its zone and preferring an unknown booth and one held before the run: both reported
    missed, in order, with the zone marked as chosen; a booth it got is not reported."""
    slots = _row(4, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    request = Request(1, 1, "VN", "Huế", zones=(1,), preferred=("Z-9", "A-1", "A-3"))
    result = allocate(slots, DOMESTIC, _line(range(1, 5)), [request, Request(2, 1, "VN", "Huế", order=1)])
    assert result.assignments[1] == [3] and result.explanations[1].outcome == "preferred"
    assert result.explanations[1].missed == (("Z-9", "blocked"), ("A-1", "taken_before_run"))
    assert result.explanations[1].chose_zones is True and result.explanations[2].chose_zones is False


def test_the_default_seed_is_zero():
    """Four equal requests for two booths: the default draw is seed 0's (3 and 4), not seed 1's (1 and 4)."""
    requests = [Request(i, 1, "VN", "Huế") for i in range(1, 5)]
    plan = allocate(_row(2), DOMESTIC, _line([1, 2]), requests)
    assert sorted(plan.assignments) == [3, 4]
    assert sorted(allocate(_row(2), DOMESTIC, _line([1, 2]), requests, seed=1).assignments) == [1, 4]


def test_a_shape_other_than_a_row_when_no_run_fits():
    """Three booths on a 2 × 2 island: an L, found as a zone block."""
    slots, neighbours = _grid(2, 2)
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 3, "VN", "Huế")])
    assert result.assignments == {1: [1, 2, 3]} and result.explanations[1].outcome == "zone"


def test_a_waitlisted_asker_lets_its_preferred_booth_go():
    """Huế asks four booths of three and prefers A-1: it waits, and A-1 is free again for Hà Nội's single
    booth, which then takes the first booth of the row (not 2, as it would while A-1 was kept)."""
    result = allocate(_row(3), DOMESTIC, _line(range(1, 4)),
                      [Request(1, 4, "VN", "Huế", preferred=("A-1",)), Request(2, 1, "VN", "Hà Nội")])
    assert result.assignments == {2: [1]} and result.waitlist == {1: "no_contiguous_block"}


def test_granted_booths_and_shares_add_up():
    """Three Huế requests on two booths: the third waits over its share, its group granted 2. Two tiers on the
    same pool add their shares (1 + 1)."""
    result = allocate(_row(2), DOMESTIC, _line([1, 2]), [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2, 3)])
    assert result.assignments == {1: [1], 2: [2]} and result.waitlist == {3: "over_fair_share"}
    assert result.explanations[3].granted == 2 and result.shares == {((1,), "VN:Huế"): 2}
    tiers = allocate(_row(3), DOMESTIC, _line([1, 2, 3]), [Request(1, 1, "VN", "Huế", tier=0),
                                                          Request(2, 1, "VN", "Huế", tier=1, order=1)])
    assert tiers.assignments == {1: [1], 2: [2]} and tiers.shares == {((1,), "VN:Huế"): 2}


def test_the_larger_group_goes_first_and_a_group_stops_at_its_first_pass_limit():
    """Hà Nội asks two, Huế one: Hà Nội first takes 1-2 (alphabetically Huế would come first). Three Huế singles
    and one Hà Nội on three booths: Huế stops at its share of 2 and Hà Nội gets the third booth."""
    result = allocate(_row(3), DOMESTIC, _line([1, 2, 3]), [Request(1, 1, "VN", "Huế", order=1),
                                                           Request(2, 2, "VN", "Hà Nội", order=2)])
    assert result.assignments == {2: [1, 2], 1: [3]}
    result = allocate(_row(3), DOMESTIC, _line([1, 2, 3]), [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2, 3)]
                      + [Request(4, 1, "VN", "Hà Nội", order=4)])
    assert result.assignments == {1: [1], 2: [2], 4: [3]} and result.waitlist == {3: "over_fair_share"}
    assert result.shares == {((1,), "VN:Huế"): 2, ((1,), "VN:Hà Nội"): 1}


def test_every_request_a_pavilion_cannot_hold_moves_on():
    """A one-booth pavilion and three Huế requests: the second and the third both move to the domestic pool."""
    zones = [ZoneInfo(1, "domestic"), ZoneInfo(2, "pavilion", province="Huế")]
    slots = _row(4) + [Slot(10, "P-1", 1, 2, 0, 2000)]
    requests = [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2, 3)] + [Request(4, 1, "VN", "Hà Nội", order=4)]
    result = allocate(slots, zones, _line(range(1, 5)) | {10: set()}, requests)
    assert result.assignments == {1: [10], 2: [4], 3: [1], 4: [2]} and result.waitlist == {}
    assert result.pools == {1: (2,), 2: (1,), 3: (1,), 4: (1,)}


def test_booths_without_listed_neighbours_and_wished_neighbours_not_placed():
    """A competitor's held booth with no neighbours listed rules nothing out; a wished neighbour never placed, or
    one whose booth has no neighbours listed, is skipped."""
    slots = _row(4, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    result = allocate(slots, DOMESTIC, _line([2, 3, 4]), [Request(1, 1, "VN", "Huế", avoid=(99,), near=(7,)),
                                                         Request(2, 1, "VN", "Huế", order=1, near=(99,))])
    assert result.assignments == {1: [2], 2: [3]} and result.waitlist == {}


def test_a_preferred_booth_taken_earlier_in_the_run_is_explained():
    """Both prefer A-2; the earlier gets it, the later is told it was taken by an earlier applicant."""
    result = allocate(_row(4), DOMESTIC, _line(range(1, 5)),
                      [Request(1, 1, "VN", "Huế", order=1, preferred=("A-2",)),
                       Request(2, 1, "VN", "Huế", order=2, preferred=("A-2", "A-3"))])
    assert result.assignments == {1: [2], 2: [3]} and result.explanations[2].missed == (("A-2", "taken_earlier"),)
