"""Who holds which booth, as the booth applications domain tells it.

Layout sits below applications, so it never queries their tables itself: at start-up the
applications domain registers how to find a fair's holders (`booths/setup.py`). Until then no
booth has a holder, which is what a layout on its own would say.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# (session, booth ids) -> the ids among them that are assigned
AssignedFinder = Callable[[object, list[int]], set[int]]
# (session, fair id) -> booth id -> its holder (an object with legal_name, province and country)
HolderFinder = Callable[[object, int], dict]

# () -> a SELECT of the ids of every held booth, for filtering booth lists in SQL; None: no booth is held
HeldSelect = Callable[[], object]
# (session, hall id) -> booth id -> its holder, for one hall's assigned booths
HallHolderFinder = Callable[[object, int], dict]
# (session, fair id, search, among, limit) -> (up to `limit` holders whose name contains `search`, accents aside,
# as HolderMatch, by name; how many there are in all); `among`: only these enterprise ids (None: any)
HolderSearch = Callable[[object, int, str, frozenset | None, int], tuple[list["HolderMatch"], int]]


@dataclass(frozen=True)
class HolderMatch:
    """An enterprise found by name on the plan, with its booths as (code, hall id) pairs, by code."""

    enterprise_id: int
    name: str
    booths: tuple[tuple[str, int], ...]


_finders: dict[str, Callable] = {
    "assigned": lambda session, booth_ids: set(),
    "holders": lambda session, fair_id: {},
    "held_select": lambda: None,
    "hall_holders": lambda session, hall_id: {},
    "search": lambda session, fair_id, search, among, limit: ([], 0),
}


def register_occupancy(*, assigned: AssignedFinder, holders: HolderFinder, held_select: HeldSelect | None = None,
                       hall_holders: HallHolderFinder | None = None, search: HolderSearch | None = None) -> None:
    """Tell layout how to find assigned booths and their holders (called once at start-up)."""
    _finders["assigned"] = assigned
    _finders["holders"] = holders
    for name, finder in (("held_select", held_select), ("hall_holders", hall_holders), ("search", search)):
        if finder is not None:
            _finders[name] = finder


def held_booths_select():
    """A SELECT of the held booths' ids (to filter a booth list in the database), or None if no booth is held."""
    return _finders["held_select"]()


def assigned_booth_ids(session, booth_ids: Iterable[int]) -> set[int]:
    """The ids among `booth_ids` that some application holds."""
    ids = list(booth_ids)
    return _finders["assigned"](session, ids) if ids else set()


def booth_holders(session, fair_id: int) -> dict:
    """Booth id -> the enterprise holding it, for the fair's assigned booths."""
    return _finders["holders"](session, fair_id)


def hall_holders(session, hall_id: int) -> dict:
    """Booth id -> the enterprise holding it, for one hall's assigned booths (a plan draws one hall at a time)."""
    return _finders["hall_holders"](session, hall_id)


def search_holders(session, fair_id: int, search: str, *, among: frozenset | None,
                   limit: int) -> tuple[list[HolderMatch], int]:
    """Up to `limit` of the fair's booth holders whose name contains `search` (accents, case and spacing aside),
    by name, only among the enterprise ids `among` unless it is None; and how many match in all."""
    return _finders["search"](session, fair_id, search, among, limit)
