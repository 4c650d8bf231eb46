"""`allocate` end to end on small hand-built fairs with exact outcomes (issue 24).

The order of requests, the owner map of booths held before the run, a request moving from its pavilion to its
general pool, placing and waitlisting, re-packing and leftovers, the explanations, each against a plan worked out
by hand, with the shared invariant checker after every allocation. Fast enough to run once per mutant
(bench/mutation.py); zone_blocks.py and waitlist.py have their own focused files beside it.
"""

from booths.allocation.engine import Request, Slot, ZoneInfo
from tests.allocation_checks import checked_allocate as allocate
from tests.allocation_fairs import grid, line, row

DOMESTIC = [ZoneInfo(1, "domestic")]


def test_a_competitor_is_never_placed_beside_a_booth_held_before_the_run():
    """Booth 1 is held (locked or manual) by 99: its competitor may not have booth 2, named either way."""
    slots = row(5, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    assert allocate(slots, DOMESTIC, line(range(1, 6)), [Request(1, 1, "VN", "Huế")]).assignments == {1: [5]}
    named = allocate(slots, DOMESTIC, line(range(1, 6)), [Request(1, 1, "VN", "Huế", avoid=(99,))])
    assert named.assignments == {1: [3]}
    given = allocate(slots, DOMESTIC, line(range(1, 6)), [Request(1, 1, "VN", "Huế")], competitors=[(99, 1)])
    assert given.assignments == {1: [3]} and given.metrics["competitor_adjacencies"] == 0
    tight = allocate(row(2, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)}), DOMESTIC, line([1, 2]),
                     [Request(1, 1, "VN", "Huế", avoid=(99,))])
    assert tight.assignments == {} and tight.waitlist == {1: "competitor_beside"}
    assert tight.explanations[1].competitors == (99,)


def test_a_held_booth_is_never_given_again_and_a_self_pair_is_no_competitor():
    """Booths held before the run stay with their holders; a request naming itself as competitor is placed."""
    slots = row(3, {2: Slot(2, "A-2", 1, 1, 300, 0, taken_by=99)})
    result = allocate(slots, DOMESTIC, line(range(1, 4)), [Request(1, 1, "VN", "Huế", avoid=(1,)),
                                                           Request(2, 1, "VN", "Huế", order=1)])
    assert result.assignments == {1: [1], 2: [3]} and result.waitlist == {}


def test_competitors_placed_in_this_run_keep_apart():
    """Two competitors on a row of three: the second placed leaves a booth between them."""
    result = allocate(row(3), DOMESTIC, line(range(1, 4)),
                      [Request(1, 1, "VN", "Huế", order=1), Request(2, 1, "VN", "Hà Nội", order=2, avoid=(1,))])
    placed = sorted(b for booths in result.assignments.values() for b in booths)
    assert placed == [1, 3] and result.waitlist == {}


def test_the_earlier_order_and_the_higher_tier_win_the_last_booth():
    """One booth: within a tier the earlier order gets it; a lower tier number beats any order."""
    first = allocate(row(1), DOMESTIC, line([1]), [Request(1, 1, "VN", "Huế", order=2),
                                                    Request(2, 1, "VN", "Huế", order=1)])
    assert first.assignments == {2: [1]} and first.waitlist == {1: "over_fair_share"}
    tier = allocate(row(1), DOMESTIC, line([1]), [Request(1, 1, "VN", "Huế", tier=1, order=1),
                                                   Request(2, 1, "VN", "Huế", tier=0, order=5)])
    assert tier.assignments == {2: [1]} and tier.waitlist == {1: "over_fair_share"}
    assert (tier.explanations[1].granted, tier.explanations[1].share, tier.explanations[1].demand) == (1, 0, 1)


def test_what_a_pavilion_cannot_hold_moves_to_the_general_pool_once():
    """Huế's pavilion has one booth: the first Huế request takes it, the second moves to the domestic pool,
    where Huế gets a share beside Hà Nội; nobody is both placed and waitlisted."""
    zones = [ZoneInfo(1, "domestic"), ZoneInfo(2, "pavilion", province="Huế")]
    slots = row(3) + [Slot(10, "P-1", 1, 2, 0, 2000)]
    neighbours = line(range(1, 4)) | {10: set()}
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
    result = allocate(row(4, {4: Slot(4, "A-4", 1, 1, 900, 0, blocked=True)}), DOMESTIC, line(range(1, 5)), requests)
    assert result.waitlist == {1: "no_eligible_zone", 2: "no_contiguous_block"}
    assert result.assignments == {3: [1]}
    assert result.explanations[1].outcome == "waitlisted" and 1 not in result.pools


