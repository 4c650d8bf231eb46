"""How long a login must wait after repeated failures. Pure module."""

from collections.abc import Iterable
from datetime import datetime, timedelta


def seconds_until_allowed(failures: Iterable[datetime], *, now: datetime, limit: int,
                          window_seconds: int) -> int:
    """0 if fewer than `limit` failures fall inside the window; else the seconds to wait.

    The wait ends when enough old failures leave the window to go below the limit.
    """
    window_start = now - timedelta(seconds=window_seconds)
    recent = sorted(moment for moment in failures if moment > window_start)
    if len(recent) < limit:
        return 0
    # The failure that must age out: the (len - limit + 1)-th oldest.
    pivot = recent[len(recent) - limit]
    wait = (pivot + timedelta(seconds=window_seconds) - now).total_seconds()
    return max(1, int(wait + 0.999))


def growing_delay(failures: Iterable[datetime], *, now: datetime, free: int, max_seconds: int) -> int:
    """0 while fewer than `free` failures; then the latest failure must be followed by a wait that doubles
    with each further one (1 s, 2 s, 4 s … up to `max_seconds`). Returns the seconds still to wait."""
    recent = sorted(failures)
    if len(recent) < free or not recent:
        return 0
    delay = min(max_seconds, 2 ** min(len(recent) - free, 30))
    wait = (recent[-1] + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(wait + 0.999))
