"""The improvement phase: make room for waitlisted applications by re-packing a few islands. Pure module.

After the constructive pass a zone often has enough free booths for a waiting application, but in
pieces (a single booth at a row's end here, two there). For each waiting application, in order of
priority, a small region of the zone (a run of consecutive islands holding enough free booths) is
re-packed: the blocks placed there by this run that may move (no competitor named either way, not
at a preferred booth or beside a wished neighbour) and the waiting application are fitted into the
region's free and movable booths by a depth-first search, cell by cell along the islands, trying
each block's current place first, then straight runs, then other shapes. A success moves the
blocks and places the application; a search that runs out of its share of the budget is dropped.
The budget counts search steps (not seconds), in proportion to the fair's size, so the result stays
the same for the same inputs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from booths.allocation.zone_blocks import ZoneBlocks

REGION_BOOTHS = 48   # the largest region re-packed at once
STEPS_PER_SEARCH = 4_000


@dataclass
class _Kind:
    """Interchangeable blocks to fit: their size, how many, booths they may not use, their current places."""

    size: int
    forbidden: frozenset
    members: list   # request ids
    current: list   # their current blocks


class _OutOfSteps(Exception):
    pass


class Packer:
    """Fit blocks of given sizes into a set of cells joined by shared edges, exactly or with spare cells."""

    def __init__(self, cells: list[int], zone: ZoneBlocks, steps: int):
        self.cells = cells
        self.order = {cell: index for index, cell in enumerate(cells)}
        self.zone = zone
        self.steps = steps
        self.used_steps = 0

    def _shapes(self, cell: int, size: int, open_cells: set[int], kind: _Kind) -> list[frozenset]:
        """Blocks of `size` open cells whose first cell in the scan order is `cell`, current places first,
        then by rows spanned and compactness."""
        neighbours = self.zone.neighbours
        later = {c for c in open_cells if self.order[c] > self.order[cell]}
        if size > 4:  # only straight runs along the cell's row, and current places
            row = self.zone.row_of[cell]
            run, current = [cell], cell
            while len(run) < size:
                ahead = [n for n in neighbours[current] if n in later and self.zone.row_of[n] == row and n not in run]
                if not ahead:
                    break
                current = ahead[0]
                run.append(current)
            shapes = {frozenset(run)} if len(run) == size else set()
        else:
            shapes = {frozenset([cell])}
            for _ in range(size - 1):
                shapes = {shape | {other} for shape in shapes for booth in shape
                          for other in neighbours[booth] if other in later and other not in shape}
        shapes |= {block for block in kind.current if cell in block and block - {cell} <= later}
        shapes = [shape for shape in shapes if not shape & kind.forbidden]
        return sorted(shapes, key=lambda shape: (shape not in kind.current, self._rows(shape), self._excess(shape),
                                                 sorted(self.order[c] for c in shape)))

    def _rows(self, shape: frozenset) -> int:
        return len({self.zone.row_of[c] for c in shape})

    def _excess(self, shape: frozenset) -> int:
        by_id = self.zone.by_id
        return len({by_id[c].x for c in shape}) * len({by_id[c].y for c in shape}) - len(shape)

    def solve(self, kinds: list[_Kind]) -> list[list[frozenset]] | None:
        """Blocks for every kind (as many as its count), or None if they do not fit (or the steps ran out)."""
        spare = len(self.cells) - sum(kind.size * len(kind.members) for kind in kinds)
        if spare < 0:
            return None
        open_cells = set(self.cells)
        placed: list[list[frozenset]] = [[] for _ in kinds]
        left = [len(kind.members) for kind in kinds]
        order = sorted(range(len(kinds)), key=lambda k: -kinds[k].size)

        def search(index: int, spare: int) -> bool:
            self.used_steps += 1
            if self.used_steps > self.steps:
                raise _OutOfSteps
            if not any(left):
                return True
            while index < len(self.cells) and self.cells[index] not in open_cells:
                index += 1
            if index == len(self.cells):
                return False
            cell = self.cells[index]
            for k in order:
                if not left[k]:
                    continue
                for shape in self._shapes(cell, kinds[k].size, open_cells, kinds[k]):
                    open_cells.difference_update(shape)
                    left[k] -= 1
                    placed[k].append(shape)
                    if search(index + 1, spare):
                        return True
                    placed[k].pop()
                    left[k] += 1
                    open_cells.update(shape)
            if spare > 0:  # leave this cell empty
                open_cells.discard(cell)
                if search(index + 1, spare - 1):
                    return True
                open_cells.add(cell)
            return False

        try:
            return placed if search(0, spare) else None
        except _OutOfSteps:
            return None


def regions(zone: ZoneBlocks, need: int) -> list[list[int]]:
    """Runs of consecutive islands of at most REGION_BOOTHS booths holding at least `need` free booths,
    the smallest first (each island starts at most one run)."""
    found = []
    for first in range(len(zone.islands)):
        booths, free, last = 0, 0, first
        while last < len(zone.islands) and booths + len(zone.islands[last]) <= REGION_BOOTHS:
            booths += len(zone.islands[last])
            free += len(zone.free & zone.islands[last])
            last += 1
            if free >= need:
                found.append(list(range(first, last)))
                break
    return sorted(found, key=lambda islands: (sum(len(zone.islands[i]) for i in islands), islands))


@dataclass
class Repacker:
    """Places waiting requests by re-packing a region of an eligible zone, within a budget of search steps.

    `holder` and `booths_of` are the engine's live maps; `movable(id)`: may this block move at all;
    `enemies(id)`: its competitors; `forbidden_for(id)`: booths beside its competitors'; `move` applies
    a success ({request id: new booths}, the waiting one included)."""

    blocks: dict[int, ZoneBlocks]
    zones_for: Callable
    holder: dict[int, int]
    booths_of: dict[int, list[int]]
    movable: Callable[[int], bool]
    enemies: Callable[[int], set[int]]
    forbidden_for: Callable[[int], set[int]]
    move: Callable[[dict[int, list[int]]], None]
    steps: int

    def place(self, request) -> bool:
        """Try to make room for `request`; True if it was placed."""
        for zone_id in self.zones_for(request):
            zone = self.blocks.get(zone_id)
            if zone is None or zone.free_count < request.booths:
                continue
            for islands in regions(zone, request.booths):
                if self.steps <= 0:
                    return False
                if self._repack(request, zone, islands):
                    return True
        return False

    def _repack(self, request, zone: ZoneBlocks, islands: list[int]) -> bool:
        holder, booths_of = self.holder, self.booths_of
        cells_in = set().union(*(zone.islands[i] for i in islands))
        movers = sorted({holder[b] for b in cells_in if b in holder and self.movable(holder[b])
                         and set(booths_of[holder[b]]) <= cells_in})
        # A block whose competitor is the newcomer or holds booths here stays put, so every block's
        # booths to avoid are known before the search.
        present = {request.id} | {holder[b] for b in cells_in if b in holder}
        movers = [m for m in movers if not self.enemies(m) & present]
        cells = [c for i in islands for c in zone.scan_order(i)
                 if c in zone.free or (c in holder and holder[c] in movers)]
        kinds: dict[tuple, _Kind] = {}
        for member in movers + [request.id]:
            size = len(booths_of[member]) if member != request.id else request.booths
            forbidden = frozenset(self.forbidden_for(member) & cells_in)
            kind = kinds.setdefault((size, forbidden), _Kind(size, forbidden, [], []))
            kind.members.append(member)
            if member != request.id:
                kind.current.append(frozenset(booths_of[member]))
        packer = Packer(cells, zone, min(STEPS_PER_SEARCH, self.steps))
        layout = packer.solve(list(kinds.values()))
        self.steps -= packer.used_steps
        if layout is None:
            return False
        self.move(_assign(list(kinds.values()), layout, booths_of))
        return True


def _assign(kinds: list[_Kind], layout: list[list[frozenset]], booths_of: dict) -> dict[int, list[int]]:
    """Who gets which block: each mover keeps its block if it is still there, the rest in order."""
    result: dict[int, list[int]] = {}
    for kind, shapes in zip(kinds, layout, strict=True):
        members, free_shapes = list(kind.members), list(shapes)
        for member in kind.members:
            current = frozenset(booths_of.get(member, ()))
            if current in free_shapes:
                free_shapes.remove(current)
                members.remove(member)
                result[member] = sorted(current)
        for member, shape in zip(members, free_shapes, strict=True):
            result[member] = sorted(shape)
    return result
