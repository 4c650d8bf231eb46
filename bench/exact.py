"""The exact optimum of small allocation instances (OR-Tools CP-SAT), to measure how far the engine is from it.

Run: python -m bench.exact [--instances N] [--tight N] [--json PATH]

The objective both are scored on: booths granted, a supported (tier 0) booth counting double.
The exact model keeps the same hard rules (one exhibitor per booth, one contiguous block of
exactly the booths asked for, in one eligible zone, blocked booths empty, competitors never on a
shared edge) but may use any block shape and ignores the fair shares, so it is an upper bound:
the engine gives some booths away to share zones fairly and to keep blocks in straight runs.
A second model fixes the engine's score and minimizes the worst gap from the engine's fair shares,
to tell how fair the engine could have been at the same number of booths granted.

The families of bench/exact_families.py are measured for the current engine and, in the same run,
for the engine as it was before issue 19 (bench/engine_before.py).
"""

import argparse
import random
import statistics
from collections import defaultdict

from ortools.sat.python import cp_model

from bench import engine_before
from bench.common import report
from bench.exact_families import Instance, make
from booths.allocation.engine import Request, Slot, ZoneInfo, allocate, eligible_zones, origin_of
from booths.layout.geometry import Rect, neighbour_pairs
from booths.layout.grid import GridSpec, generate_grid


def score(requests: list[Request], assignments: dict[int, list[int]]) -> int:
    """Booths granted, a tier-0 booth counting double."""
    return sum((2 if request.tier == 0 else 1) * request.booths for request in requests if request.id in assignments)


def small_instance(seed: int, max_booths: int = 60):
    """A random oversubscribed layout of at most `max_booths` booths with aisles, tiers and competitor pairs."""
    rng = random.Random(seed)
    slots, rects, zones, next_id = [], [], [], 1
    for zone_id, kind in ((1, "domestic"), (2, "international")):
        zones.append(ZoneInfo(zone_id, kind))
        rows = rng.choice([2, 2, 4]) if zone_id == 1 else 2
        columns = rng.choice([6, 8, 10]) if zone_id == 1 else rng.choice([4, 6])
        spec = GridSpec(f"{kind[0].upper()}-", rows, columns, 300, 300, rng.choice([3, 4, 5]), 300,
                        0, (zone_id - 1) * 2_000)
        for booth in generate_grid(spec)[:max_booths - len(slots)]:
            slots.append(Slot(next_id, booth.code, 1, zone_id, booth.x, booth.y, blocked=rng.random() < 0.05))
            rects.append(Rect(next_id, booth.x, booth.y, booth.width, booth.depth))
            next_id += 1
    neighbours: dict[int, set[int]] = {}
    for a, b in neighbour_pairs(rects):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    requests, wanted = [], 0
    while wanted < 1.4 * len(slots):
        number = len(requests) + 1
        foreign = rng.random() < 0.25
        booths = rng.choice([1, 1, 1, 2, 2, 3, 4])
        avoid = (number - 1,) if number > 1 and rng.random() < 0.15 else ()
        requests.append(Request(number, booths, rng.choice(["JP", "KR"]) if foreign else "VN",
                                None if foreign else rng.choice(["Hà Nội", "Huế", "Cần Thơ"]),
                                tier=rng.choice([0, 1, 1]), order=number, avoid=avoid))
        wanted += booths
    return slots, zones, neighbours, requests


def connected_blocks(size: int, booths: set[int], neighbours: dict[int, set[int]]) -> set[frozenset[int]]:
    """Every set of `size` booths from `booths` joined by shared edges."""
    blocks = {frozenset([booth]) for booth in booths}
    for _ in range(size - 1):
        blocks = {block | {other} for block in blocks for booth in block
                  for other in neighbours.get(booth, ()) if other in booths and other not in block}
    return blocks


def _model(slots, zones, neighbours, requests, competitors=()):
    """The CP-SAT model of the hard rules: (model, chosen block variables per request, booth variables)."""
    model = cp_model.CpModel()
    zone_map = {zone.id: zone for zone in zones}
    free_by_zone: dict[int, set[int]] = {}
    for slot in slots:
        if not slot.blocked and slot.taken_by is None:
            free_by_zone.setdefault(slot.zone_id, set()).add(slot.id)
    enemies: dict[int, set[int]] = defaultdict(set)
    for first, second in [(r.id, o) for r in requests for o in r.avoid] + list(competitors):
        enemies[first].add(second)
        enemies[second].add(first)
    held: dict[int, set[int]] = defaultdict(set)  # booths beside the booths an application already holds
    for slot in slots:
        if slot.taken_by is not None:
            held[slot.taken_by] |= neighbours.get(slot.id, set())
    uses: dict[tuple[int, int], list] = {}  # (request, booth) -> block variables covering it
    chosen = {}
    for request in requests:
        variables = []
        beside_enemy = set().union(*(held[e] for e in enemies[request.id])) if enemies[request.id] else set()
        for zone_id in eligible_zones(request, zone_map):
            for block in connected_blocks(request.booths, free_by_zone.get(zone_id, set()) - beside_enemy,
                                          neighbours):
                variable = model.new_bool_var(f"r{request.id}_{'_'.join(map(str, sorted(block)))}")
                variables.append(variable)
                for booth in block:
                    uses.setdefault((request.id, booth), []).append(variable)
        if variables:
            model.add_at_most_one(variables)
            chosen[request.id] = sum(variables)
    for slot in slots:
        covering = [v for request in requests for v in uses.get((request.id, slot.id), [])]
        if covering:
            model.add_at_most_one(covering)
    booths_of: dict[int, list[int]] = defaultdict(list)
    for (request_id, booth) in uses:
        booths_of[request_id].append(booth)
    for request in requests:
        for other in enemies[request.id]:
            for booth in booths_of[request.id]:
                for neighbour in neighbours.get(booth, ()):
                    if (other, neighbour) in uses:
                        model.add(sum(uses[(request.id, booth)]) + sum(uses[(other, neighbour)]) <= 1)
    return model, chosen


