"""The allocation engine's invariants, checked from its inputs and result alone (no engine code): one checker
used after every allocation by the unit, property and flow tests (issue 24).

After any allocation: every request is either placed or waitlisted, never both; a booth goes to one exhibitor;
each block has the booths asked for, in one hall and one zone open to the request, joined by shared edges, with
no blocked booth and none held before the run; competitors (named either way, placed by this run or before)
never share an edge; a waitlist reason is one a user can be shown, and "over fair share" is true of the plan.
"""

from collections import defaultdict

from booths.allocation import engine
from booths.allocation.inputs import eligible_zones, origin_of
from booths.layout.contiguity import is_contiguous

REASONS = {"no_eligible_zone", "over_fair_share", "no_contiguous_block", "competitor_beside"}


def assert_allocation_valid(slots, zones, neighbours, requests, result, competitors=()) -> None:
    """Fail with the broken rule if `result` is not a valid allocation of `requests` on `slots`."""
    by_id = {slot.id: slot for slot in slots}
    zone_map = {zone.id: zone for zone in zones}
    requests_by_id = {request.id: request for request in requests}
    ids = set(requests_by_id)
    assert not set(result.assignments) & set(result.waitlist), "an application both placed and waitlisted"
    assert set(result.assignments) | set(result.waitlist) == ids, "an application neither placed nor waitlisted"
    assert set(result.explanations) == ids, "an application without an explanation"
    owner = {slot.id: slot.taken_by for slot in slots if slot.taken_by is not None}
    for application, booths in result.assignments.items():
        request = requests_by_id[application]
        assert len(booths) == len(set(booths)) == request.booths, (application, booths, request.booths)
        assert len({by_id[booth].hall_id for booth in booths}) == 1, f"{application}'s block spans halls"
        assert len({by_id[booth].zone_id for booth in booths}) == 1, f"{application}'s block spans zones"
        assert by_id[booths[0]].zone_id in eligible_zones(request, zone_map), f"{application} in a zone not open to it"
        assert is_contiguous(booths, neighbours), f"{application}'s block is in pieces"
        for booth in booths:
            assert not by_id[booth].blocked, f"blocked booth {booth} given to {application}"
            assert booth not in owner, f"booth {booth} given to {application} and {owner.get(booth)}"
            owner[booth] = application
        explanation = result.explanations[application]
        assert explanation.outcome != "waitlisted" and explanation.zone_id == by_id[booths[0]].zone_id
    enemies: dict[int, set[int]] = defaultdict(set)
    for first, second in [(r.id, other) for r in requests for other in r.avoid] + list(competitors):
        if first != second:
            enemies[first].add(second)
            enemies[second].add(first)
    for booth, application in owner.items():
        for beside in neighbours.get(booth, ()):
            assert owner.get(beside) not in enemies[application], \
                f"competitors {application} and {owner.get(beside)} side by side at {booth}/{beside}"
    granted: dict[tuple, int] = defaultdict(int)
    for request in requests:
        if request.id in result.pools:
            granted[(result.pools[request.id], origin_of(request))] += len(result.assignments.get(request.id, ()))
    for application, reason in result.waitlist.items():
        assert reason in REASONS, (application, reason)
        assert result.explanations[application].outcome == "waitlisted"
        assert result.explanations[application].reason == reason
        if reason == "no_eligible_zone":
            assert not eligible_zones(requests_by_id[application], zone_map)
        if reason == "over_fair_share":
            key = (result.pools[application], origin_of(requests_by_id[application]))
            assert granted[key] >= result.shares[key], f"{application} waits over a share its group has not reached"
    if result.metrics:
        assert result.metrics["contiguity"] == 1.0 and result.metrics["competitor_adjacencies"] == 0


def checked_allocate(slots, zones, neighbours, requests, **options):
    """`engine.allocate`, then `assert_allocation_valid` on its result: the tests call this instead."""
    result = engine.allocate(slots, zones, neighbours, requests, **options)
    assert_allocation_valid(slots, zones, neighbours, requests, result, options.get("competitors", ()))
    return result
