"""The allocation engine as it was before issue 19 (frozen copy), measured beside the current one in bench/.

One serpentine line per zone, competitor lists only among the requests of the run, leftovers in
submission order. Not used by the application.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from booths.allocation.apportionment import apportion
from booths.allocation.inputs import (
    Allocation,
    Explanation,
    Request,
    Slot,
    ZoneInfo,
    eligible_zones,
    origin_of,
    primary_zones,
)
from booths.allocation.metrics import share_deviation
from booths.allocation.zone_lines import ZoneLine
from booths.layout.contiguity import is_contiguous


def allocate(slots: list[Slot], zones: list[ZoneInfo], neighbours: dict[int, set[int]], requests: list[Request],
             *, seed: int = 0, progress: Callable[[float], None] | None = None) -> Allocation:
    """Place `requests` on `slots`; see the module docstring for the rules and their order.

    `progress`, if given, is called now and then with the share of requests handled (0 to 1).
    """
    rng = random.Random(seed)
    zone_map = {zone.id: zone for zone in zones}
    result = Allocation()
    owner: dict[int, int] = {slot.id: slot.taken_by for slot in slots if slot.taken_by is not None}
    by_zone_slots: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_zone_slots[slot.zone_id].append(slot)
    lines = {zone_id: ZoneLine(zone_slots, neighbours) for zone_id, zone_slots in by_zone_slots.items()}
    slot_by_code = {slot.code: slot for slot in slots}
    rank = {}  # request id -> (tier, order): who was served before whom
    avoid: dict[int, set[int]] = defaultdict(set)
    for request in requests:
        for other in request.avoid:
            avoid[request.id].add(other)
            avoid[other].add(request.id)

    def violates_competitors(request_id: int, block: list[Slot]) -> bool:
        enemies = avoid.get(request_id)
        if not enemies:
            return False
        return any(owner.get(neighbour) in enemies for slot in block for neighbour in neighbours.get(slot.id, ()))

    def try_block(request: Request, zone_id: int) -> tuple[list[Slot], str] | None:
        """A free contiguous block for `request` in the zone, and how it was found: at a preferred booth,
        near a wished neighbour, or the zone's first free run."""
        zone = lines.get(zone_id)
        if zone is None:
            return None
        count = request.booths
        wished = [slot_by_code[code] for code in request.preferred if code in slot_by_code]
        for slot in wished:
            if slot.zone_id != zone_id or slot.id not in zone.position:
                continue
            position = zone.position[slot.id]
            for start in range(position - count + 1, position + 1):
                if zone.runs.is_free(start, count):
                    block = zone.block_at(start, count)
                    if not violates_competitors(request.id, block):
                        return block, "preferred"
        for friend in request.near:  # a free booth beside a wished neighbour already placed
            for booth_id in result.assignments.get(friend, ()):
                for beside in sorted(neighbours.get(booth_id, ())):
                    position = zone.position.get(beside)
                    if position is None:
                        continue
                    for start in range(position - count + 1, position + 1):
                        if zone.runs.is_free(start, count):
                            block = zone.block_at(start, count)
                            if not violates_competitors(request.id, block):
                                return block, "near"
        start = zone.runs.first_fit(count)
        while start is not None:
            block = zone.block_at(start, count)
            if not violates_competitors(request.id, block):
                return block, "zone"
            start = zone.runs.first_fit(count, start + 1)
        return None

    def find_block(request: Request) -> tuple[list[Slot], str, int] | None:
        """The block for `request` in its first eligible zone that has one: (block, how, zone rank)."""
        for zone_rank, zone_id in enumerate(eligible_zones(request, zone_map)):
            found = try_block(request, zone_id)
            if found:
                return found[0], found[1], zone_rank
        return None

    def place(request: Request, block: list[Slot]) -> None:
        zone = lines[block[0].zone_id]
        zone.runs.take(zone.position[block[0].id], len(block))
        for slot in block:
            owner[slot.id] = request.id
        result.assignments[request.id] = [slot.id for slot in block]

    ordered = sorted(requests, key=lambda r: (r.tier, r.order, rng.random()))
    for position, request in enumerate(ordered):
        rank[request.id] = (request.tier, position)
    shares_seen: dict[int, tuple[int, int, int]] = {}  # request id -> (zone, share, demand)
    reported = [0]

    def report() -> None:
        decided = len(result.assignments) + len(result.waitlist)
        if progress is not None and decided - reported[0] >= 500:
            reported[0] = decided
            progress(decided / len(ordered))

    for tier in sorted({request.tier for request in ordered}):
        by_pool: dict[tuple[int, ...], list[Request]] = defaultdict(list)
        for request in ordered:
            if request.tier != tier:
                continue
            pool = primary_zones(request, zone_map)
            if not pool:
                result.waitlist[request.id] = "no_eligible_zone"
                continue
            by_pool[pool].append(request)
        done: set[tuple[int, ...]] = set()
        while len(done) < len(by_pool):
            # Pavilions and zones named by the applicant (small pools) before the general zones of a kind;
            # what a pavilion cannot hold joins the general pool, where its group gets a share too.
            pool = min((p for p in by_pool if p not in done),
                       key=lambda p: (zone_map[p[0]].kind != "pavilion", len(p), p))
            done.add(pool)
            queue = by_pool[pool]
            capacity = sum(lines[zone_id].runs.free_count for zone_id in pool if zone_id in lines)
            demand: dict[str, int] = defaultdict(int)
            members: dict[str, list[Request]] = defaultdict(list)
            for request in queue:
                demand[origin_of(request)] += request.booths
                members[origin_of(request)].append(request)
            shares = apportion(capacity, demand)
            for group, share in shares.items():
                result.shares[(pool, group)] = result.shares.get((pool, group), 0) + share
            used: dict[str, int] = defaultdict(int)
            # Largest origins first, so pavilion groups take long runs before small ones fragment the zone.
            for group in sorted(demand, key=lambda g: (-demand[g], g)):
                for request in members[group]:
                    report()
                    shares_seen[request.id] = (pool[0], shares[group], demand[group])
                    result.pools[request.id] = pool
                    if used[group] + request.booths > shares[group]:
                        rest = tuple(z for z in eligible_zones(request, zone_map) if z not in pool)
                        if rest and rest not in done:
                            by_pool[rest].append(request)
                            continue
                        result.waitlist[request.id] = "over_fair_share"
                        continue
                    found = find_block(request)
                    if found is None:
                        result.waitlist[request.id] = "no_contiguous_block"
                        continue
                    block, how, zone_rank = found
                    place(request, block)
                    used[group] += request.booths
                    result.explanations[request.id] = _explain(request, how, block[0].zone_id, zone_rank,
                                                               shares_seen[request.id])
    # Second pass: shares left unused (a group that could not fit) go to waitlisted requests, in order.
    for request in ordered:
        if result.waitlist.get(request.id) != "over_fair_share":
            continue
        found = find_block(request)
        if found:
            block, _how, zone_rank = found
            place(request, block)
            del result.waitlist[request.id]
            result.explanations[request.id] = _explain(request, "leftover", block[0].zone_id, zone_rank,
                                                       shares_seen[request.id])
    by_request = {request.id: request for request in requests}
    for request_id, reason in result.waitlist.items():
        zone_id, share, demand = shares_seen.get(request_id, (None, None, None))
        result.explanations[request_id] = Explanation(origin_of(by_request[request_id]), "waitlisted", zone_id,
                                                      share=share, demand=demand, reason=reason)
    for request_id, explanation in list(result.explanations.items()):
        request = by_request[request_id]
        granted = set(result.assignments.get(request_id, ()))
        missed = tuple((code, _why_missed(slot_by_code.get(code), request, owner, rank))
                       for code in request.preferred
                       if code not in slot_by_code or slot_by_code[code].id not in granted)
        result.explanations[request_id] = replace(explanation, missed=missed, chose_zones=bool(request.zones))
    if progress is not None:
        progress(1.0)
    result.metrics = _metrics(requests, result, slots, neighbours, avoid, owner)
    result.metrics.update(_share_and_compactness(requests, result, slots))
    return result


