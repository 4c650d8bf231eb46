"""Benchmark: the allocation engine against first-come-first-served, at demo or Canton-Fair scale.

Run: python -m bench.allocation --scale demo|canton [--runs 3] [--json PATH]

demo:   652 booths (international 180, domestic 432, technical 40), ~475 approved applications
        from 26 provinces and 7 countries, domestic demand about 1.3 x the domestic booths.
canton: 74,240 booths in 16 halls (international, domestic and pavilion zones), 29,000
        applications from all 34 provinces and 110 countries, demand about 1.2 x the booths,
        with preferred booths and competitor pairs.
The baseline is the placement organizers use today: in submission order, the first free run that
fits; the engine as it was before issue 19 (bench/engine_before.py) is measured in the same run
too. The demo scale also compares the engine with the exact optimum (CP-SAT) on small instances
(bench/exact.py).
"""

import argparse
import random
import resource
import time
from collections import defaultdict

from bench import engine_before
from bench.common import best_of, report
from bench.exact import margin_table
from booths.allocation.engine import Request, Slot, ZoneInfo, allocate, eligible_zones, origin_of, share_deviation
from booths.allocation.zone_blocks import components
from booths.allocation.zone_lines import ZoneLine
from booths.layout.geometry import Rect, neighbour_pairs
from booths.layout.grid import GridSpec, generate_grid
from core.reference.provinces import all_provinces


def _neighbours(rects: list[Rect]) -> dict[int, set[int]]:
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in neighbour_pairs(rects):
        neighbours[a].add(b)
        neighbours[b].add(a)
    return dict(neighbours)


def _build(layout) -> tuple[list[Slot], dict[int, set[int]]]:
    """Slots and their neighbour graph from (hall, zone, GridSpec) triples; halls lie far apart."""
    slots, rects, next_id = [], [], 1
    for hall, zone, spec in layout:
        for booth in generate_grid(spec):
            slots.append(Slot(next_id, booth.code, hall, zone, booth.x, booth.y))
            rects.append(Rect(next_id, booth.x + hall * 1_000_000, booth.y, booth.width, booth.depth))
            next_id += 1
    return slots, _neighbours(rects)


def demo_instance(seed: int = 2019):
    """Slots, zones, neighbour graph and requests of a demo-scale fair."""
    rng = random.Random(seed)
    zones = [ZoneInfo(1, "international"), ZoneInfo(2, "domestic"), ZoneInfo(3, "technical")]
    slots, neighbours = _build([(1, 1, GridSpec("A-", 10, 18, 300, 300, 6, 300, 200, 200)),
                                (2, 2, GridSpec("B-", 18, 24, 300, 300, 6, 300, 200, 200)),
                                (3, 3, GridSpec("C-", 4, 10, 300, 300, 5, 300, 200, 200))])
    provinces = [f"P{n:02d}" for n in range(26)]
    countries = ["JP", "KR", "CN", "TH", "IN", "US", "FR"]
    requests, order = [], 0
    weights = [6, 3] + [1] * 24
    while sum(r.booths for r in requests if r.country == "VN") < 1.3 * 432:
        order += 1
        requests.append(Request(order, rng.choices([1, 2, 3, 4], [68, 24, 6, 2])[0], "VN",
                                rng.choices(provinces, weights)[0], tier=rng.choice([0, 1, 1, 1]), order=order))
    for _ in range(60):
        order += 1
        requests.append(Request(order, rng.choice([1, 1, 2]), rng.choice(countries), None, tier=1, order=order))
    return slots, zones, neighbours, requests


