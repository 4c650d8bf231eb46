"""A zone's booths as the hall really joins them: islands, rows and free blocks of any shape. Pure module.

Two booths are neighbours when they share an edge (an aisle between them breaks it), so a block is
any connected set of free booths of one zone, and a block never spans an aisle. Shapes are ranked
as an organizer would rank them: a straight run along one row of an island (one frontage on one
aisle) first; when no straight run of the size is free, the most compact other shape (an L, two
rows back to back, a block around an island's end), leaving the fewest single booths stranded.

Straight runs are found with a segment tree over the zone's rows laid end to end (a break between
rows, so a run never turns a corner), which answers "first run of k free booths" in O(log n) at
Canton-Fair scale. Other shapes are searched island by island, and only in islands whose largest
free connected piece (cached, recomputed when a booth of the island is taken) is big enough, so a
free connected block of the size is always found when one exists.
"""

import heapq
from collections import Counter, defaultdict
from collections.abc import Container

from booths.allocation.free_runs import FreeRuns


def components(nodes: set[int], neighbours: dict[int, set[int]]) -> list[set[int]]:
    """The connected pieces of `nodes` through shared edges, in order of their smallest id."""
    seen: set[int] = set()
    pieces = []
    for node in sorted(nodes):
        if node in seen:
            continue
        piece, frontier = {node}, [node]
        seen.add(node)
        while frontier:
            current = frontier.pop()
            for other in neighbours.get(current, ()):
                if other in nodes and other not in seen:
                    seen.add(other)
                    piece.add(other)
                    frontier.append(other)
        pieces.append(piece)
    return pieces


def _wide(slots: list) -> bool:
    """True if the booths spread at least as far across (x) as down (y): rows then run along x."""
    return max(s.x for s in slots) - min(s.x for s in slots) >= max(s.y for s in slots) - min(s.y for s in slots)