def _solve(model: cp_model.CpModel, seconds: float) -> tuple[cp_model.CpSolver, bool]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no solution within {seconds:g} s: give it more time (--seconds)")
    return solver, status == cp_model.OPTIMAL


def _objective(requests, chosen):
    return sum((2 if r.tier == 0 else 1) * r.booths * chosen[r.id] for r in requests if r.id in chosen)


def solve_exact(slots, zones, neighbours, requests, *, seconds: float = 20.0, competitors=()) -> tuple[int, bool]:
    """The best score under the hard rules, and whether CP-SAT proved it optimal."""
    model, chosen = _model(slots, zones, neighbours, requests, competitors)
    model.maximize(_objective(requests, chosen))
    solver, proven = _solve(model, seconds)
    return round(solver.objective_value), proven


def solve_fairest(slots, zones, neighbours, requests, score_at_least: int, shares: dict, pool_of: dict, *,
                  seconds: float = 10.0, competitors=()) -> int:
    """The smallest worst gap from `shares` ((pool, origin) -> booths) with a score of at least `score_at_least`,
    each request counting in the pool `pool_of` gives it (requests without a pool do not count)."""
    model, chosen = _model(slots, zones, neighbours, requests, competitors)
    model.add(_objective(requests, chosen) >= score_at_least)
    worst = model.new_int_var(0, len(slots), "worst")
    for key, share in shares.items():
        got = sum(r.booths * chosen[r.id] for r in requests
                  if r.id in chosen and (pool_of.get(r.id), origin_of(r)) == key)
        model.add(got - share <= worst)
        model.add(share - got <= worst)
    model.minimize(worst)
    solver, _proven = _solve(model, seconds)
    return round(solver.objective_value)


def engine_ratio(seed: int) -> tuple[float, int, int, bool]:
    """The engine's score over the exact optimum on one small instance: (ratio, engine, exact, proven)."""
    slots, zones, neighbours, requests = small_instance(seed)
    engine = score(requests, allocate(slots, zones, neighbours, requests, seed=seed).assignments)
    exact, proven = solve_exact(slots, zones, neighbours, requests)
    return (engine / exact if exact else 1.0), engine, exact, proven


def margin_table(instances: int = 30) -> dict:
    """The engine against the exact optimum on `instances` small instances: mean and worst ratio."""
    ratios = [engine_ratio(seed) for seed in range(instances)]
    return {"instances": instances, "max_booths": 60,
            "mean_ratio": round(statistics.mean(r for r, *_ in ratios), 4),
            "worst_ratio": round(min(r for r, *_ in ratios), 4),
            "proven_optimal": sum(1 for *_, proven in ratios if proven)}


FAMILIES = ("islands", "tight", "preferred", "competitors", "late")
OVERSUBSCRIBED = ("islands", "competitors", "late")


def _clusters(instance: Instance, assignments: dict[int, list[int]]) -> float:
    """Pieces of booths joined by shared edges per origin and zone, on average."""
    zone_of = {slot.id: slot.zone_id for slot in instance.slots}
    groups: dict[tuple, set[int]] = defaultdict(set)
    for request in instance.requests:
        for booth in assignments.get(request.id, ()):
            groups[(zone_of[booth], origin_of(request))].add(booth)
    counts = []
    for booths in groups.values():
        pieces, seen = 0, set()
        for booth in booths:
            if booth in seen:
                continue
            pieces += 1
            frontier = [booth]
            seen.add(booth)
            while frontier:
                for other in instance.neighbours.get(frontier.pop(), ()):
                    if other in booths and other not in seen:
                        seen.add(other)
                        frontier.append(other)
        counts.append(pieces)
    return statistics.mean(counts) if counts else 0.0