def canton_instance(seed: int = 2026):
    """74,240 booths in 16 halls and 29,000 applications from 34 provinces and 110 countries."""
    rng = random.Random(seed)
    provinces = sorted(province.name_vi for province in all_provinces())
    countries = [f"C{n:03d}" for n in range(110)]
    layout, zones = [], []
    for hall in range(1, 17):
        # Each hall: two zones of 20 rows x 116 columns, rows back to back in pairs, a cross aisle every 10.
        for half in range(2):
            zone_id = len(zones) + 1
            if hall <= 4:
                zones.append(ZoneInfo(zone_id, "international"))
            elif hall <= 14:
                zones.append(ZoneInfo(zone_id, "domestic"))
            elif len(zones) % 2:
                zones.append(ZoneInfo(zone_id, "pavilion", province=provinces[len(zones) - 28]))
            else:
                zones.append(ZoneInfo(zone_id, "pavilion", country=countries[len(zones) - 28]))
            spec = GridSpec(f"H{hall:02d}{'AB'[half]}-", 20, 116, 300, 300, 10, 300, 0, half * 7_000)
            layout.append((hall, zone_id, spec))
    slots, neighbours = _build(layout)
    codes = [slot.code for slot in slots]
    province_weights = [8, 6, 5, 4] + [2] * 10 + [1] * (len(provinces) - 14)
    country_weights = [10, 8, 6, 5] + [1] * (len(countries) - 4)
    requests = []
    for number in range(1, 29_001):
        foreign = rng.random() < 0.3
        booths = rng.choices([1, 2, 3, 4, 6, 9], [30, 25, 15, 15, 10, 5])[0]
        preferred = (rng.choice(codes),) if rng.random() < 0.1 else ()
        avoid = (number - 1,) if number > 1 and rng.random() < 0.01 else ()
        requests.append(Request(
            number, booths, rng.choices(countries, country_weights)[0] if foreign else "VN",
            None if foreign else rng.choices(provinces, province_weights)[0],
            tier=0 if not foreign and rng.random() < 0.2 else 1, order=number, preferred=preferred, avoid=avoid))
    return slots, zones, neighbours, requests


def first_come_first_served(slots, zones, neighbours, requests):
    """The baseline organizers use today: in submission order, the first free run that fits."""
    zone_map = {zone.id: zone for zone in zones}
    by_zone = defaultdict(list)
    for slot in slots:
        by_zone[slot.zone_id].append(slot)
    lines = {zone_id: ZoneLine(zone_slots, neighbours) for zone_id, zone_slots in by_zone.items()}
    assignments, waitlist = {}, {}
    for request in sorted(requests, key=lambda r: r.order):
        for zone_id in eligible_zones(request, zone_map):
            zone = lines[zone_id]
            start = zone.runs.first_fit(request.booths)
            if start is not None:
                block = zone.block_at(start, request.booths)
                zone.runs.take(start, request.booths)
                assignments[request.id] = [slot.id for slot in block]
                break
        else:
            waitlist[request.id] = "full"
    return assignments, waitlist


def pools_of_placement(requests, assignments, slots, shares) -> dict[int, tuple[int, ...]]:
    """For each placed request, the zone pool its booths count in: the pool of its group holding its zone."""
    zone_of = {slot.id: slot.zone_id for slot in slots}
    pools_by_group = defaultdict(list)
    for pool, group in shares:
        pools_by_group[group].append(pool)
    placed = {}
    for request in requests:
        if request.id in assignments:
            zone = zone_of[assignments[request.id][0]]
            placed[request.id] = next((p for p in pools_by_group[origin_of(request)] if zone in p), (zone,))
    return placed


