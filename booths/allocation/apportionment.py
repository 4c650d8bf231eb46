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
    quotas = {group: seats * max(0, d) / total for group, d in demand.items()}
    shares = {group: int(quota) for group, quota in quotas.items()}
    left = seats - sum(shares.values())
    order = sorted(demand, key=lambda g: (-(quotas[g] - shares[g]), -demand[g], g))
    for group in order:
        if left == 0:
            break
        if shares[group] < demand[group]:
            shares[group] += 1
            left -= 1
    return shares