def test_preferred_and_near_and_leftover_outcomes():
    """A preferred booth is kept for its asker even when asked later; a wished neighbour gets the booth beside."""
    requests = [Request(1, 1, "VN", "Huế", order=1), Request(2, 1, "VN", "Huế", order=2, preferred=("A-1",)),
                Request(3, 1, "VN", "Hà Nội", order=3, near=(1,))]
    result = allocate(row(6), DOMESTIC, line(range(1, 7)), requests)
    assert result.assignments[2] == [1] and result.explanations[2].outcome == "preferred"
    assert result.assignments[1] == [2] and result.explanations[1].outcome == "zone"
    assert result.assignments[3] == [3] and result.explanations[3].outcome == "near"
    assert result.explanations[2].missed == () and result.metrics["preference_hit_rate"] == 1.0


def test_the_same_seed_gives_the_same_plan_and_progress_ends_at_one():
    """Equal tier and order are ordered by the seeded draw; progress is reported and ends at 1."""
    requests = [Request(i, 1, "VN", "Huế") for i in range(1, 5)]
    seen: list[float] = []
    one = allocate(row(2), DOMESTIC, line([1, 2]), requests, seed=3, progress=seen.append)
    two = allocate(row(2), DOMESTIC, line([1, 2]), requests, seed=3)
    assert one.assignments == two.assignments and len(one.assignments) == 2 and seen == [1.0]
    orders = {tuple(sorted(allocate(row(2), DOMESTIC, line([1, 2]), requests, seed=s).assignments))
              for s in range(8)}
    assert len(orders) > 1  # the draw, not the id, breaks the tie


def test_progress_is_reported_every_500_decisions():
    """1,000 one-booth requests on one booth: reported at 500 and 1,000 decided, then 1."""
    seen: list[float] = []
    requests = [Request(i, 1, "VN", "Huế", order=i) for i in range(1, 1001)]
    allocate(row(1), DOMESTIC, line([1]), requests, progress=seen.append)
    assert seen == [0.5, 1.0]


def _facts(result) -> dict:
    return {i: (e.outcome, e.zone_id, e.zone_rank, e.share, e.demand, e.granted)
            for i, e in result.explanations.items()}


def test_leftover_booths_and_repacking_on_two_rows_of_three():
    """Huế's tier-1 pair (1) waits after the first pass; the free booths are joined by re-packing: 1 is placed
    across the rows (3 and 6). Huế's block of three (4) still waits: no contiguous block, 4 of its share of 4."""
    requests = [Request(1, 2, "VN", "Huế", tier=1, order=1), Request(2, 2, "VN", "Huế", tier=0, order=2),
                Request(3, 2, "VN", "Hà Nội", tier=0, order=3), Request(4, 3, "VN", "Huế", tier=0, order=4)]
    slots, neighbours = grid(2, 3)
    result = allocate(slots, DOMESTIC, neighbours, requests)
    assert result.assignments == {2: [1, 2], 3: [4, 5], 1: [3, 6]} and result.waitlist == {4: "no_contiguous_block"}
    assert _facts(result) == {2: ("zone", 1, 0, 4, 5, None), 3: ("leftover", 1, 0, 2, 2, None),
                              1: ("repacked", 1, 0, 1, 2, None), 4: ("waitlisted", 1, None, 4, 5, 4)}
    on_a_row = allocate(row(6), DOMESTIC, line(range(1, 7)), requests)
    assert on_a_row.assignments == {2: [5, 6], 3: [1, 2], 1: [3, 4]}
    assert _facts(on_a_row)[1] == ("leftover", 1, 0, 1, 2, None)


