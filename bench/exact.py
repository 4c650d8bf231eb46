"""The exact optimum of small allocation instances (OR-Tools CP-SAT), to measure how far the engine is from it.

The objective both are scored on: booths granted, a supported (tier 0) booth counting double.
The exact model keeps the same hard rules (one exhibitor per booth, one contiguous block of
exactly the booths asked for, in one eligible zone, blocked booths empty, competitors never on a
shared edge) but may use any block shape and ignores the fair shares, so it is an upper bound:
the engine gives some booths away to share zones fairly and to keep blocks in straight runs.
"""

import random
import statistics

from ortools.sat.python import cp_model

from booths.allocation.engine import Request, Slot, ZoneInfo, allocate, eligible_zones
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


def solve_exact(slots, zones, neighbours, requests, *, seconds: float = 20.0) -> tuple[int, bool]:
    """The best score under the hard rules, and whether CP-SAT proved it optimal."""
    model = cp_model.CpModel()
    zone_map = {zone.id: zone for zone in zones}
    free_by_zone: dict[int, set[int]] = {}
    for slot in slots:
        if not slot.blocked and slot.taken_by is None:
            free_by_zone.setdefault(slot.zone_id, set()).add(slot.id)
    uses: dict[tuple[int, int], list] = {}  # (request, booth) -> block variables covering it
    chosen, objective = {}, []
    for request in requests:
        variables = []
        for zone_id in eligible_zones(request, zone_map):
            for block in connected_blocks(request.booths, free_by_zone.get(zone_id, set()), neighbours):
                variable = model.new_bool_var(f"r{request.id}_{'_'.join(map(str, sorted(block)))}")
                variables.append(variable)
                for booth in block:
                    uses.setdefault((request.id, booth), []).append(variable)
        if variables:
            model.add_at_most_one(variables)
            chosen[request.id] = sum(variables)
            objective.append((2 if request.tier == 0 else 1) * request.booths * chosen[request.id])
    for slot in slots:
        covering = [v for request in requests for v in uses.get((request.id, slot.id), [])]
        if covering:
            model.add_at_most_one(covering)
    for request in requests:
        for other in request.avoid:
            for booth in [b for (r, b) in uses if r == request.id]:
                for neighbour in neighbours.get(booth, ()):
                    if (other, neighbour) in uses:
                        model.add(sum(uses[(request.id, booth)]) + sum(uses[(other, neighbour)]) <= 1)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("CP-SAT found no solution")
    return round(solver.objective_value), status == cp_model.OPTIMAL


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


if __name__ == "__main__":
    for number in range(30):
        print(number, engine_ratio(number))
    print(margin_table())
