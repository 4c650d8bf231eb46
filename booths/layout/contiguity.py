"""Is a set of booths one contiguous block? Pure module."""

from collections.abc import Hashable, Iterable, Mapping


def is_contiguous(booths: Iterable[Hashable], neighbours: Mapping[Hashable, set]) -> bool:
    """True if every booth can be reached from any other through shared edges inside the set."""
    chosen = set(booths)
    if len(chosen) <= 1:
        return True
    start = next(iter(chosen))
    seen, frontier = {start}, [start]
    while frontier:
        current = frontier.pop()
        for other in neighbours.get(current, ()):
            if other in chosen and other not in seen:
                seen.add(other)
                frontier.append(other)
    return seen == chosen