def test_a_block_repacked_on_a_row_and_the_reasons_of_those_left():
    """Row of six: Hà Nội's three (tier 0) first, Cần Thơ's three re-packed in; Hà Nội's single booths wait."""
    requests = [Request(1, 1, "VN", "Hà Nội", tier=1, order=1), Request(2, 3, "VN", "Cần Thơ", tier=1, order=2),
                Request(3, 1, "VN", "Hà Nội", tier=0, order=3), Request(4, 3, "VN", "Hà Nội", tier=0, order=4)]
    result = allocate(row(6), DOMESTIC, line(range(1, 7)), requests)
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
    slots = row(4, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    request = Request(1, 1, "VN", "Huế", zones=(1,), preferred=("Z-9", "A-1", "A-3"))
    result = allocate(slots, DOMESTIC, line(range(1, 5)), [request, Request(2, 1, "VN", "Huế", order=1)])
    assert result.assignments[1] == [3] and result.explanations[1].outcome == "preferred"
    assert result.explanations[1].missed == (("Z-9", "blocked"), ("A-1", "taken_before_run"))
    assert result.explanations[1].chose_zones is True and result.explanations[2].chose_zones is False


def test_the_default_seed_is_zero():
    """Four equal requests for two booths: the default draw is seed 0's (3 and 4), not seed 1's (1 and 4)."""
    requests = [Request(i, 1, "VN", "Huế") for i in range(1, 5)]
    plan = allocate(row(2), DOMESTIC, line([1, 2]), requests)
    assert sorted(plan.assignments) == [3, 4]
    assert sorted(allocate(row(2), DOMESTIC, line([1, 2]), requests, seed=1).assignments) == [1, 4]


def test_a_shape_other_than_a_row_when_no_run_fits():
    """Three booths on a 2 × 2 island: an L, found as a zone block."""
    slots, neighbours = grid(2, 2)
    result = allocate(slots, DOMESTIC, neighbours, [Request(1, 3, "VN", "Huế")])
    assert result.assignments == {1: [1, 2, 3]} and result.explanations[1].outcome == "zone"


def test_a_waitlisted_asker_lets_its_preferred_booth_go():
    """Huế asks four booths of three and prefers A-1: it waits, and A-1 is free again for Hà Nội's single
    booth, which then takes the first booth of the row (not 2, as it would while A-1 was kept)."""
    result = allocate(row(3), DOMESTIC, line(range(1, 4)),
                      [Request(1, 4, "VN", "Huế", preferred=("A-1",)), Request(2, 1, "VN", "Hà Nội")])
    assert result.assignments == {2: [1]} and result.waitlist == {1: "no_contiguous_block"}


def test_granted_booths_and_shares_add_up():
    """Three Huế requests on two booths: the third waits over its share, its group granted 2. Two tiers on the
    same pool add their shares (1 + 1)."""
    result = allocate(row(2), DOMESTIC, line([1, 2]), [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2, 3)])
    assert result.assignments == {1: [1], 2: [2]} and result.waitlist == {3: "over_fair_share"}
    assert result.explanations[3].granted == 2 and result.shares == {((1,), "VN:Huế"): 2}
    tiers = allocate(row(3), DOMESTIC, line([1, 2, 3]), [Request(1, 1, "VN", "Huế", tier=0),
                                                          Request(2, 1, "VN", "Huế", tier=1, order=1)])
    assert tiers.assignments == {1: [1], 2: [2]} and tiers.shares == {((1,), "VN:Huế"): 2}


def test_the_larger_group_goes_first_and_a_group_stops_at_its_first_pass_limit():
    """Hà Nội asks two, Huế one: Hà Nội first takes 1-2 (alphabetically Huế would come first). Three Huế singles
    and one Hà Nội on three booths: Huế stops at its share of 2 and Hà Nội gets the third booth."""
    result = allocate(row(3), DOMESTIC, line([1, 2, 3]), [Request(1, 1, "VN", "Huế", order=1),
                                                           Request(2, 2, "VN", "Hà Nội", order=2)])
    assert result.assignments == {2: [1, 2], 1: [3]}
    result = allocate(row(3), DOMESTIC, line([1, 2, 3]), [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2, 3)]
                      + [Request(4, 1, "VN", "Hà Nội", order=4)])
    assert result.assignments == {1: [1], 2: [2], 4: [3]} and result.waitlist == {3: "over_fair_share"}
    assert result.shares == {((1,), "VN:Huế"): 2, ((1,), "VN:Hà Nội"): 1}


def test_every_request_a_pavilion_cannot_hold_moves_on():
    """A one-booth pavilion and three Huế requests: the second and the third both move to the domestic pool."""
    zones = [ZoneInfo(1, "domestic"), ZoneInfo(2, "pavilion", province="Huế")]
    slots = row(4) + [Slot(10, "P-1", 1, 2, 0, 2000)]
    requests = [Request(i, 1, "VN", "Huế", order=i) for i in (1, 2, 3)] + [Request(4, 1, "VN", "Hà Nội", order=4)]
    result = allocate(slots, zones, line(range(1, 5)) | {10: set()}, requests)
    assert result.assignments == {1: [10], 2: [4], 3: [1], 4: [2]} and result.waitlist == {}
    assert result.pools == {1: (2,), 2: (1,), 3: (1,), 4: (1,)}


def test_booths_without_listed_neighbours_and_wished_neighbours_not_placed():
    """A competitor's held booth with no neighbours listed rules nothing out; a wished neighbour never placed, or
    one whose booth has no neighbours listed, is skipped."""
    slots = row(4, {1: Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)})
    result = allocate(slots, DOMESTIC, line([2, 3, 4]), [Request(1, 1, "VN", "Huế", avoid=(99,), near=(7,)),
                                                         Request(2, 1, "VN", "Huế", order=1, near=(99,))])
    assert result.assignments == {1: [2], 2: [3]} and result.waitlist == {}


def test_a_preferred_booth_taken_earlier_in_the_run_is_explained():
    """Both prefer A-2; the earlier gets it, the later is told it was taken by an earlier applicant."""
    result = allocate(row(4), DOMESTIC, line(range(1, 5)),
                      [Request(1, 1, "VN", "Huế", order=1, preferred=("A-2",)),
                       Request(2, 1, "VN", "Huế", order=2, preferred=("A-2", "A-3"))])
    assert result.assignments == {1: [2], 2: [3]} and result.explanations[2].missed == (("A-2", "taken_earlier"),)

