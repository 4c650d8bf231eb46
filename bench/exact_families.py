"""Instance families for measuring the allocation engine against the exact model (bench/exact.py).

Built independently of the engine's own notion of rows: halls of double-row islands and wall rows
with cross aisles, a few blocked booths.

- islands:     oversubscribed (about 1.4 x), provinces and countries, tiers, a few competitor pairs.
- tight:       exactly 100 % demand: the free booths are cut into connected pieces of 1 to 4 booths and
               each piece becomes one application, so a perfect packing exists (the optimum is known).
- preferred:   tight, and 40 % of the applications name a preferred booth (most inside their own piece).
- competitors: oversubscribed, a quarter of the applications naming a competitor.
- late:        a third of the booths already held by earlier applications (committed or manual), some
               of which named later applicants as competitors; the late ones are oversubscribed.
"""

import random
from dataclasses import dataclass, field, replace

from booths.allocation.engine import Request, Slot, ZoneInfo
from booths.layout.geometry import Rect, neighbour_pairs
from booths.layout.grid import GridSpec, generate_grid

PROVINCES = ["Hà Nội", "Huế", "Cần Thơ", "Hải Phòng", "Đà Nẵng"]


@dataclass
class Instance:
    """One instance: the engine's inputs, the extra competitor pairs, and the optimum when known."""

    family: str
    slots: list[Slot]
    zones: list[ZoneInfo]
    neighbours: dict[int, set[int]]
    requests: list[Request]
    competitors: list[tuple[int, int]] = field(default_factory=list)
    known_optimum: int | None = None


def hall(rng: random.Random, max_booths: int) -> tuple[list[Slot], list[ZoneInfo], dict[int, set[int]]]:
    """A domestic zone of double-row islands and a wall row, an international zone of one island row."""
    zones = [ZoneInfo(1, "domestic"), ZoneInfo(2, "international")]
    specs = [(1, GridSpec("D-", rng.choice([2, 4]), rng.choice([8, 10, 12]), 300, 300, rng.choice([4, 5, 6]), 300)),
             (1, GridSpec("W-", 1, rng.choice([6, 8, 10]), 300, 300, rng.choice([0, 5]), 300, 0, 2_000)),
             (2, GridSpec("I-", 2, rng.choice([6, 8]), 300, 300, rng.choice([3, 4]), 300, 0, 4_000))]
    slots, rects = [], []
    for zone_id, spec in specs:
        for booth in generate_grid(spec):
            if len(slots) >= max_booths:
                break
            slot_id = len(slots) + 1
            slots.append(Slot(slot_id, booth.code, 1, zone_id, booth.x, booth.y, blocked=rng.random() < 0.05))
            rects.append(Rect(slot_id, booth.x, booth.y, booth.width, booth.depth))
    neighbours: dict[int, set[int]] = {}
    for a, b in neighbour_pairs(rects):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return slots, zones, neighbours


def _applicant(rng: random.Random, number: int, booths: int, foreign: bool) -> Request:
    return Request(number, booths, rng.choice(["JP", "KR"]) if foreign else "VN",
                   None if foreign else rng.choice(PROVINCES), tier=rng.choice([0, 1, 1]), order=number)


def _oversubscribed(rng: random.Random, slots: list[Slot], demand: float, rivals: float,
                    first: int = 1) -> list[Request]:
    requests, wanted = [], 0
    free = sum(1 for s in slots if not s.blocked and s.taken_by is None)
    while wanted < demand * free:
        number = first + len(requests)
        request = _applicant(rng, number, rng.choice([1, 1, 2, 2, 3, 4]), rng.random() < 0.25)
        if number > first and rng.random() < rivals:
            request = replace(request, avoid=(rng.randrange(first, number),))
        requests.append(request)
        wanted += request.booths
    return requests


def tiling(rng: random.Random, slots: list[Slot], neighbours: dict[int, set[int]]) -> list[list[int]]:
    """The free booths cut into connected pieces of 1 to 4 booths, mostly straight along a row."""
    by_id = {slot.id: slot for slot in slots}
    left = {s.id for s in slots if not s.blocked and s.taken_by is None}
    pieces = []
    for start in sorted(left, key=lambda _b: rng.random()):
        if start not in left:
            continue
        size = rng.choice([1, 2, 2, 3, 3, 4])
        piece = [start]
        left.discard(start)
        while len(piece) < size:
            options = sorted({n for b in piece for n in neighbours.get(b, ()) if n in left
                              and by_id[n].zone_id == by_id[start].zone_id},
                             key=lambda n: (by_id[n].y != by_id[start].y, rng.random()))
            if not options:
                break
            piece.append(options[0])
            left.discard(options[0])
        pieces.append(piece)
    return pieces


def make(family: str, seed: int, max_booths: int = 120) -> Instance:
    """One instance of `family` (see the module docstring)."""
    rng = random.Random(f"{family}-{seed}")
    slots, zones, neighbours = hall(rng, max_booths)
    if family in ("tight", "preferred"):
        by_id = {slot.id: slot for slot in slots}
        pieces = tiling(rng, slots, neighbours)
        rng.shuffle(pieces)
        requests = []
        for number, piece in enumerate(pieces, start=1):
            request = _applicant(rng, number, len(piece), by_id[piece[0]].zone_id == 2)
            if family == "preferred" and rng.random() < 0.4:
                inside = rng.random() < 0.75
                request = replace(request, preferred=(by_id[rng.choice(piece)].code if inside
                                                      else rng.choice(slots).code,))
            requests.append(request)
        total = sum((2 if r.tier == 0 else 1) * r.booths for r in requests)
        return Instance(family, slots, zones, neighbours, requests, known_optimum=total)
    if family == "late":
        earlier = _oversubscribed(rng, slots, 0.33, 0.0, first=1000)
        taken: dict[int, int] = {}
        for request in earlier:  # what the first run and the organizer placed: straight runs in a row
            for slot in sorted(slots, key=lambda s: rng.random()):
                row = [s for s in slots if s.y == slot.y and s.zone_id == slot.zone_id and 0 <= s.x - slot.x
                       < 300 * request.booths]
                joined = all(b.id in neighbours.get(a.id, ()) for a, b in zip(row[:-1], row[1:], strict=True))
                if len(row) == request.booths and joined and all(not s.blocked and s.id not in taken for s in row):
                    taken.update({s.id: request.id for s in row})
                    break
        slots = [replace(s, taken_by=taken.get(s.id)) for s in slots]
        requests = _oversubscribed(rng, slots, 1.3, 0.1)
        placed = sorted(set(taken.values()))
        competitors = [(rng.choice(placed), r.id) for r in requests if placed and rng.random() < 0.3]
        return Instance(family, slots, zones, neighbours, requests, competitors)
    rivals = {"islands": 0.1, "competitors": 0.25}[family]
    return Instance(family, slots, zones, neighbours, _oversubscribed(rng, slots, 1.4, rivals))
