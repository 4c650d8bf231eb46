"""Booth geometry in whole centimetres: overlaps, containment and edge-neighbours. Pure module.

A uniform grid (spatial hash) keeps the work near-linear: only rectangles that share a
cell are compared, so ten thousand booths are checked in a fraction of a second.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CELL_CM = 600  # a little larger than a typical 3 m booth plus an aisle


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle on a hall's floor, in centimetres from the hall's top-left corner."""

    key: Hashable
    x: int
    y: int
    width: int
    depth: int

    @property
    def right(self) -> int:
        """The x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """The y of the bottom edge."""
        return self.y + self.depth


def to_cm(metres) -> int:
    """Metres (int, float, Decimal or numeric string) to whole centimetres, rounded half up."""
    return int((Decimal(str(metres)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def inside(rect: Rect, width: int, depth: int) -> bool:
    """True if `rect` lies wholly within a hall of `width` × `depth`."""
    return rect.x >= 0 and rect.y >= 0 and rect.right <= width and rect.bottom <= depth


def overlap(a: Rect, b: Rect) -> bool:
    """True if the interiors intersect (touching edges is not overlapping)."""
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def share_edge(a: Rect, b: Rect) -> bool:
    """True if the two touch along an edge of positive length (corners do not count)."""
    if a.right == b.x or b.right == a.x:
        return min(a.bottom, b.bottom) - max(a.y, b.y) > 0
    if a.bottom == b.y or b.bottom == a.y:
        return min(a.right, b.right) - max(a.x, b.x) > 0
    return False


def _cells(rect: Rect, pad: int = 0) -> Iterator[tuple[int, int]]:
    for cx in range((rect.x - pad) // CELL_CM, (rect.right + pad) // CELL_CM + 1):
        for cy in range((rect.y - pad) // CELL_CM, (rect.bottom + pad) // CELL_CM + 1):
            yield cx, cy


def _candidate_pairs(rects: list[Rect], pad: int) -> Iterator[tuple[Rect, Rect]]:
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for index, rect in enumerate(rects):
        for cell in _cells(rect, pad):
            for other in grid[cell]:
                pair = (other, index)
                if pair not in seen:
                    seen.add(pair)
                    yield rects[other], rect
            grid[cell].append(index)


def find_overlaps(rects: Iterable[Rect]) -> list[tuple[Hashable, Hashable]]:
    """Every pair of keys whose rectangles overlap, in input order."""
    return [(a.key, b.key) for a, b in _candidate_pairs(list(rects), 0) if overlap(a, b)]


def neighbour_pairs(rects: Iterable[Rect]) -> list[tuple[Hashable, Hashable]]:
    """Every pair of keys whose rectangles share an edge (an aisle between them breaks it)."""
    # Touching rectangles can sit in adjacent cells, so look one centimetre further.
    return [(a.key, b.key) for a, b in _candidate_pairs(list(rects), 1) if share_edge(a, b)]
