"""What becomes of the waiting requests (waitlist.py), with stand-ins for the engine's callbacks: the order of
leftovers, rebalance's rules, and the reason true of the final plan. Fast enough to run once per mutant."""

from booths.allocation.inputs import Allocation, Request, ZoneInfo, origin_of
from booths.allocation.waitlist import leftovers, rebalance, true_reason


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


def test_rebalance_weighs_the_gap_before_and_after_of_both_groups():
    """Huế three below; Hà Nội five over, Cần Thơ two over: taking Cần Thơ's block leaves the worst gap at 2,
    Hà Nội's at 4 (still below its 5 before): Cần Thơ's is tried first, then Hà Nội's."""
    requests = [Request(1, 1, "VN", "Huế"), Request(2, 1, "VN", "Hà Nội"), Request(3, 1, "VN", "Cần Thơ")]
    plan = _Plan(requests, {2: [10], 3: [11]}, {1: "over_fair_share"}, {1: (1,), 2: (1,), 3: (1,)},
                 {((1,), HUE): 3}, {((1,), HANOI): 5, ((1,), "VN:Cần Thơ"): 2})
    assert plan.run(lambda request: False) == [("evict", 3), ("restore", 3), ("evict", 2), ("restore", 2)]

