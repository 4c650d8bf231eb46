"""Benchmark: the allocation engine against a naive first-come-first-served allocator, demo scale.

Run: python -m bench.allocation [--runs 3] [--json bench/allocation.json]
The instance: 652 booths (international 180, domestic 432, technical 40), ~450 approved applications
from 26 provinces and 7 countries, domestic demand about 1.3 × the domestic booths.
"""

import argparse
import random
from collections import defaultdict

from bench.common import best_of, report
from booths.allocation import Request, Slot, ZoneInfo, allocate, eligible_zones, origin_of
from booths.apportionment import apportion
from booths.contiguity import is_contiguous
from booths.geometry import Rect, neighbour_pairs
from booths.grid import GridSpec, generate_grid

PROVINCES = [f"P{n:02d}" for n in range(26)]
COUNTRIES = ["JP", "KR", "CN", "TH", "IN", "US", "FR"]


def instance(seed: int = 2019):
    """Slots, zones, neighbour graph and requests of a demo-scale fair."""
    rng = random.Random(seed)
    zones = [ZoneInfo(1, "international"), ZoneInfo(2, "domestic"), ZoneInfo(3, "technical")]
    layout = [(1, 1, GridSpec("A-", 10, 18, 300, 300, 6, 300, 200, 200)),
              (2, 2, GridSpec("B-", 18, 24, 300, 300, 6, 300, 200, 200)),
              (3, 3, GridSpec("C-", 4, 10, 300, 300, 5, 300, 200, 200))]
    slots, rects, next_id = [], [], 1
    for hall, zone, spec in layout:
        for booth in generate_grid(spec):
            slots.append(Slot(next_id, booth.code, hall, zone, booth.x, booth.y))
            rects.append(Rect(next_id, booth.x + hall * 1_000_000, booth.y, booth.width, booth.depth))
            next_id += 1
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in neighbour_pairs(rects):
        neighbours[a].add(b)
        neighbours[b].add(a)
    requests, order = [], 0
    weights = [6, 3] + [1] * 24
    while sum(r.booths for r in requests if r.country == "VN") < 1.3 * 432:
        order += 1
        requests.append(Request(order, rng.choices([1, 2, 3, 4], [68, 24, 6, 2])[0], "VN",
                                rng.choices(PROVINCES, weights)[0], tier=rng.choice([0, 1, 1, 1]), order=order))
    for _ in range(60):
        order += 1
        requests.append(Request(order, rng.choice([1, 1, 2]), rng.choice(COUNTRIES), None,
                                tier=1, order=order))
    return slots, zones, dict(neighbours), requests


def first_come_first_served(slots, zones, neighbours, requests):
    """The baseline organizers use today: in submission order, the first free run that fits."""
    zone_map = {zone.id: zone for zone in zones}
    owner, assignments, waitlist = {}, {}, {}
    by_zone = defaultdict(list)
    for slot in sorted(slots, key=lambda s: (s.zone_id, s.y, s.x)):
        by_zone[slot.zone_id].append(slot)
    for request in sorted(requests, key=lambda r: r.order):
        placed = False
        for zone_id in eligible_zones(request, zone_map):
            path = [s for s in by_zone[zone_id] if s.id not in owner]
            for start in range(len(path)):
                block = path[start:start + request.booths]
                if len(block) == request.booths and is_contiguous([s.id for s in block], neighbours):
                    for slot in block:
                        owner[slot.id] = request.id
                    assignments[request.id] = [s.id for s in block]
                    placed = True
                    break
            if placed:
                break
        if not placed:
            waitlist[request.id] = "full"
    return assignments, waitlist


def worst_share_deviation(requests, assignments, capacity_by_kind) -> int:
    """The largest gap, in booths, between what an origin got and its proportional share."""
    worst = 0
    for kind, capacity in capacity_by_kind.items():
        group = [r for r in requests if (r.country == "VN") == (kind == "domestic")]
        demand = defaultdict(int)
        granted = defaultdict(int)
        for request in group:
            demand[origin_of(request)] += request.booths
            granted[origin_of(request)] += len(assignments.get(request.id, []))
        shares = apportion(capacity, demand)
        worst = max([worst] + [abs(granted[g] - shares[g]) for g in demand])
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    slots, zones, neighbours, requests = instance()
    engine_time, _m, result = best_of(args.runs, lambda: allocate(slots, zones, neighbours, requests, seed=1))
    naive_time, _m, (naive_assignments, naive_waitlist) = best_of(
        args.runs, lambda: first_come_first_served(slots, zones, neighbours, requests))
    capacity = {"domestic": 432, "international": 180}
    tier0 = [r for r in requests if r.tier == 0]
    rows = [
        {"measure": "runtime (s)", "engine": round(engine_time, 4), "fcfs_baseline": round(naive_time, 4)},
        {"measure": "booths requested", "engine": result.metrics["booths_requested"],
         "fcfs_baseline": result.metrics["booths_requested"]},
        {"measure": "booths granted", "engine": result.metrics["booths_granted"],
         "fcfs_baseline": sum(len(b) for b in naive_assignments.values())},
        {"measure": "worst province/country deviation from share (booths)",
         "engine": worst_share_deviation(requests, result.assignments, capacity),
         "fcfs_baseline": worst_share_deviation(requests, naive_assignments, capacity)},
        {"measure": "supported (tier 0) applications placed",
         "engine": sum(1 for r in tier0 if r.id in result.assignments),
         "fcfs_baseline": sum(1 for r in tier0 if r.id in naive_assignments)},
        {"measure": "contiguity", "engine": result.metrics["contiguity"], "fcfs_baseline": 1.0},
        {"measure": "waitlisted applications", "engine": len(result.waitlist), "fcfs_baseline": len(naive_waitlist)},
    ]
    report("Allocation benchmark, demo scale (652 booths)", rows, args.json,
           extra={"applications": len(requests), "tier0_applications": len(tier0)})


if __name__ == "__main__":
    main()
