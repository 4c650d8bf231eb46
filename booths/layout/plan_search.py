"""The plan's search: a booth code or an exhibitor's name (accents aside) finds the hall to show and the booths
to light up in it."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from booths.layout.models import Booth
from booths.layout.occupancy import search_holders
from fairs.models import Fair

# How many exhibitors a search lists (and lights up in the hall shown); the page says how many there are in all.
SEARCH_LIMIT = 20
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class PlanHit:
    """One thing found: a booth (its code) or an exhibitor (its name), with its booths as (code, hall id)."""

    label: str
    booths: tuple[tuple[str, int], ...]
    enterprise_id: int | None = None


@dataclass
class PlanFind:
    """What a search found: the hall to show (None: nothing found), the booths to light up there, and the hits."""

    query: str
    hall_id: int | None = None
    codes: list[str] = field(default_factory=list)
    hits: list[PlanHit] = field(default_factory=list)
    total: int = 0


def _clean(query: str) -> str:
    return " ".join((query or "").split())[:MAX_SEARCH_LENGTH]


def find_booth(session, fair: Fair, query: str) -> PlanFind | None:
    """The booth whose code is `query` (case aside), with its hall; None when no booth has that code."""
    query = _clean(query)
    booth = session.execute(sa.select(Booth.code, Booth.hall_id).where(
        Booth.fair_id == fair.id, Booth.code == query.upper())).first() if query else None
    if booth is None:
        return None
    return PlanFind(query, booth.hall_id, [booth.code], [PlanHit(booth.code, ((booth.code, booth.hall_id),))], 1)


def find_on_plan(session, fair: Fair, query: str, *, reveal: frozenset[int] | None) -> PlanFind | None:
    """Find `query` on the fair's plan: a booth by its code, else the exhibitors whose name contains it (only those
    `reveal` allows to be named, see `occupants_shown`). None when there is nothing to search for."""
    query = _clean(query)
    if not query:
        return None
    booth = find_booth(session, fair, query)
    if booth is not None:
        return booth
    found = PlanFind(query)
    matches, found.total = search_holders(session, fair.id, query, among=reveal, limit=SEARCH_LIMIT)
    found.hits = [PlanHit(match.name, match.booths, match.enterprise_id) for match in matches if match.booths]
    if found.hits:
        found.hall_id = found.hits[0].booths[0][1]
        found.codes = [code for hit in found.hits for code, hall_id in hit.booths if hall_id == found.hall_id]
    return found
