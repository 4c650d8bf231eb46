"""Closing share gaps after the first pass by ejecting and re-inserting blocks. Pure module.

A group left below its share often waits with a request bigger than any free block, while the booths
it needs are held by small blocks (of groups at or above their share, or its own) around a free piece.
For each waiting request of a group two or more booths below its share, furthest below first, a few
placed blocks around the free booths of its zones are taken out (one to four joined by shared edges, nearest first,
or by the group's own blocks elsewhere, which may move where the request cannot fit),
the request is placed (in a free block or by re-packing), then the blocks taken out and the waiting
requests of groups below their share get one more try. The change is kept only if the booths granted
(a supported booth counting double) do not drop and the gaps of the groups it touched, sorted from
the worst, get smaller; otherwise everything is put back as it was. Tries are counted, in proportion
to the number of requests, so the result stays the same for the same inputs.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from booths.allocation.inputs import Allocation, Request, origin_of

TRIES_PER_REQUEST = 4   # ejection attempts over the whole phase, per request of the run
SEEDS = 12              # placed blocks the ejected sets grow from, per waiting request
EJECTIONS = 80          # sets tried per waiting request
MOST_EJECTED = 4        # blocks taken out at once
REFILL = 8              # waiting requests of groups below their share retried after each ejection


@dataclass
class Plan:
    """The engine's live plan, seen through what the repair needs.

    `gap(key)`: booths granted minus share for a (pool, origin) key; `key_of(id)`; `assigned(id)`;
    `members(key)`: ids of the group's blocks that may move; `size(id)`; `weight(id)`: its booths, a
    supported one counting double; `placed_near(request)`: ids of placed blocks that may move, around
    free booths of the request's zones, then of groups at or above their share there; `adjacent(id)`:
    placed blocks that may move sharing an edge with it; `evict(id)`; `place(request)`: True if placed
    (free block or re-packing); `begin()` starts remembering changes; `touched()` gives the touched
    groups' gaps before and now and the change of score; `end(keep)` forgets the changes, undoing them
    unless `keep`."""

    gap: Callable
    key_of: Callable
    assigned: Callable
    members: Callable
    size: Callable
    weight: Callable
    placed_near: Callable
    adjacent: Callable
    evict: Callable
    place: Callable
    begin: Callable
    touched: Callable
    end: Callable


def repair_shares(waiting: list, plan: Plan, by_id: dict) -> None:
    """Eject-and-insert until no try narrows the gaps (see the module docstring); `waiting`: the requests
    that may wait, in priority order (those placed now too: a block taken out waits in its turn)."""
    tries = TRIES_PER_REQUEST * max(1, len(by_id))
    improved = True
    while improved and tries > 0:
        improved = False
        below = sorted((r for r in waiting if not plan.assigned(r.id) and plan.gap(plan.key_of(r.id)) <= -2),
                       key=lambda r: (plan.gap(plan.key_of(r.id)), r.booths))
        for request in below:
            if plan.assigned(request.id) or plan.gap(plan.key_of(request.id)) > -2:
                continue
            for ejected in _ejections(request, plan):
                if tries <= 0:
                    return
                tries -= 1
                if _try(request, ejected, plan, by_id, waiting):
                    improved = True
                    break


def _ejections(request, plan: Plan) -> list[tuple[int, ...]]:
    """Sets of one to MOST_EJECTED placed blocks near each other (at most one block between), smallest first,
    grown from the blocks around the free booths of the request's zones and from those of groups at or above
    their share, adding blocks beside them or the request group's own blocks elsewhere."""
    layer = list(dict.fromkeys((seed,) for seed in plan.placed_near(request)[:SEEDS]))
    found = list(layer)
    own = plan.members(plan.key_of(request.id))
    for _size in range(1, MOST_EJECTED):
        grown: dict[tuple[int, ...], None] = {}
        for ejected in layer:
            beside = dict.fromkeys(other for member in ejected for other in plan.adjacent(member))
            # and the blocks beside those: a block kept in place may sit between two taken out
            beside.update(dict.fromkeys(far for other in list(beside) for far in plan.adjacent(other)))
            # and the group's own blocks elsewhere: the request may take their place while they move here
            beside.update(dict.fromkeys(m for m in own if m != request.id and plan.assigned(m)))
            for other in beside:
                if other not in ejected:
                    grown[tuple(sorted((*ejected, other)))] = None
            if len(found) + len(grown) >= EJECTIONS:
                break
        layer = list(grown)
        found.extend(layer)
    return found[:EJECTIONS]


def _try(request, ejected: tuple[int, ...], plan: Plan, by_id: dict, waiting: list) -> bool:
    """Take out `ejected`, place the request and put the others back, keeping the change if it narrows the
    gaps; the request goes first, or, if a block taken out is bigger, the biggest first (as a packer would)."""
    others = [by_id[other] for other in ejected]
    orders = [[request] + others]
    if any(other.booths > request.booths for other in others):
        orders.append(sorted([request] + others, key=lambda r: (-r.booths, r is not request)))
    for order in orders:
        plan.begin()
        for other in ejected:
            plan.evict(other)
        placed = [r for r in order if plan.place(r)]
        if request not in placed:
            plan.end(False)
            continue
        _refill(request, plan, waiting)
        _give_back(request, others, plan)
        before, after, score_change = plan.touched()
        keep = score_change >= 0 and sorted(map(abs, after), reverse=True) < sorted(map(abs, before), reverse=True)
        plan.end(keep)
        if keep:
            return True
    return False