def _violations(instance: Instance, assignments: dict[int, list[int]]) -> int:
    """Competitor pairs sharing an edge, counting booths held before the run."""
    holder = {slot.id: slot.taken_by for slot in instance.slots if slot.taken_by is not None}
    holder.update({booth: app for app, booths in assignments.items() for booth in booths})
    pairs = {frozenset(p) for p in [(r.id, o) for r in instance.requests for o in r.avoid] + instance.competitors}
    return len({frozenset((holder[b], holder[n])) for b in holder for n in instance.neighbours.get(b, ())
                if frozenset((holder[b], holder.get(n))) in pairs})


def evaluate(instance: Instance, current: bool, seconds: float = 10.0) -> dict:
    """One engine on one instance: score, ratio to the optimum, share gap (engine and exact at the same
    score, oversubscribed families only), preferred booths honoured, clusters per group, competitor pairs
    side by side."""
    if current:
        result = allocate(instance.slots, instance.zones, instance.neighbours, instance.requests, seed=1,
                          competitors=instance.competitors)
    else:  # the previous engine saw only the competitors named among the requests of the run
        result = engine_before.allocate(instance.slots, instance.zones, instance.neighbours, instance.requests, seed=1)
    engine = score(instance.requests, result.assignments)
    optimum = instance.known_optimum
    if optimum is None:
        optimum, _proven = solve_exact(instance.slots, instance.zones, instance.neighbours, instance.requests,
                                       seconds=seconds, competitors=instance.competitors)
    codes = {slot.id: slot.code for slot in instance.slots}
    asking = [r for r in instance.requests if r.preferred]
    hits = sum(1 for r in asking if set(r.preferred) & {codes[b] for b in result.assignments.get(r.id, ())})
    row = {"ratio": engine / optimum if optimum else 1.0,
           "share_gap": result.metrics["worst_share_deviation"],
           "preference_hits": hits / len(asking) if asking else None,
           "clusters": _clusters(instance, result.assignments),
           "violations": _violations(instance, result.assignments)}
    if current and instance.family in OVERSUBSCRIBED:
        row["exact_share_gap"] = solve_fairest(instance.slots, instance.zones, instance.neighbours, instance.requests,
                                               engine, result.shares, result.pools, seconds=seconds,
                                               competitors=instance.competitors)
    return row


def family_table(family: str, instances: int, seconds: float = 10.0) -> dict:
    """Both engines over `instances` instances of a family: mean and worst ratio, share gaps, preference
    hit rate, clusters per group, competitor pairs side by side."""
    rows = {True: [], False: []}
    for seed in range(instances):
        instance = make(family, seed)
        for current in (True, False):
            rows[current].append(evaluate(instance, current, seconds))
    table = {"family": family, "instances": instances}
    for current, name in ((True, "engine"), (False, "before")):
        measured = rows[current]
        ratios = [r["ratio"] for r in measured]
        hits = [r["preference_hits"] for r in measured if r["preference_hits"] is not None]
        table[name] = {"mean_ratio": round(statistics.mean(ratios), 4), "worst_ratio": round(min(ratios), 4),
                       "optimal": sum(1 for r in ratios if r >= 1.0),
                       "worst_share_gap": max(r["share_gap"] for r in measured),
                       "preference_hit_rate": round(statistics.mean(hits), 3) if hits else None,
                       "clusters_per_group": round(statistics.mean(r["clusters"] for r in measured), 2),
                       "competitor_pairs_side_by_side": sum(r["violations"] for r in measured)}
    if family in OVERSUBSCRIBED:
        gaps = [(r["share_gap"], r["exact_share_gap"]) for r in rows[True]]
        table["engine"]["share_gap_minus_exact_worst"] = max(g - e for g, e in gaps)
        table["engine"]["within_1_of_exact"] = sum(1 for g, e in gaps if g - e <= 1)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", type=int, default=20, help="instances per oversubscribed family")
    parser.add_argument("--tight", type=int, default=50, help="instances of the tight and preferred families")
    parser.add_argument("--seconds", type=float, default=10.0, help="CP-SAT time limit per solve")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    margin = margin_table()
    print("small instances (60 booths):", margin)
    counts = {family: args.tight if family in ("tight", "preferred") else args.instances for family in FAMILIES}
    # A family asked for with 0 instances is left out (its means would be of nothing).
    tables = [family_table(family, counts[family], args.seconds) for family in FAMILIES if counts[family] > 0]
    rows = []
    for table in tables:
        for name in ("engine", "before"):
            figures = table[name]
            rows.append({"family": table["family"], "engine": name, "n": table["instances"],
                         "mean": figures["mean_ratio"], "worst": figures["worst_ratio"],
                         "optimal": figures["optimal"], "share_gap": figures["worst_share_gap"],
                         "gap-exact": figures.get("share_gap_minus_exact_worst", ""),
                         "within1": figures.get("within_1_of_exact", ""),
                         "pref_hits": figures["preference_hit_rate"] if figures["preference_hit_rate"] is not None
                         else "", "clusters": figures["clusters_per_group"],
                         "rivals_touching": figures["competitor_pairs_side_by_side"]})
    report("Allocation engine against the exact model (CP-SAT), by instance family", rows, args.json,
           extra={"small_instances": margin, "families": tables})


if __name__ == "__main__":
    main()