def compare(slots, zones, neighbours, requests, runs: int) -> tuple[list[dict], dict]:
    """Engine, previous engine and baseline on one instance: the side-by-side rows and the engine's metrics."""
    engine_time, _m, result = best_of(runs, lambda: allocate(slots, zones, neighbours, requests, seed=1))
    before_time, _m, before = best_of(runs, lambda: engine_before.allocate(slots, zones, neighbours, requests, seed=1))
    naive_time, _m, (naive, naive_waitlist) = best_of(
        runs, lambda: first_come_first_served(slots, zones, neighbours, requests))
    tier0 = [r for r in requests if r.tier == 0]

    def deviation(assignments) -> int:
        return share_deviation(requests, assignments, result.shares,
                               pools_of_placement(requests, assignments, slots, result.shares))
    rows = [
        {"measure": "runtime (s)", "engine": round(engine_time, 3), "engine_before": round(before_time, 3),
         "fcfs_baseline": round(naive_time, 3)},
        {"measure": "booths requested", "engine": result.metrics["booths_requested"],
         "engine_before": before.metrics["booths_requested"], "fcfs_baseline": result.metrics["booths_requested"]},
        {"measure": "booths granted", "engine": result.metrics["booths_granted"],
         "engine_before": before.metrics["booths_granted"], "fcfs_baseline": sum(len(b) for b in naive.values())},
        {"measure": "worst province/country deviation from share (booths)",
         "engine": result.metrics["worst_share_deviation"], "engine_before": before.metrics["worst_share_deviation"],
         "fcfs_baseline": deviation(naive)},
        {"measure": "supported (tier 0) applications placed",
         "engine": sum(1 for r in tier0 if r.id in result.assignments),
         "engine_before": sum(1 for r in tier0 if r.id in before.assignments),
         "fcfs_baseline": sum(1 for r in tier0 if r.id in naive)},
        {"measure": "contiguity", "engine": result.metrics["contiguity"], "engine_before": before.metrics["contiguity"],
         "fcfs_baseline": 1.0},
        {"measure": "competitor adjacencies", "engine": result.metrics["competitor_adjacencies"],
         "engine_before": before.metrics["competitor_adjacencies"], "fcfs_baseline": "not checked"},
        {"measure": "preferred booths honoured", "engine": result.metrics["preference_hit_rate"],
         "engine_before": before.metrics["preference_hit_rate"], "fcfs_baseline": "not tried"},
        {"measure": "clusters per group (origin, zone)", "engine": result.metrics["clusters_per_group"],
         "engine_before": _clusters(before.assignments, requests, slots, neighbours),
         "fcfs_baseline": _clusters(naive, requests, slots, neighbours)},
        {"measure": "waitlisted applications", "engine": len(result.waitlist), "engine_before": len(before.waitlist),
         "fcfs_baseline": len(naive_waitlist)},
    ]
    return rows, result.metrics


def _clusters(assignments, requests, slots, neighbours) -> float:
    """Pieces of booths joined by shared edges, per origin and zone, on average."""
    zone_of = {slot.id: slot.zone_id for slot in slots}
    groups = defaultdict(set)
    for request in requests:
        for booth in assignments.get(request.id, ()):
            groups[(zone_of[booth], origin_of(request))].add(booth)
    counts = [len(components(booths, neighbours)) for booths in groups.values()]
    return round(sum(counts) / len(counts), 2) if counts else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=("demo", "canton"), default="demo")
    parser.add_argument("--runs", type=int, default=None, help="best of N (default 3 for demo, 1 for canton)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    runs = args.runs or (3 if args.scale == "demo" else 1)
    started = time.perf_counter()
    slots, zones, neighbours, requests = (demo_instance() if args.scale == "demo" else canton_instance())
    build_seconds = time.perf_counter() - started
    rows, metrics = compare(slots, zones, neighbours, requests, runs)
    extra = {"scale": args.scale, "booths": len(slots), "halls": len({s.hall_id for s in slots}),
             "applications": len(requests),
             "provinces": len({r.province for r in requests if r.country == "VN"}),
             "countries": len({r.country for r in requests if r.country != "VN"}),
             "instance_build_seconds": round(build_seconds, 2),
             "engine_metrics": metrics,
             "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if args.scale == "demo":
        extra["exact_comparison"] = margin_table(instances=30)
    report(f"Allocation benchmark, {args.scale} scale ({len(slots)} booths, {len(requests)} applications)",
           rows, args.json, extra=extra)
    print({key: value for key, value in extra.items() if key != "engine_metrics"})


if __name__ == "__main__":
    main()
