"""Booth allocation: fair, explainable placement of exhibitors. Pure module (dataclasses in and out).

Hard rules, never broken, over the whole fair: a booth holds at most one exhibitor; an exhibitor's
booths lie in one eligible zone and form one block joined by shared edges (so never across an
aisle); blocked and already taken (locked, manual, committed earlier) booths are left alone;
competitors never share an edge, whichever side named the other and whether or not the other is
placed by this run (`competitors` carries the pairs involving applications that already hold
booths). Then, in order: higher priority tiers first; within a tier, each zone's booths are shared
among provinces and countries in proportion to their demand (largest remainder); exhibitors of one
origin are placed together along the zone; preferred booths are honoured when free, then wished
neighbours; a straight run along one row comes before any other shape (see zone_blocks.py). Booths
a group's share left unused go to the waitlisted groups furthest below their shares; a group still two
or more below gets room by taking out and putting back a few blocks nearby (share_repair.py). Unplaced
applications are waitlisted with a reason that is true of the final plan. The same inputs and seed
always give the same result.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from booths.allocation.apportionment import apportion, first_pass_limits
from booths.allocation.improve import Repacker
from booths.allocation.inputs import (
    Allocation,
    Explanation,
    Request,
    Slot,
    ZoneInfo,
    eligible_zones,
    origin_of,
    primary_zones,
    zone_tiers,
)
from booths.allocation.metrics import run_metrics, share_and_compactness, share_deviation
from booths.allocation.share_repair import repair_shares, share_plan
from booths.allocation.waitlist import leftovers, rebalance, true_reason
from booths.allocation.zone_blocks import ZoneBlocks

STEPS_PER_BOOTH = 40  # search steps of the improvement phase, per booth of the fair

__all__ = ["Allocation", "Explanation", "Request", "Slot", "ZoneInfo", "allocate", "eligible_zones", "origin_of",
           "primary_zones", "share_deviation"]


def allocate(slots: list[Slot], zones: list[ZoneInfo], neighbours: dict[int, set[int]], requests: list[Request],
             *, seed: int = 0, competitors: Iterable[tuple[int, int]] = (),
             progress: Callable[[float], None] | None = None) -> Allocation:
    """Place `requests` on `slots`; see the module docstring for the rules and their order.

    `competitors`: more pairs of applications that must not share an edge (either order), beyond the
    requests' own `avoid` lists, typically with applications already holding booths.
    `progress`, if given, is called now and then with the share of requests handled (0 to 1).
    """
    rng = random.Random(seed)
    zone_map = {zone.id: zone for zone in zones}
    result = Allocation()
    owner: dict[int, int] = {slot.id: slot.taken_by for slot in slots if slot.taken_by is not None}
    booths_of: dict[int, list[int]] = defaultdict(list)
    for booth, holder in owner.items():
        booths_of[holder].append(booth)
    by_zone_slots: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_zone_slots[slot.zone_id].append(slot)
    blocks = {zone_id: ZoneBlocks(zone_slots, neighbours) for zone_id, zone_slots in by_zone_slots.items()}
    slot_by_code = {slot.code: slot for slot in slots}
    slot_by_zone = {slot.id: slot.zone_id for slot in slots}
    group_booths: dict[str, set[int]] = defaultdict(set)  # origin -> booths its exhibitors hold (this run)
    avoid: dict[int, set[int]] = defaultdict(set)
    for first, second in [(r.id, other) for r in requests for other in r.avoid] + list(competitors):
        if first != second:
            avoid[first].add(second)
            avoid[second].add(first)

    def beside_competitors(application: int) -> set[int]:
        """The booths sharing an edge with a competitor's: none of them may be in the application's block."""
        return {n for enemy in avoid.get(application, ()) for booth in booths_of.get(enemy, ())
                for n in neighbours.get(booth, ())}

    # Preferred booths (in a zone open to the asker) are kept for their askers while any is unplaced:
    # another block takes one only when nothing else fits.
    askers: dict[int, set[int]] = defaultdict(set)
    for request in requests:
        for code in request.preferred:
            slot = slot_by_code.get(code)
            if slot is not None and slot.zone_id in eligible_zones(request, zone_map):
                askers[slot.id].add(request.id)
                blocks[slot.zone_id].keep(slot.id)

    def find_block(request: Request) -> tuple[list[Slot], str, int] | None:
        """The block for `request`: (block, how it was found, rank of its zone among the eligible ones).

        Tier by tier of zones: at a preferred booth, beside a wished neighbour, the first straight run,
        then the best other shape; keeping clear of booths others prefer if it can."""
        competitors_beside = beside_competitors(request.id)
        eligible = eligible_zones(request, zone_map)
        for forbidden, clear in ((_Avoid(competitors_beside, askers, request.id), True), (competitors_beside, False)):
            for tier in zone_tiers(request, zone_map):
                found = _search_tier(request, tier, forbidden, clear)
                if found:
                    return found[0], found[1], eligible.index(found[0][0].zone_id)
        return None

    def _search_tier(request: Request, tier: tuple[int, ...], forbidden, clear: bool) -> tuple[list[Slot], str] | None:
        count = request.booths
        for code in request.preferred:
            slot = slot_by_code.get(code)
            if slot is not None and slot.zone_id in tier and slot.zone_id in blocks:
                found = _named(blocks[slot.zone_id].around(slot.id, count, forbidden), "preferred")
                if found:
                    return found
        for friend in request.near:  # a free booth beside a wished neighbour already placed
            for booth in booths_of.get(friend, ()):
                for beside in sorted(neighbours.get(booth, ())):
                    zone_id = slot_by_zone.get(beside)
                    if zone_id in tier and zone_id in blocks:
                        found = _named(blocks[zone_id].around(beside, count, forbidden), "near")
                        if found:
                            return found
        for zone_id in tier:
            if zone_id in blocks:
                found = _named(blocks[zone_id].straight(count, forbidden, clear=clear,
                                                        beside=group_booths[origin_of(request)]), "zone")
                if found:
                    return found
        for zone_id in tier:
            if zone_id in blocks:
                found = _named(blocks[zone_id].shaped(count, forbidden), "zone")
                if found:
                    return found
        return None

    def let_go(request: Request) -> None:
        """The request is placed or waitlisted: its preferred booths are no longer kept for it."""
        for code in request.preferred:
            slot = slot_by_code.get(code)
            if slot is not None and request.id in askers.get(slot.id, ()):
                askers[slot.id].discard(request.id)
                if not askers[slot.id]:
                    blocks[slot.zone_id].unkeep(slot.id)

    journal: list[dict] = []  # while the share repair tries a change: id -> (booths, reason, explanation) before

    def remember(application: int) -> None:
        if journal and application not in journal[-1]:
            journal[-1][application] = (result.assignments.get(application), result.waitlist.get(application),
                                        result.explanations.get(application))

    def place(request: Request, block: list[Slot]) -> None:
        remember(request.id)
        blocks[block[0].zone_id].take([slot.id for slot in block])
        group_booths[origin_of(request)].update(slot.id for slot in block)
        let_go(request)
        for slot in block:
            owner[slot.id] = request.id
        booths_of[request.id] = [slot.id for slot in block]
        result.assignments[request.id] = [slot.id for slot in block]

    ordered = sorted(requests, key=lambda r: (r.tier, r.order, rng.random()))
    rank = {request.id: (request.tier, position) for position, request in enumerate(ordered)}
    shares_seen: dict[int, tuple[int, int, int]] = {}  # request id -> (zone, share, demand)
    granted: dict[tuple[tuple[int, ...], str], int] = defaultdict(int)  # (pool, origin) -> booths placed
    reported = [0]

    def report() -> None:
        decided = len(result.assignments) + len(result.waitlist)
        if progress is not None and decided - reported[0] >= 500:
            reported[0] = decided
            progress(decided / len(ordered))

    def settle(request: Request, how: str) -> bool:
        """Place the request if a block is free: True if placed."""
        found = find_block(request)
        if found is None:
            return False
        block, found_how, zone_rank = found
        place(request, block)
        granted[(result.pools[request.id], origin_of(request))] += request.booths
        result.explanations[request.id] = _explain(request, how or found_how, block[0].zone_id, zone_rank,
                                                   shares_seen[request.id])
        return True

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
            capacity = sum(blocks[zone_id].free_count for zone_id in pool if zone_id in blocks)
            demand: dict[str, int] = defaultdict(int)
            members: dict[str, list[Request]] = defaultdict(list)
            for request in queue:
                demand[origin_of(request)] += request.booths
                members[origin_of(request)].append(request)
            shares = apportion(capacity, demand)
            for group, share in shares.items():
                result.shares[(pool, group)] = result.shares.get((pool, group), 0) + share
            limits = first_pass_limits(capacity, {group: [r.booths for r in queue] for group, queue in members.items()})
            used: dict[str, int] = defaultdict(int)
            # Largest origins first, so pavilion groups take long runs before small ones fragment the zone;
            # a group's blocks one after another, so it stays together along the zone.
            for group in sorted(demand, key=lambda g: (-demand[g], g)):
                for request in members[group]:
                    report()
                    shares_seen[request.id] = (pool[0], shares[group], demand[group])
                    result.pools[request.id] = pool
                    if used[group] + request.booths > limits[group]:
                        rest = tuple(z for z in eligible_zones(request, zone_map) if z not in pool)
                        if rest and rest not in done:
                            by_pool[rest].append(request)
                            continue
                        result.waitlist[request.id] = "over_fair_share"
                        let_go(request)
                    elif settle(request, ""):
                        used[group] += request.booths
                    else:
                        result.waitlist[request.id] = "no_contiguous_block"
                        let_go(request)
    held_before = set(booths_of) - set(result.assignments)

    def movable(application: int) -> bool:
        return (application not in held_before
                and result.explanations[application].outcome not in ("preferred", "near"))

    def move(changes: dict[int, list[int]]) -> None:
        for application in changes:
            remember(application)
            if application in result.assignments:
                blocks[slot_by_zone[result.assignments[application][0]]].release(result.assignments[application])
                group_booths[origin_of(by_request[application])].difference_update(result.assignments[application])
        for application, booth_ids in changes.items():
            blocks[slot_by_zone[booth_ids[0]]].take(booth_ids)
            owner.update({booth: application for booth in booth_ids})
            booths_of[application] = result.assignments[application] = booth_ids
            group_booths[origin_of(by_request[application])].update(booth_ids)
            if application in result.waitlist:
                request = by_request[application]
                del result.waitlist[application]
                granted[(result.pools[application], origin_of(request))] += request.booths
                zone_id = slot_by_zone[booth_ids[0]]
                result.explanations[application] = _explain(request, "repacked", zone_id,
                                                            eligible_zones(request, zone_map).index(zone_id),
                                                            shares_seen[application])
    by_request = {request.id: request for request in requests}
    repacker = Repacker(blocks, lambda r: eligible_zones(r, zone_map), owner, booths_of, movable,
                        lambda application: avoid.get(application, set()), beside_competitors, move,
                        steps=STEPS_PER_BOOTH * len(slots))
    leftovers(ordered, result, granted, rank, settle, repacker.place)
    for request in ordered:  # re-packing may have joined free pieces: one more try for everyone still waiting
        if result.waitlist.get(request.id, "no_eligible_zone") != "no_eligible_zone" and settle(request, "leftover"):
            del result.waitlist[request.id]

    def evict(request: Request) -> tuple[list[int], Explanation]:
        remember(request.id)
        booth_ids = result.assignments.pop(request.id)
        blocks[slot_by_zone[booth_ids[0]]].release(booth_ids)
        for booth in booth_ids:
            del owner[booth]
        del booths_of[request.id]
        group_booths[origin_of(request)].difference_update(booth_ids)
        granted[(result.pools[request.id], origin_of(request))] -= request.booths
        result.waitlist[request.id] = "over_fair_share"
        return booth_ids, result.explanations.pop(request.id)

    def restore(request: Request, booth_ids: list[int], explanation: Explanation) -> None:
        remember(request.id)
        blocks[slot_by_zone[booth_ids[0]]].take(booth_ids)
        owner.update({booth: request.id for booth in booth_ids})
        booths_of[request.id] = result.assignments[request.id] = booth_ids
        group_booths[origin_of(request)].update(booth_ids)
        granted[(result.pools[request.id], origin_of(request))] += request.booths
        result.explanations[request.id] = explanation
        del result.waitlist[request.id]
    rebalance(ordered, result, granted, by_request, slot_by_zone, zone_map, movable, evict, restore,
               lambda r: settle(r, "leftover") or repacker.place(r))
    repair_shares([r for r in ordered if r.id in result.pools],
                  share_plan(result, granted, by_request, blocks, owner, neighbours, movable, slot_by_zone,
                              lambda r: eligible_zones(r, zone_map), journal, evict, restore,
                              lambda r: settle(r, "leftover") or repacker.place(r)), by_request)
    for request_id, reason in result.waitlist.items():
        request = by_request[request_id]
        zone_id, share, demand = shares_seen.get(request_id, (None, None, None))
        reason, enemies = true_reason(request, reason, result, granted, blocks, zone_map, avoid, booths_of,
                                       neighbours)
        result.waitlist[request_id] = reason
        result.explanations[request_id] = Explanation(
            origin_of(request), "waitlisted", zone_id, share=share, demand=demand, reason=reason,
            competitors=enemies,
            granted=granted.get((result.pools[request_id], origin_of(request))) if request_id in result.pools else None)
    for request_id, explanation in list(result.explanations.items()):
        request = by_request[request_id]
        mine = set(result.assignments.get(request_id, ()))
        missed = tuple((code, _why_missed(slot_by_code.get(code), request, owner, rank))
                       for code in request.preferred
                       if code not in slot_by_code or slot_by_code[code].id not in mine)
        result.explanations[request_id] = replace(explanation, missed=missed, chose_zones=bool(request.zones))
    if progress is not None:
        progress(1.0)
    result.metrics = run_metrics(requests, result, slots, neighbours, avoid, owner)
    result.metrics.update(share_and_compactness(requests, result, slots, neighbours))
    return result


class _Avoid:
    """The booths a block must keep clear of: beside a competitor, or preferred by another applicant still
    unplaced (a booth preferred by the request itself is fine)."""

    def __init__(self, beside: set[int], askers: dict[int, set[int]], request_id: int):
        self.beside, self.askers, self.request_id = beside, askers, request_id

    def __contains__(self, booth: object) -> bool:
        if booth in self.beside:
            return True
        waiting = self.askers.get(booth)  # type: ignore[call-overload]
        return bool(waiting) and self.request_id not in waiting

    def __bool__(self) -> bool:
        return True


def _named(block: list | None, how: str) -> tuple[list, str] | None:
    return (block, how) if block else None


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
