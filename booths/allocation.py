"""Booth allocation: fair, explainable placement of exhibitors. Pure module (dataclasses in and out).

Hard rules, never broken: a booth holds at most one exhibitor; an exhibitor's booths lie in one
hall and one eligible zone and form one contiguous block; blocked and already taken (locked)
booths are left alone; competitors never share an edge. Then, in order: higher priority tiers
first; within a tier, each zone's booths are shared among provinces and countries in
proportion to their demand (largest remainder); exhibitors of one origin are placed together
along the zone; preferred booths are honoured when free. Unplaced applications are waitlisted
with the reason. The same inputs and seed always give the same result.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from booths.apportionment import apportion
from booths.contiguity import is_contiguous


@dataclass(frozen=True)
class Slot:
    """A booth that may be allocated."""

    id: int
    code: str
    hall_id: int
    zone_id: int
    x: int
    y: int
    blocked: bool = False
    taken_by: int | None = None  # an application holding it already (manual, locked)


@dataclass(frozen=True)
class ZoneInfo:
    """A zone and whom it is for."""

    id: int
    kind: str  # international | domestic | technical | pavilion
    province: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Request:
    """An approved application to place."""

    id: int
    booths: int
    country: str
    province: str | None
    tier: int = 0                      # lower is served first (0: supported rural establishments)
    order: int = 0                     # submission order within a tier
    zones: tuple[int, ...] = ()        # preferred zones, in order; empty: by origin
    preferred: tuple[str, ...] = ()    # preferred booth codes
    avoid: tuple[int, ...] = ()        # competitors' application ids


@dataclass
class Allocation:
    """The result: booths per application, the waitlist with reasons, and metrics."""

    assignments: dict[int, list[int]] = field(default_factory=dict)
    waitlist: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)


def origin_of(request: Request) -> str:
    """The group a request belongs to: its province for Vietnam, else its country."""
    return f"VN:{request.province}" if request.country == "VN" else request.country


def eligible_zones(request: Request, zones: dict[int, ZoneInfo]) -> list[int]:
    """The zones a request may be placed in, best first."""
    if request.zones:
        return [zone_id for zone_id in request.zones if zone_id in zones]
    own_pavilions = [z.id for z in zones.values() if z.kind == "pavilion" and (
        (request.country == "VN" and z.province == request.province) or
        (request.country != "VN" and z.country == request.country))]
    general = "domestic" if request.country == "VN" else "international"
    return own_pavilions + sorted(z.id for z in zones.values() if z.kind == general)


def _path(slots: list[Slot]) -> list[Slot]:
    """Booths of one zone in serpentine order (row by row, alternating direction), so runs are compact."""
    rows: dict[tuple[int, int], list[Slot]] = defaultdict(list)
    for slot in slots:
        rows[(slot.hall_id, slot.y)].append(slot)
    ordered = []
    for index, key in enumerate(sorted(rows)):
        row = sorted(rows[key], key=lambda s: s.x, reverse=index % 2 == 1)
        ordered.extend(row)
    return ordered


def allocate(slots: list[Slot], zones: list[ZoneInfo], neighbours: dict[int, set[int]], requests: list[Request],
             *, seed: int = 0) -> Allocation:
    """Place `requests` on `slots`; see the module docstring for the rules and their order."""
    rng = random.Random(seed)
    zone_map = {zone.id: zone for zone in zones}
    result = Allocation()
    owner: dict[int, int] = {slot.id: slot.taken_by for slot in slots if slot.taken_by is not None}
    free_by_zone: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        if not slot.blocked and slot.taken_by is None:
            free_by_zone[slot.zone_id].append(slot)
    paths = {zone_id: _path(zone_slots) for zone_id, zone_slots in free_by_zone.items()}
    code_to_slot = {slot.code: slot for slot in slots}
    avoid: dict[int, set[int]] = defaultdict(set)
    for request in requests:
        for other in request.avoid:
            avoid[request.id].add(other)
            avoid[other].add(request.id)

    def violates_competitors(request_id: int, block: list[Slot]) -> bool:
        for slot in block:
            for neighbour in neighbours.get(slot.id, ()):
                if owner.get(neighbour) in avoid[request_id]:
                    return True
        return False

    def try_block(request: Request, zone_id: int) -> list[Slot] | None:
        path = [slot for slot in paths.get(zone_id, []) if slot.id not in owner]
        wanted = [code_to_slot[c] for c in request.preferred if c in code_to_slot]
        starts = [path.index(s) for s in wanted if s in path] + list(range(len(path)))
        for start in starts:
            block = path[start:start + request.booths]
            if len(block) < request.booths or len({s.hall_id for s in block}) > 1:
                continue
            if not is_contiguous([s.id for s in block], neighbours):
                continue
            if violates_competitors(request.id, block):
                continue
            return block
        return None

    ordered = sorted(requests, key=lambda r: (r.tier, r.order, rng.random()))
    fair_shares: dict[tuple[int, str], int] = {}
    tiers = sorted({request.tier for request in ordered})
    for tier in tiers:
        in_tier = [request for request in ordered if request.tier == tier]
        by_zone: dict[int, list[Request]] = defaultdict(list)
        for request in in_tier:
            zones_ok = eligible_zones(request, zone_map)
            if not zones_ok:
                result.waitlist[request.id] = "no_eligible_zone"
                continue
            by_zone[zones_ok[0]].append(request)
        for zone_id in sorted(by_zone):
            queue = by_zone[zone_id]
            capacity = sum(1 for slot in paths.get(zone_id, []) if slot.id not in owner)
            demand: dict[str, int] = defaultdict(int)
            for request in queue:
                demand[origin_of(request)] += request.booths
            shares = apportion(capacity, demand)
            for group, share in shares.items():
                fair_shares[(zone_id, group)] = fair_shares.get((zone_id, group), 0) + share
            used: dict[str, int] = defaultdict(int)
            # Largest origins first, so pavilion groups take long runs before small ones fragment the zone.
            for group in sorted(demand, key=lambda g: (-demand[g], g)):
                for request in [r for r in queue if origin_of(r) == group]:
                    if used[group] + request.booths > shares[group]:
                        result.waitlist[request.id] = "over_fair_share"
                        continue
                    block = try_block(request, zone_id)
                    if block is None:
                        for other_zone in eligible_zones(request, zone_map)[1:]:
                            block = try_block(request, other_zone)
                            if block:
                                break
                    if block is None:
                        result.waitlist[request.id] = "no_contiguous_block"
                        continue
                    for slot in block:
                        owner[slot.id] = request.id
                    used[group] += request.booths
                    result.assignments[request.id] = [slot.id for slot in block]
                    result.notes[request.id] = ("preferred" if any(s.code in request.preferred for s in block)
                                                else "zone")
    # Second pass: shares left unused (a group that could not fit) go to waitlisted requests, in order.
    for request in ordered:
        if result.waitlist.get(request.id) != "over_fair_share":
            continue
        for zone_id in eligible_zones(request, zone_map):
            block = try_block(request, zone_id)
            if block:
                for slot in block:
                    owner[slot.id] = request.id
                result.assignments[request.id] = [slot.id for slot in block]
                result.notes[request.id] = "leftover"
                del result.waitlist[request.id]
                break
    result.metrics = _metrics(requests, result, slots, neighbours, avoid, owner)
    result.metrics.update(_share_and_compactness(requests, result, slots, fair_shares))
    return result


def _share_and_compactness(requests, result: Allocation, slots, fair_shares) -> dict[str, float]:
    """Worst gap between an origin's booths and its fair share; mean distance (m) to its group's centre."""
    by_id = {slot.id: slot for slot in slots}
    granted: dict[tuple[int, str], int] = defaultdict(int)
    positions: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for request in requests:
        for booth_id in result.assignments.get(request.id, []):
            slot = by_id[booth_id]
            key = (slot.zone_id, origin_of(request))
            granted[key] += 1
            positions[key].append((slot.x, slot.y))
    deviation = max([abs(granted.get(key, 0) - share) for key, share in fair_shares.items()] or [0])
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
    hits = sum(1 for r in with_preferences if result.notes.get(r.id) == "preferred")
    return {
        "booths_requested": requested,
        "booths_granted": granted,
        "fill_rate": round(granted / free, 4) if free else 0.0,
        "contiguity": round(contiguous / len(result.assignments), 4) if result.assignments else 1.0,
        "competitor_adjacencies": competitor_edges,
        "preference_hit_rate": round(hits / len(with_preferences), 4) if with_preferences else 1.0,
        "waitlisted": len(result.waitlist),
    }
