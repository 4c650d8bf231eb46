"""The allocation engine keeps every hard rule on random layouts, shares fairly, and is deterministic."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booths.allocation.apportionment import apportion
from booths.allocation.engine import Request, Slot, ZoneInfo
from booths.layout.geometry import Rect, neighbour_pairs
from booths.layout.grid import GridSpec, generate_grid
from tests.allocation_checks import assert_allocation_valid
from tests.allocation_checks import checked_allocate as allocate


def test_apportion_is_largest_remainder():
    """Whole quotas are kept; the extra seats go to the largest remainders."""
    shares = apportion(10, {"A": 50, "B": 30, "C": 20})
    assert shares == {"A": 5, "B": 3, "C": 2}
    shares = apportion(7, {"A": 5, "B": 3, "C": 2})
    assert sum(shares.values()) == 7
    assert shares == {"A": 4, "B": 2, "C": 1}  # quotas 3.5, 2.1, 1.4: the .5 remainder wins the extra seat


def test_apportion_never_gives_more_than_asked_and_gives_all_when_enough():
    """With spare seats everyone gets their demand; shares never exceed demand."""
    assert apportion(100, {"A": 3, "B": 4}) == {"A": 3, "B": 4}
    shares = apportion(5, {"A": 1, "B": 40})
    assert shares["A"] <= 1 and sum(shares.values()) == 5


def _layout(rng: random.Random, halls: int = 2):
    slots, zones, rects = [], [], []
    zone_id = 1
    next_id = 1
    for hall in range(1, halls + 1):
        for block, kind in enumerate(("domestic", "international")):
            zones.append(ZoneInfo(zone_id, kind))
            spec = GridSpec(prefix=f"H{hall}{kind[0]}-", rows=rng.choice([2, 4]), columns=rng.choice([6, 8, 10]),
                            booth_width=300, booth_depth=300, aisle_every=rng.choice([3, 4, 5]), aisle_width=300,
                            origin_y=block * 2000)
            for booth in generate_grid(spec):
                blocked = rng.random() < 0.05
                slots.append(Slot(next_id, booth.code, hall, zone_id, booth.x, booth.y, blocked=blocked))
                rects.append(Rect(next_id, booth.x + hall * 100000, booth.y, booth.width, booth.depth))
                next_id += 1
            zone_id += 1
    neighbours: dict[int, set[int]] = {}
    for a, b in neighbour_pairs(rects):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return slots, zones, neighbours


def _requests(rng: random.Random, count: int) -> list[Request]:
    provinces = ["Hà Nội", "Bắc Ninh", "Huế", "Cần Thơ", "Đà Nẵng"]
    requests = []
    for number in range(1, count + 1):
        foreign = rng.random() < 0.2
        requests.append(Request(id=number, booths=rng.choice([1, 1, 1, 2, 2, 3, 4]),
                                country=rng.choice(["JP", "KR"]) if foreign else "VN",
                                province=None if foreign else rng.choice(provinces),
                                tier=rng.choice([0, 1, 1]), order=number))
    for request_id in range(1, count, 7):  # some competitor pairs
        requests[request_id - 1] = Request(**{**requests[request_id - 1].__dict__, "avoid": (request_id + 1,)})
    return requests


def _assert_hard_rules(slots, zones, neighbours, requests, result):
    """Every invariant (tests/allocation_checks.py, which `allocate` here already runs) and one hall per block."""
    assert_allocation_valid(slots, zones, neighbours, requests, result)
    by_id = {slot.id: slot for slot in slots}
    assert all(len({by_id[b].hall_id for b in booths}) == 1 for booths in result.assignments.values())


@pytest.mark.parametrize("seed", range(25))
def test_hard_rules_hold_on_random_layouts(seed):
    """One exhibitor per booth; one contiguous block in one hall and one eligible zone; no competitors side by side."""
    rng = random.Random(seed)
    slots, zones, neighbours = _layout(rng)
    requests = _requests(rng, rng.randrange(20, 60))
    _assert_hard_rules(slots, zones, neighbours, requests, allocate(slots, zones, neighbours, requests, seed=seed))


@settings(max_examples=60, deadline=None)
@given(layout_seed=st.integers(0, 10**9), halls=st.integers(1, 3), count=st.integers(1, 80),
       taken=st.floats(0, 0.2), preferring=st.floats(0, 0.5), pavilion=st.booleans())
def test_hard_rules_hold_for_any_layout_hypothesis(layout_seed, halls, count, taken, preferring, pavilion):
    """Property: whatever the layout, demand, locked booths, preferences and pavilions, no hard rule breaks."""
    rng = random.Random(layout_seed)
    slots, zones, neighbours = _layout(rng, halls=halls)
    if pavilion:  # turn the first hall's domestic zone into Huế's pavilion
        zones[0] = ZoneInfo(zones[0].id, "pavilion", province="Huế")
    slots = [Slot(**{**slot.__dict__, "taken_by": 10_000 + slot.id}) if rng.random() < taken and not slot.blocked
             else slot for slot in slots]
    requests = _requests(rng, count)
    codes = [slot.code for slot in slots]
    requests = [Request(**{**r.__dict__, "preferred": (rng.choice(codes),)}) if rng.random() < preferring else r
                for r in requests]
    _assert_hard_rules(slots, zones, neighbours, requests,
                       allocate(slots, zones, neighbours, requests, seed=layout_seed))


def test_the_same_seed_gives_the_same_result():
    """Determinism: identical inputs and seed, identical allocation."""
    rng = random.Random(7)
    slots, zones, neighbours = _layout(rng)
    requests = _requests(rng, 50)
    first = allocate(slots, zones, neighbours, requests, seed=3)
    second = allocate(slots, zones, neighbours, requests, seed=3)
    assert first.assignments == second.assignments and first.waitlist == second.waitlist


def _one_row(booths: int):
    slots = [Slot(i, f"A-{i}", 1, 1, (i - 1) * 300, 0) for i in range(1, booths + 1)]
    neighbours = {i: {j for j in (i - 1, i + 1) if 1 <= j <= booths} for i in range(1, booths + 1)}
    return slots, [ZoneInfo(1, "domestic")], neighbours


def test_higher_tiers_are_served_first_when_the_zone_is_full():
    """Four booths, a tier-1 request submitted first and a tier-0 one later: the tier-0 one is placed."""
    slots, zones, neighbours = _one_row(4)
    early = Request(1, 4, "VN", "Hà Nội", tier=1, order=1)
    supported = Request(2, 4, "VN", "Huế", tier=0, order=2)
    result = allocate(slots, zones, neighbours, [early, supported])
    assert 2 in result.assignments and 1 in result.waitlist


def test_provinces_share_an_oversubscribed_zone_by_demand():
    """Demand 12 from Hà Nội and 8 from Huế for 10 booths: 6 and 4 (one-booth requests)."""
    slots, zones, neighbours = _one_row(10)
    requests = [Request(i, 1, "VN", "Hà Nội", order=i) for i in range(1, 13)]
    requests += [Request(100 + i, 1, "VN", "Huế", order=100 + i) for i in range(1, 9)]
    result = allocate(slots, zones, neighbours, requests)
    granted = {"Hà Nội": 0, "Huế": 0}
    for request in requests:
        if request.id in result.assignments:
            granted[request.province] += 1
    assert granted == {"Hà Nội": 6, "Huế": 4}


def test_a_preferred_free_booth_is_honoured():
    """A request naming A-7 gets A-7."""
    slots, zones, neighbours = _one_row(10)
    result = allocate(slots, zones, neighbours, [Request(1, 1, "VN", "Hà Nội", preferred=("A-7",))])
    assert result.assignments[1] == [7] and result.explanations[1].outcome == "preferred"


def test_taken_and_blocked_booths_are_left_alone():
    """A locked manual assignment and a blocked booth are never reused."""
    slots, zones, neighbours = _one_row(3)
    slots[0] = Slot(1, "A-1", 1, 1, 0, 0, taken_by=99)
    slots[1] = Slot(2, "A-2", 1, 1, 300, 0, blocked=True)
    result = allocate(slots, zones, neighbours, [Request(1, 1, "VN", "Hà Nội"), Request(2, 1, "VN", "Huế")])
    assert sorted(b for booths in result.assignments.values() for b in booths) == [3]


def test_metrics_report_share_deviation_and_group_compactness():
    """Shares are met exactly on a simple row, and the compactness is a distance in metres."""
    slots, zones, neighbours = _one_row(10)
    requests = [Request(i, 1, "VN", "Hà Nội", order=i) for i in range(1, 13)]
    requests += [Request(100 + i, 1, "VN", "Huế", order=100 + i) for i in range(1, 9)]
    metrics = allocate(slots, zones, neighbours, requests).metrics
    assert metrics["worst_share_deviation"] == 0
    assert 0 < metrics["group_compactness_m"] < 30


@pytest.mark.parametrize(("pavilion_id", "domestic_id"), [(1, 2), (2, 1)])
def test_a_pavilion_overflow_joins_the_general_zone_with_a_share(pavilion_id, domestic_id):
    """Huế's pavilion holds 2 booths; its other requests compete in the domestic zone by share with Hà Nội,
    whatever the zones' ids (the pavilion is served first)."""
    slots = [Slot(i, f"P-{i}", 1, pavilion_id, (i - 1) * 300, 0) for i in (1, 2)]
    slots += [Slot(i, f"D-{i}", 1, domestic_id, (i - 1) * 300, 5000) for i in range(3, 13)]
    neighbours = {i: {j for j in (i - 1, i + 1) if (j in (1, 2)) == (i in (1, 2)) and 1 <= j <= 12}
                  for i in range(1, 13)}
    zones = [ZoneInfo(pavilion_id, "pavilion", province="Huế"), ZoneInfo(domestic_id, "domestic")]
    requests = [Request(i, 1, "VN", "Huế", order=i) for i in range(1, 7)]
    requests += [Request(100 + i, 1, "VN", "Hà Nội", order=100 + i) for i in range(1, 16)]
    result = allocate(slots, zones, neighbours, requests)
    zone_of = {slot.id: slot.zone_id for slot in slots}
    hue = [zone_of[result.assignments[r.id][0]] for r in requests[:6] if r.id in result.assignments]
    assert hue.count(pavilion_id) == 2                     # the pavilion is full of Huế
    # Domestic: 10 booths for a demand of 4 (Huế) + 15 (Hà Nội): quotas 2.1 and 7.9, so 2 and 8.
    assert hue.count(domestic_id) == 2
    assert sum(1 for r in requests[6:] if r.id in result.assignments) == 8
    assert result.metrics["worst_share_deviation"] == 0


