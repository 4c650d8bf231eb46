"""Small hand-built fairs for the allocation engine's focused tests: a row of booths, a grid island, their edges."""

from booths.allocation.inputs import Slot


def row(count: int, over: dict[int, Slot] | None = None) -> list[Slot]:
    """Booths A-1… 3 m apart in zone 1, some replaced by `over`."""
    return [(over or {}).get(i, Slot(i, f"A-{i}", 1, 1, (i - 1) * 300, 0)) for i in range(1, count + 1)]


def line(ids) -> dict[int, set[int]]:
    """Each booth beside the one before and after it in `ids`."""
    ids = list(ids)
    return {booth: {ids[k] for k in (i - 1, i + 1) if 0 <= k < len(ids)} for i, booth in enumerate(ids)}


def grid(rows: int, columns: int, zone: int = 1) -> tuple[list[Slot], dict[int, set[int]]]:
    """An island of `rows` × `columns` booths numbered row by row from 1, 3 m apart, edges shared."""
    slots = [Slot(r * columns + c + 1, f"G-{r * columns + c + 1}", 1, zone, c * 300, r * 300)
             for r in range(rows) for c in range(columns)]
    neighbours = {s.id: {t.id for t in slots if abs(s.x - t.x) + abs(s.y - t.y) == 300} for s in slots}
    return slots, neighbours


def ids(block) -> list[int] | None:
    """The booth ids of a block found (None: none found)."""
    return [slot.id for slot in block] if block is not None else None
