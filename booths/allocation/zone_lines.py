"""A zone's booths laid out as one line, and the index of its free stretches. Pure module.

The allocation engine (and the first-come-first-served baseline in bench/) place blocks along this
line: any stretch without a break is a contiguous block, and filling the line in order keeps groups
compact, island after island.
"""

from collections import defaultdict

from booths.allocation.free_runs import FreeRuns


def zone_path(slots: list, neighbours: dict[int, set[int]]) -> list:
    """A zone's booths as one line: island by island (booths joined by shared edges), each island row by
    row in alternating direction, with None wherever two consecutive booths do not share an edge.

    `slots` are the engine's `Slot`s (id, hall_id, x, y).
    """
    by_id = {slot.id: slot for slot in slots}
    seen: set[int] = set()
    islands = []
    for slot in sorted(slots, key=lambda s: (s.hall_id, s.y, s.x, s.id)):
        if slot.id in seen:
            continue
        island, frontier = [], [slot.id]
        seen.add(slot.id)
        while frontier:
            current = frontier.pop()
            island.append(by_id[current])
            for other in neighbours.get(current, ()):
                if other in by_id and other not in seen:
                    seen.add(other)
                    frontier.append(other)
        islands.append(island)
    line: list = []
    for island in islands:
        rows: dict[int, list] = defaultdict(list)
        for slot in island:
            rows[slot.y].append(slot)
        for index, y in enumerate(sorted(rows)):
            for slot in sorted(rows[y], key=lambda s: (s.x, s.id), reverse=index % 2 == 1):
                if line and line[-1] is not None and slot.id not in neighbours.get(line[-1].id, ()):
                    line.append(None)
                line.append(slot)
        if line and line[-1] is not None:
            line.append(None)
    return line


class ZoneLine:
    """A zone's line of booths and the index of its free runs (blocked and taken booths are not free)."""

    def __init__(self, slots: list, neighbours: dict[int, set[int]]):
        self.line = zone_path(slots, neighbours)
        self.position = {slot.id: index for index, slot in enumerate(self.line) if slot is not None}
        self.runs = FreeRuns([slot is not None and not slot.blocked and slot.taken_by is None for slot in self.line])

    def block_at(self, start: int, count: int) -> list:
        """The booths of the stretch starting at `start` (`count` cells long)."""
        return [slot for slot in self.line[start:start + count] if slot is not None]