class ZoneBlocks:
    """The free booths of one zone: straight runs along rows, and connected blocks of any shape."""

    def __init__(self, slots: list, neighbours: dict[int, set[int]]):
        self.by_id = {slot.id: slot for slot in slots}
        members = set(self.by_id)
        self.neighbours = {slot.id: {n for n in neighbours.get(slot.id, ()) if n in members} for slot in slots}
        self.free = {slot.id for slot in slots if not slot.blocked and slot.taken_by is None}
        islands = sorted(components(members, self.neighbours),
                         key=lambda island: min((self.by_id[b].hall_id, self.by_id[b].y, self.by_id[b].x, b)
                                                for b in island))
        self.islands = [frozenset(island) for island in islands]
        self.island_of = {booth: index for index, island in enumerate(self.islands) for booth in island}
        self.line: list = []
        self.row_of: dict[int, int] = {}
        for island in self.islands:
            self._lay_out(island)
        self.position = {slot.id: index for index, slot in enumerate(self.line) if slot is not None}
        row = 0
        for slot in self.line:  # a row is a stretch of the line between two breaks
            if slot is None:
                row += 1
            else:
                self.row_of[slot.id] = row
        self.runs = FreeRuns([slot is not None and slot.id in self.free for slot in self.line])
        self.open_runs = FreeRuns(list(self.runs.free[:self.runs.n]))  # free and not kept for an asker
        self.kept: set[int] = set()
        self.largest: list[int | None] = [None] * len(self.islands)  # largest free piece per island (None: stale)
        self.largest_count: Counter = Counter()

    def _lay_out(self, island: frozenset) -> None:
        """Append the island's rows to the line, alternating direction, a break between rows and islands.

        Rows run along the island's longer side: booths with the same y in a wide island, the same x in
        a tall one; consecutive booths of a row that do not share an edge start a new row.
        """
        slots = [self.by_id[b] for b in island]
        wide = _wide(slots)
        rows: dict[int, list] = defaultdict(list)
        for slot in slots:
            rows[slot.y if wide else slot.x].append(slot)
        for index, key in enumerate(sorted(rows)):
            ordered = sorted(rows[key], key=lambda s: ((s.x if wide else s.y), s.id), reverse=index % 2 == 1)
            for slot in ordered:
                if self.line and self.line[-1] is not None and slot.id not in self.neighbours[self.line[-1].id]:
                    self.line.append(None)
                self.line.append(slot)
            self.line.append(None)

    @property
    def free_count(self) -> int:
        """Free booths left in the zone."""
        return len(self.free)

    def take(self, booth_ids: list[int]) -> None:
        """Mark booths as taken."""
        for booth in booth_ids:
            self.free.discard(booth)
            self.runs.take(self.position[booth], 1)
            self.open_runs.take(self.position[booth], 1)
            island = self.island_of[booth]
            if self.largest[island] is not None:
                self.largest_count[self.largest[island]] -= 1
                self.largest[island] = None

    def keep(self, booth: int) -> None:
        """Keep a booth out of straight runs found with `clear` (someone unplaced prefers it)."""
        self.kept.add(booth)
        self.open_runs.take(self.position[booth], 1)

    def unkeep(self, booth: int) -> None:
        """Stop keeping a booth (its askers are placed)."""
        self.kept.discard(booth)
        if booth in self.free:
            self.open_runs.release(self.position[booth], 1)

    def release(self, booth_ids: list[int]) -> None:
        """Mark booths as free again (a block moved away)."""
        for booth in booth_ids:
            self.free.add(booth)
            self.runs.release(self.position[booth], 1)
            if booth not in self.kept:
                self.open_runs.release(self.position[booth], 1)
            island = self.island_of[booth]
            if self.largest[island] is not None:
                self.largest_count[self.largest[island]] -= 1
                self.largest[island] = None

    def scan_order(self, island: int) -> list[int]:
        """The island's booths along its longer side first, so a search across it keeps a narrow front."""
        booths = [self.by_id[b] for b in self.islands[island]]
        wide = _wide(booths)
        return [s.id for s in sorted(booths, key=lambda s: ((s.x, s.y) if wide else (s.y, s.x), s.id))]

    def largest_piece(self, island: int) -> int:
        """The size of the island's largest free connected piece (cached)."""
        if self.largest[island] is None:
            free = self.free & self.islands[island]
            size = max((len(piece) for piece in components(free, self.neighbours)), default=0)
            self.largest[island] = size
            self.largest_count[size] += 1
        return self.largest[island]

    def has_room(self, count: int) -> bool:
        """True if some free connected block of `count` booths exists in the zone (competitors aside)."""
        if len(self.free) < count:
            return False
        for island, size in enumerate(self.largest):
            if size is None:
                self.largest_piece(island)
        return any(size >= count and number > 0 for size, number in self.largest_count.items())

    def straight(self, count: int, forbidden: Container[int], look: int = 8, clear: bool = False,
                 beside: Container[int] = ()) -> list | None:
        """A straight run of `count` free booths along a row with none of them in `forbidden` (nor kept,
        with `clear`). Of the first `look` free stretches long enough, the best: touching `beside` (the
        group's own booths, so it stays together), then filling a stretch exactly, then leaving no
        single booth, then the earliest (so the zone fills in order). At most 64 places are examined;
        shaped() still finds a block if one exists."""
        runs = self.open_runs if clear else self.runs
        start, best, examined = runs.first_fit(count), None, 0
        while start is not None and look > 0 and examined < 64:
            examined += 1
            block = self.line[start:start + count]
            if forbidden:
                bad = [index for index, slot in enumerate(block) if slot.id in forbidden]
                if bad:  # further along the same stretch may do: just past the last forbidden booth
                    start = runs.first_fit(count, start + bad[-1] + 1)
                    continue
            look -= 1
            length = self._free_stretch(start, 1, cap=count + 2, runs=runs)
            touches = bool(beside) and any(n in beside for slot in block for n in self.neighbours[slot.id])
            score = (not touches, 0 if length == count else 1 if length - count >= 2 else 2)
            if best is None or score < best[0]:
                best = (score, block)
                if score == (False, 0):
                    break
            start = runs.first_fit(count, start + length)
        return best[1] if best else None

    def around(self, booth: int, count: int, forbidden: Container[int]) -> list | None:
        """The best block of `count` free booths holding `booth`: a straight run leaving the fewest single
        booths on its sides, else the best other shape through it."""
        if booth not in self.free or booth in forbidden:
            return None
        position, best = self.position[booth], None
        for start in range(position - count + 1, position + 1):
            if not self.runs.is_free(start, count):
                continue
            block = self.line[start:start + count]
            if forbidden and any(slot.id in forbidden for slot in block):
                continue
            stranded = (self._free_stretch(start - 1, -1) == 1) + (self._free_stretch(start + count, 1) == 1)
            if best is None or stranded < best[0]:
                best = (stranded, block)
        if best is not None:
            return best[1]
        allowed = {b for b in self.free & self.islands[self.island_of[booth]] if b not in forbidden}
        piece = next(p for p in components(allowed, self.neighbours) if booth in p)
        if len(piece) < count:
            return None
        ids = self._grow(booth, count, piece)
        return [self.by_id[b] for b in sorted(ids, key=self.position.__getitem__)]

    def shaped(self, count: int, forbidden: Container[int]) -> list | None:
        """The best-shaped connected block of `count` free booths outside `forbidden`, in any island."""
        if not self.has_room(count):
            return None
        best = None
        for island, booths in enumerate(self.islands):
            if self.largest_piece(island) < count:
                continue
            allowed = {b for b in self.free & booths if b not in forbidden}
            for piece in components(allowed, self.neighbours):
                if len(piece) < count:
                    continue
                for start in sorted(piece, key=self.position.__getitem__):
                    ids = self._grow(start, count, piece)
                    score = self._score(ids, piece)
                    if best is None or score < best[0]:
                        best = (score, ids)
            if best is not None and best[0][0] <= 2 and best[0][1] == 0:
                break  # two rows, nothing stranded: no later island does better in a way that matters
        if best is None:
            return None
        return [self.by_id[b] for b in sorted(best[1], key=self.position.__getitem__)]

    def _free_stretch(self, index: int, step: int, cap: int = 2, runs: FreeRuns | None = None) -> int:
        """Free booths in a row from `index` going `step`, counted up to `cap`."""
        free, length = (runs or self.runs).free, 0
        while 0 <= index < len(self.line) and self.line[index] is not None and free[index] and length < cap:
            length += 1
            index += step
        return length

    def _grow(self, start: int, count: int, piece: set[int]) -> set[int]:
        """`count` booths of `piece` joined to `start`: its own row first, then the nearest booths."""
        origin = self.by_id[start]
        row = self.row_of[start]

        def key(booth: int) -> tuple:
            slot = self.by_id[booth]
            return (self.row_of[booth] != row, abs(slot.x - origin.x) + abs(slot.y - origin.y), booth)
        chosen: set[int] = set()
        heap = [(key(start), start)]
        queued = {start}
        while heap and len(chosen) < count:
            _key, booth = heapq.heappop(heap)
            chosen.add(booth)
            for other in self.neighbours[booth]:
                if other in piece and other not in queued:
                    queued.add(other)
                    heapq.heappush(heap, (key(other), other))
        return chosen

    def _score(self, block: set[int], piece: set[int]) -> tuple:
        """Lower is better: rows spanned, booths left stranded alone, empty cells in the bounding box, place."""
        rows = len({self.row_of[b] for b in block})
        xs = {self.by_id[b].x for b in block}
        ys = {self.by_id[b].y for b in block}
        stranded = sum(1 for b in {n for booth in block for n in self.neighbours[booth]} - block
                       if b in piece and not any(n in piece and n not in block for n in self.neighbours[b]))
        return (rows, stranded, len(xs) * len(ys) - len(block), min(self.position[b] for b in block))
