"""Fair shares close to the exact model's: the share repair after the first pass (share_repair.py).

On instances of bench/exact_families.py (halls of double-row islands with aisles, oversubscribed), a
group whose waiting request needs a block that only moving others frees used to stay two to four
booths below its share while the exact model, at the same booths granted, reached 0. The engine is
now held within 1 booth of the exact model's worst share gap on 36 oversubscribed instances (all 60
of the bench are, see BENCHMARKS.md); CP-SAT solves each in well under a second.
"""

from collections import defaultdict

import pytest

from bench.exact import score, solve_fairest
from bench.exact_families import make
from booths.allocation import engine
from booths.allocation.engine import origin_of
from booths.layout.contiguity import is_contiguous
from tests.allocation_checks import checked_allocate as allocate

# Instances where the worst share gap was 2 or more before the repair, the exact model's being 0 or 1.
NEEDED_A_MOVE = [("islands", 1), ("islands", 5), ("islands", 8), ("islands", 18), ("competitors", 6),
                 ("competitors", 11), ("late", 7)]


def _run(family: str, seed: int):
    instance = make(family, seed)
    result = allocate(instance.slots, instance.zones, instance.neighbours, instance.requests, seed=1,
                      competitors=instance.competitors)
    return instance, result


def _check_plan(instance, result) -> None:
    """The hard rules and the share reason hold on the final plan."""
    holder = {}
    requests = {r.id: r for r in instance.requests}
    for application, booths in result.assignments.items():
        assert len(booths) == requests[application].booths and is_contiguous(booths, instance.neighbours)
        for booth in booths:
            assert booth not in holder
            holder[booth] = application
    assert not set(result.assignments) & set(result.waitlist)
    assert result.metrics["competitor_adjacencies"] == 0
    granted = defaultdict(int)
    for request in instance.requests:
        if request.id in result.pools:
            granted[(result.pools[request.id], origin_of(request))] += len(result.assignments.get(request.id, ()))
    for application, reason in result.waitlist.items():
        if reason == "over_fair_share":
            key = (result.pools[application], origin_of(requests[application]))
            assert granted[key] >= result.shares[key]


@pytest.mark.parametrize(("family", "seed"), NEEDED_A_MOVE)
def test_a_group_below_its_share_gets_the_room_only_a_move_frees(family, seed):
    """The worst share gap is at most 1 booth, with no fewer booths granted than without the repair."""
    instance, result = _run(family, seed)
    _check_plan(instance, result)
    assert result.metrics["worst_share_deviation"] <= 1


def test_without_the_repair_those_groups_stay_two_or_more_below(monkeypatch):
    """The first pass, leftovers and give-way alone leave each of those instances 2 or more booths off."""
    with_repair = {}
    for case in NEEDED_A_MOVE:
        instance, result = _run(*case)
        with_repair[case] = score(instance.requests, result.assignments)
    monkeypatch.setattr(engine, "repair_shares", lambda *_args: None)
    for case in NEEDED_A_MOVE:
        instance, result = _run(*case)
        assert result.metrics["worst_share_deviation"] >= 2, case
        assert score(instance.requests, result.assignments) <= with_repair[case], case


@pytest.mark.parametrize("family", ["islands", "competitors", "late"])
def test_the_worst_share_gap_is_within_1_of_the_exact_model_at_the_same_booths_granted(family):
    """12 oversubscribed instances per family: the engine's worst gap at most the exact model's plus 1."""
    for seed in range(12):
        instance, result = _run(family, seed)
        granted = score(instance.requests, result.assignments)
        exact = solve_fairest(instance.slots, instance.zones, instance.neighbours, instance.requests, granted,
                              result.shares, result.pools, seconds=20, competitors=instance.competitors)
        assert result.metrics["worst_share_deviation"] <= exact + 1, (family, seed)
