"""Who holds which booth, as the booth applications domain tells it.

Layout sits below applications, so it never queries their tables itself: at start-up the
applications domain registers how to find a fair's holders (`booths/setup.py`). Until then no
booth has a holder, which is what a layout on its own would say.
"""

from collections.abc import Callable, Iterable

# (session, booth ids) -> the ids among them that are assigned
AssignedFinder = Callable[[object, list[int]], set[int]]
# (session, fair id) -> booth id -> its holder (an object with legal_name, province and country)
HolderFinder = Callable[[object, int], dict]

# () -> a SELECT of the ids of every held booth, for filtering booth lists in SQL; None: no booth is held
HeldSelect = Callable[[], object]

_finders: dict[str, Callable] = {
    "assigned": lambda session, booth_ids: set(),
    "holders": lambda session, fair_id: {},
    "held_select": lambda: None,
}


def register_occupancy(*, assigned: AssignedFinder, holders: HolderFinder,
                       held_select: HeldSelect | None = None) -> None:
    """Tell layout how to find assigned booths and their holders (called once at start-up)."""
    _finders["assigned"] = assigned
    _finders["holders"] = holders
    if held_select is not None:
        _finders["held_select"] = held_select


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
