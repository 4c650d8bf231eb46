"""The fair status lifecycle. Pure module.

draft → open → allocating → published → running → closed, one step forward at a
time, except that allocation may be reopened (allocating → open). No step is skipped:
each one has consequences (applications close, booths are published, gates open).
"""

STATUSES = ("draft", "open", "allocating", "published", "running", "closed")

# Statuses in which the public fair page is visible.
PUBLIC_STATUSES = ("open", "allocating", "published", "running", "closed")

_EXTRA_TRANSITIONS = {("allocating", "open")}


def can_transition(current: str, target: str) -> bool:
    """True if a fair may go from `current` to `target` (the next step, or allocating → open)."""
    if current not in STATUSES or target not in STATUSES or current == target:
        return False
    if (current, target) in _EXTRA_TRANSITIONS:
        return True
    return STATUSES.index(target) == STATUSES.index(current) + 1


def next_statuses(current: str) -> list[str]:
    """Every status a fair in `current` may move to, in lifecycle order."""
    return [status for status in STATUSES if can_transition(current, status)]



def forward_status(current: str) -> str | None:
    """The next status along the lifecycle (the step forward), or None once closed."""
    if current not in STATUSES or current == STATUSES[-1]:
        return None
    return STATUSES[STATUSES.index(current) + 1]


def can_undo(current: str, target: str) -> bool:
    """True when a step from `current` to `target` can be taken back (only starting allocation can)."""
    return can_transition(target, current)
