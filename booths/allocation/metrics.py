"""The measures of an allocation: fill, contiguity, competitors side by side, fair shares, groups. Pure module."""

from collections import defaultdict

from booths.allocation.inputs import Allocation, Request, origin_of
from booths.allocation.zone_blocks import components
from booths.layout.contiguity import is_contiguous


def share_deviation(requests: list[Request], assignments: dict[int, list[int]],
                    shares: dict[tuple[tuple[int, ...], str], int], pool_of: dict[int, tuple[int, ...]]) -> int:
    """The largest gap, in booths, between what an origin got in a pool of zones and its fair share there."""
    granted: dict[tuple[tuple[int, ...], str], int] = defaultdict(int)
    for request in requests:
        if request.id in pool_of:
            granted[(pool_of[request.id], origin_of(request))] += len(assignments.get(request.id, []))
    return max([abs(granted.get(key, 0) - share) for key, share in shares.items()] or [0])


def share_and_compactness(requests, result: Allocation, slots, neighbours) -> dict[str, float]:
    """Worst gap between an origin's booths and its fair share; mean distance (m) to its group's centre;
    clusters per group (pieces of booths joined by shared edges, per origin and zone)."""
    by_id = {slot.id: slot for slot in slots}
    positions: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    group_booths: dict[tuple[int, str], list[int]] = defaultdict(list)
    for request in requests:
        for booth_id in result.assignments.get(request.id, []):
            slot = by_id[booth_id]
            positions[(slot.zone_id, origin_of(request))].append((slot.x, slot.y))
            group_booths[(slot.zone_id, origin_of(request))].append(booth_id)
    deviation = share_deviation(requests, result.assignments, result.shares, result.pools)
    distances = []
    for points in positions.values():
        cx = sum(x for x, _ in points) / len(points)
        cy = sum(y for _, y in points) / len(points)
        distances.extend(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in points)
    compactness = round(sum(distances) / len(distances) / 100, 2) if distances else 0.0
    clusters = [len(components(set(booths), neighbours)) for booths in group_booths.values()]
    return {"worst_share_deviation": deviation, "group_compactness_m": compactness,
            "clusters_per_group": round(sum(clusters) / len(clusters), 2) if clusters else 0.0}


def run_metrics(requests, result: Allocation, slots, neighbours, avoid, owner) -> dict[str, float]:
    """The run's measures: booths asked and granted, fill, contiguity, competitors side by side, wishes met."""
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