def _explain(request: Request, outcome: str, zone_id: int, zone_rank: int, share_info) -> Explanation:
    _zone, share, demand = share_info
    return Explanation(origin_of(request), outcome, zone_id, zone_rank, share=share, demand=demand)


def _why_missed(slot: Slot | None, request: Request, owner: dict[int, int], rank: dict) -> str:
    """Why a preferred booth did not go to the request."""
    if slot is None or slot.blocked:
        return "blocked"
    holder = owner.get(slot.id)
    if holder is None or holder == request.id:
        return "no_fit"
    if holder not in rank:
        return "taken_before_run"
    return "taken_by_higher_priority" if rank[holder][0] < request.tier else "taken_earlier"


def _share_and_compactness(requests, result: Allocation, slots) -> dict[str, float]:
    """Worst gap between an origin's booths and its fair share; mean distance (m) to its group's centre."""
    by_id = {slot.id: slot for slot in slots}
    positions: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for request in requests:
        for booth_id in result.assignments.get(request.id, []):
            slot = by_id[booth_id]
            positions[(slot.zone_id, origin_of(request))].append((slot.x, slot.y))
    deviation = share_deviation(requests, result.assignments, result.shares, result.pools)
    distances = []
    for points in positions.values():
        cx = sum(x for x, _ in points) / len(points)
        cy = sum(y for _, y in points) / len(points)
        distances.extend(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in points)
    compactness = round(sum(distances) / len(distances) / 100, 2) if distances else 0.0
    return {"worst_share_deviation": deviation, "group_compactness_m": compactness}


def _metrics(requests, result: Allocation, slots, neighbours, avoid, owner) -> dict[str, float]:
    requested = sum(r.booths for r in requests)
    granted = sum(len(b) for b in result.assignments.values())
    free = sum(1 for s in slots if not s.blocked and s.taken_by is None)
    contiguous = sum(1 for booths in result.assignments.values() if is_contiguous(booths, neighbours))
    competitor_edges = sum(1 for slot_id, app in owner.items() for n in neighbours.get(slot_id, ())
                           if owner.get(n) in avoid[app]) // 2
    with_preferences = [r for r in requests if r.preferred and r.id in result.assignments]
    hits = sum(1 for r in with_preferences if result.explanations[r.id].outcome == "preferred")
    with_friends = [r for r in requests if r.near and r.id in result.assignments]
    beside = sum(1 for r in with_friends if any(owner.get(n) in r.near for b in result.assignments[r.id]
                                                for n in neighbours.get(b, ())))
    return {
        "booths_requested": requested,
        "booths_granted": granted,
        "fill_rate": round(granted / free, 4) if free else 0.0,
        "contiguity": round(contiguous / len(result.assignments), 4) if result.assignments else 1.0,
        "competitor_adjacencies": competitor_edges,
        "preference_hit_rate": round(hits / len(with_preferences), 4) if with_preferences else 1.0,
        "neighbour_wish_hit_rate": round(beside / len(with_friends), 4) if with_friends else 1.0,
        "waitlisted": len(result.waitlist),
    }
