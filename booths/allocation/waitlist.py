"""What becomes of the requests still waiting after the first pass: booths left over, re-packing, giving
way to groups below their share, and a waitlist reason that is true of the final plan. Pure module."""

import heapq
from collections import defaultdict
from collections.abc import Callable

from booths.allocation.inputs import Allocation, Request, eligible_zones, origin_of


def leftovers(ordered: list[Request], result: Allocation, granted: dict, rank: dict,
               settle: Callable[[Request, str], bool], repack: Callable[[Request], bool]) -> None:
    """Booths still free go to waiting requests: next, the smallest waiting request of the group that would
    end least above its share with it (so the groups furthest below their shares first), in a free block
    or, failing that, by re-packing a few islands to make room. Each request is tried once."""
    waiting: dict[tuple, list[Request]] = defaultdict(list)
    for request in ordered:
        if result.waitlist.get(request.id, "no_eligible_zone") != "no_eligible_zone":
            waiting[(result.pools[request.id], origin_of(request))].append(request)
    for queue in waiting.values():
        queue.sort(key=lambda r: (r.booths, rank[r.id]))

    def entry(key: tuple) -> tuple:
        first = waiting[key][0]
        return (granted.get(key, 0) + first.booths - result.shares.get(key, 0), rank[first.id], key)
    heap = [entry(key) for key in waiting]
    heapq.heapify(heap)
    while heap:
        *_order, key = heapq.heappop(heap)
        request = waiting[key].pop(0)
        if settle(request, "leftover") or repack(request):
            result.waitlist.pop(request.id, None)
        if waiting[key]:
            heapq.heappush(heap, entry(key))


def rebalance(ordered: list[Request], result: Allocation, granted: dict, by_request: dict, slot_by_zone: dict,
               zone_map: dict, movable: Callable[[int], bool], evict: Callable, restore: Callable,
               place: Callable[[Request], bool]) -> None:
    """Give way to groups left two or more booths below their share: a block this run gave a group above
    its share yields to a waiting request of the group below, in a zone the latter may have, when that
    narrows the worst gap of the two and grants at least as much (a supported booth counting double).
    The block that yielded gets one more try elsewhere."""
    def gap(key: tuple) -> int:
        return granted.get(key, 0) - result.shares.get(key, 0)

    def weight(request: Request) -> int:
        return (2 if request.tier == 0 else 1) * request.booths
    placed_by_group: dict[tuple, list[int]] = defaultdict(list)  # (pool, origin) -> blocks placed by this run
    for other_id in result.assignments:
        if other_id in by_request and other_id in result.pools:
            placed_by_group[(result.pools[other_id], origin_of(by_request[other_id]))].append(other_id)
    for request in ordered:
        if result.waitlist.get(request.id, "no_eligible_zone") == "no_eligible_zone":
            continue
        key = (result.pools[request.id], origin_of(request))
        zones = set(eligible_zones(request, zone_map))
        if gap(key) > -2:
            continue
        candidates = []
        for other_key, members in placed_by_group.items():
            if other_key == key or gap(other_key) < 1:
                continue
            for other_id in members:
                other = by_request[other_id]
                if (other_id not in result.assignments or not movable(other_id) or weight(other) > weight(request)
                        or slot_by_zone[result.assignments[other_id][0]] not in zones):
                    continue
                before = max(-gap(key), gap(other_key))
                after = max(abs(gap(key) + request.booths), abs(gap(other_key) - other.booths))
                if after < before:
                    candidates.append((after, -gap(other_key), other.booths, other_id))
        for *_score, other_id in sorted(candidates)[:5]:
            other = by_request[other_id]
            booth_ids, explanation = evict(other)
            if place(request):
                result.waitlist.pop(request.id, None)
                if place(other):
                    result.waitlist.pop(other_id, None)
                break
            restore(other, booth_ids, explanation)


def true_reason(request: Request, reason: str, result: Allocation, granted: dict, blocks: dict, zone_map: dict,
                 avoid: dict, booths_of: dict, neighbours: dict) -> tuple[str, tuple[int, ...]]:
    """The waitlist reason that holds on the final plan, and the competitors it names.

    over_fair_share only if the group ended at or above its share; otherwise no free block was left
    for the request: competitor_beside if free blocks of its size exist but each touches a competitor,
    else no_contiguous_block."""
    if reason == "no_eligible_zone":
        return reason, ()
    key = (result.pools[request.id], origin_of(request))
    if reason == "over_fair_share" and granted.get(key, 0) >= result.shares.get(key, 0):
        return reason, ()
    zones = [z for z in eligible_zones(request, zone_map) if z in blocks]
    if any(blocks[z].has_room(request.booths) for z in zones):
        beside = {n: enemy for enemy in avoid.get(request.id, ()) for booth in booths_of.get(enemy, ())
                  for n in neighbours.get(booth, ())}
        near = {beside[b] for z in zones for b in blocks[z].free if b in beside}
        return "competitor_beside", tuple(sorted(near))
    return "no_contiguous_block", ()
