"""Share seats among groups in proportion to their demand: largest remainder (Hamilton). Pure module."""

from collections.abc import Mapping


def apportion(seats: int, demand: Mapping[str, int]) -> dict[str, int]:
    """Give each group floor(quota), then one more to the largest remainders; never more than it asked.

    Ties are broken by larger demand, then by name, so the result is deterministic.
    """
    total = sum(max(0, d) for d in demand.values())
    if seats <= 0 or total == 0:
        return {group: 0 for group in demand}
    if total <= seats:
        return {group: max(0, d) for group, d in demand.items()}
    # In whole numbers, seats * d = share * total + rest: equal remainders compare equal (as floats, 14 * 5 / 49 - 1
    # and 14 * 12 / 49 - 3 do not, and the tie-break by demand would be decided by rounding error).
    parts = {group: divmod(seats * max(0, d), total) for group, d in demand.items()}
    shares = {group: whole for group, (whole, _rest) in parts.items()}
    left = seats - sum(shares.values())
    order = sorted(demand, key=lambda g: (-parts[g][1], -demand[g], g))
    for group in order:
        if left == 0:
            break
        if shares[group] < demand[group]:
            shares[group] += 1
            left -= 1
    return shares


def first_pass_limits(seats: int, sizes: Mapping[str, list[int]]) -> dict[str, int]:
    """How many seats each group may take in the first pass, its requests (`sizes`, in priority order)
    being indivisible.

    A group's requests are taken in order while they fit its share; if the one left over would put it
    above its share by less than it stays below, it may take that one too, and the others' shares are
    worked out again on the seats left (so what one group gains over its share, the others give up in
    proportion, instead of the last group served losing it all). A few rounds at most.
    """
    demand = {group: sum(requested) for group, requested in sizes.items()}
    limits: dict[str, int] = {}
    shares = apportion(seats, demand)
    for _round in range(4):
        over = {}
        for group, share in shares.items():
            used, skipped = 0, []
            for booths in sizes[group]:
                if used + booths <= share:
                    used += booths
                else:
                    skipped.append(booths)
            below = share - used
            closer = [booths for booths in skipped if booths - below < below]
            limits[group] = share
            if closer:
                over[group] = used + min(closer)
        if not over:
            break
        limits.update(over)
        left = {group: demand[group] for group in shares if group not in over}
        shares = apportion(seats - sum(limits[group] for group in limits if group not in left), left)
    return limits