def _refill(request, plan: Plan, waiting: list) -> None:
    """Waiting requests of groups below their share in the request's pool get one more try."""
    pool = plan.key_of(request.id)[0]
    refill = sorted((r for r in waiting if not plan.assigned(r.id) and plan.key_of(r.id)[0] == pool
                     and plan.gap(plan.key_of(r.id)) + r.booths <= 1),
                    key=lambda r: (plan.gap(plan.key_of(r.id)), r.booths))
    for other in refill[:REFILL]:
        if plan.gap(plan.key_of(other.id)) + other.booths <= 1:
            plan.place(other)


def _give_back(request, ejected: list, plan: Plan) -> None:
    """If the request's group is now above its share while blocks taken out wait, its own smaller blocks
    make room for them, the least weighty first, while it stays at or above its share."""
    key = plan.key_of(request.id)
    for own in sorted(plan.members(key), key=lambda m: (plan.weight(m), m)):
        unplaced = [other for other in ejected if not plan.assigned(other.id)]
        if not unplaced:
            return
        if own == request.id or not plan.assigned(own) or plan.size(own) > plan.gap(key):
            continue
        plan.evict(own)
        for other in unplaced:
            plan.place(other)


def share_plan(result: Allocation, granted: dict, by_request: dict, blocks: dict, owner: dict, neighbours: dict,
                movable: Callable, slot_by_zone: dict, zones_of: Callable, journal: list, evict: Callable,
                restore: Callable, place: Callable) -> Plan:
    """The plan as the share repair sees it, with an undo journal over the engine's own moves."""
    def key_of(application: int) -> tuple:
        return (result.pools[application], origin_of(by_request[application]))

    def gap(key: tuple) -> int:
        return granted.get(key, 0) - result.shares.get(key, 0)

    def weight(application: int) -> int:
        request = by_request[application]
        return (2 if request.tier == 0 else 1) * request.booths

    def may_go(application) -> bool:
        return application in result.assignments and application in result.pools and movable(application)

    members: dict[tuple, list[int]] = defaultdict(list)
    for application in sorted(result.assignments):
        if may_go(application):
            members[key_of(application)].append(application)

    def placed_near(request: Request) -> list[int]:
        """Blocks touching free booths of the request's zones, then blocks of groups at or above their share there."""
        found: dict[int, None] = {}
        zones = [zone_id for zone_id in zones_of(request) if zone_id in blocks]
        for zone_id in zones:
            for booth in sorted(blocks[zone_id].free):
                found.update(dict.fromkeys(sorted(a for a in {owner.get(n) for n in neighbours.get(booth, ())}
                                                  if a is not None and may_go(a))))
                if len(found) >= SEEDS:
                    return list(found)
        for key in sorted((k for k in members if gap(k) >= 0), key=lambda k: (-gap(k), k)):
            found.update(dict.fromkeys(a for a in members[key] if may_go(a)
                                       and slot_by_zone[result.assignments[a][0]] in zones))
        return list(found)

    def adjacent(application: int) -> list[int]:
        return sorted({owner[n] for b in result.assignments.get(application, ()) for n in neighbours.get(b, ())
                       if n in owner and owner[n] != application and may_go(owner[n])})

    def settle_waiting(request: Request) -> bool:
        if place(request):
            result.waitlist.pop(request.id, None)
            return True
        return False

    def begin() -> None:
        journal.append({})

    def touched() -> tuple[list[int], list[int], int]:
        saved = journal[-1]
        change: dict[tuple, int] = {}
        score = 0
        for application, (booth_ids, _reason, _explanation) in saved.items():
            now = len(result.assignments.get(application, ()))
            then = len(booth_ids or ())
            change[key_of(application)] = change.get(key_of(application), 0) + now - then
            score += weight(application) * ((now > 0) - (then > 0))
        return [gap(k) - c for k, c in change.items()], [gap(k) for k in change], score

    def end(keep: bool) -> None:
        saved = journal.pop()
        if keep:
            return
        for application in saved:
            if application in result.assignments:
                evict(by_request[application])
        for application, (booth_ids, reason, explanation) in saved.items():
            if booth_ids:
                restore(by_request[application], booth_ids, explanation)
            if reason is None:
                result.waitlist.pop(application, None)
            else:
                result.waitlist[application] = reason
            if explanation is None:
                result.explanations.pop(application, None)
            else:
                result.explanations[application] = explanation

    return Plan(gap, key_of, lambda a: a in result.assignments, lambda key: members.get(key, []),
                lambda a: by_request[a].booths, weight, placed_near, adjacent,
                lambda a: evict(by_request[a]), settle_waiting, begin, touched, end)
