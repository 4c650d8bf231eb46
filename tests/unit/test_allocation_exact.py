"""The engine against the exact optimum (OR-Tools CP-SAT) on instances of at most 60 booths.

Stated margin: on every instance the engine reaches at least 90 % of the optimal score (booths
granted, a supported establishment's booth counting double), and at least 95 % on average.
Measured on these 30 instances: worst 90.0 %, mean 98.6 % (see BENCHMARKS.md; the worst one is a
zone where the engine keeps two single-booth applicants, earlier in order, that the optimum drops
for a three-booth one). The exact model keeps the same hard rules but may use any block shape and
ignores fair shares, so it bounds the engine from above. On the tight family (bench/exact_families.py,
100 % demand, a perfect packing known) the engine is held to 0.995 on average and 0.98 at worst.
"""

import statistics

import pytest

from bench.exact import connected_blocks, engine_ratio, score, small_instance, solve_exact
from bench.exact_families import make
from booths.allocation import engine
from booths.allocation.engine import Request, Slot, ZoneInfo, allocate

INSTANCES = range(30)


def test_instances_are_small_and_oversubscribed():
    """Each instance has at most 60 booths and asks for more than there are."""
    for seed in INSTANCES:
        slots, _zones, _neighbours, requests = small_instance(seed)
        assert len(slots) <= 60
        assert sum(r.booths for r in requests) > len(slots)


def test_the_engine_is_within_the_stated_margin_of_the_exact_optimum():
    """Worst instance at least 0.90 of the optimum, mean at least 0.95; CP-SAT proves every optimum."""
    results = [engine_ratio(seed) for seed in INSTANCES]
    assert all(proven for *_, proven in results)
    assert all(engine <= exact for _r, engine, exact, _p in results), "the exact solution is an upper bound"
    ratios = [ratio for ratio, *_ in results]
    assert min(ratios) >= 0.90, ratios
    assert statistics.mean(ratios) >= 0.95


def test_the_exact_model_obeys_the_hard_rules():
    """Competitors never share an edge, blocked booths stay empty, blocks are contiguous."""
    slots = [Slot(i, f"A-{i}", 1, 1, (i - 1) * 300, 0) for i in (1, 2, 3)]
    neighbours = {1: {2}, 2: {1, 3}, 3: {2}}
    zones = [ZoneInfo(1, "domestic")]
    pair = [Request(1, 1, "VN", "Huế", tier=1, avoid=(2,)), Request(2, 1, "VN", "Huế", tier=1)]
    assert solve_exact(slots, zones, neighbours, pair) == (2, True)
    two_booths = slots[:2]  # side by side: only one of the competitors can have a booth
    assert solve_exact(two_booths, zones, {1: {2}, 2: {1}}, pair) == (1, True)
    between = pair + [Request(3, 1, "VN", "Huế", tier=1)]  # a third exhibitor in the middle keeps them apart
    assert solve_exact(slots, zones, neighbours, between) == (3, True)
    blocked = [Slot(1, "A-1", 1, 1, 0, 0, blocked=True)] + slots[1:]
    assert solve_exact(blocked, zones, neighbours, [Request(1, 3, "VN", "Huế", tier=1)]) == (0, True)


@pytest.mark.parametrize(("size", "expected"), [(1, 4), (2, 4), (3, 4), (4, 1)])
def test_connected_blocks_of_a_square(size, expected):
    """On a 2 x 2 square: 4 singles, 4 dominoes, 4 L-shaped threes, and the square itself."""
    neighbours = {1: {2, 3}, 2: {1, 4}, 3: {1, 4}, 4: {2, 3}}
    blocks = connected_blocks(size, {1, 2, 3, 4}, neighbours)
    assert len(blocks) == expected and all(len(block) == size for block in blocks)


def _tight_ratio(seed: int, family: str = "tight") -> float:
    instance = make(family, seed)
    result = allocate(instance.slots, instance.zones, instance.neighbours, instance.requests, seed=seed)
    return score(instance.requests, result.assignments) / instance.known_optimum


def test_on_tight_instances_the_engine_packs_close_to_the_known_optimum():
    """50 instances of up to 120 booths at exactly 100 % demand where a perfect packing exists: at least
    0.995 of the optimum on average, 0.98 at worst (a supported establishment's booth counting double)."""
    ratios = [_tight_ratio(seed) for seed in range(50)]
    assert statistics.mean(ratios) >= 0.995 and min(ratios) >= 0.98, ratios


def test_the_improvement_phase_is_what_closes_the_gap(monkeypatch):
    """Without the re-packing budget the constructive pass alone leaves applications out on tight instances."""
    monkeypatch.setattr(engine, "STEPS_PER_BOOTH", 0)
    assert min(_tight_ratio(seed) for seed in range(20)) < 0.98