def test_explanations_name_the_zone_rank_and_why_a_preferred_booth_was_missed():
    """A tier-1 request preferring A-2 loses it to a tier-0 request that asked for it too."""
    slots, zones, neighbours = _one_row(4)
    supported = Request(1, 1, "VN", "Huế", tier=0, order=2, preferred=("A-2",))
    late = Request(2, 1, "VN", "Huế", tier=1, order=1, preferred=("A-2",))
    result = allocate(slots, zones, neighbours, [supported, late])
    assert result.explanations[1].outcome == "preferred" and result.explanations[1].missed == ()
    assert result.explanations[2].outcome == "zone" and result.explanations[2].zone_rank == 0
    assert result.explanations[2].missed == (("A-2", "taken_by_higher_priority"),)
    assert result.explanations[2].group == "VN:Huế"


def test_progress_is_reported_up_to_one():
    """The progress callback sees fractions that never go down and end at 1."""
    rng = random.Random(3)
    slots, zones, neighbours = _layout(rng, halls=3)
    requests = _requests(rng, 1200)
    seen = []
    allocate(slots, zones, neighbours, requests, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3


def test_a_wished_neighbour_already_placed_gets_the_booth_beside_it():
    """B wishes to be beside A, who prefers A-6: B gets A-5 or A-7, not the first free booth A-1."""
    slots, zones, neighbours = _one_row(10)
    first = Request(1, 1, "VN", "Huế", order=1, preferred=("A-6",))
    friend = Request(2, 1, "VN", "Huế", order=2, near=(1,))
    result = allocate(slots, zones, neighbours, [first, friend])
    assert result.assignments[1] == [6]
    assert result.assignments[2][0] in (5, 7) and result.explanations[2].outcome == "near"
    assert result.metrics["neighbour_wish_hit_rate"] == 1.0
