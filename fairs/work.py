"""What waits on each fair and whom a lifecycle step tells, as the packages above fairs count them.

Fairs cannot import booths or support, so those register counters at start-up (`booths/setup.py`):
the organizer's home lists each fair's waiting work, and a step's button says who will be e-mailed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from fairs.models import Fair


@dataclass(frozen=True)
class WorkItem:
    """Something waiting on a fair: how many, in words, and the page where it is done."""

    key: str
    count: int
    label: str
    endpoint: str
    args: dict = field(default_factory=dict)


WorkCounter = Callable[[object, list[Fair]], dict[int, list[WorkItem]]]
StepNotice = Callable[[object, Fair, str], list[str]]

_work_counters: list[WorkCounter] = []
_step_notices: list[StepNotice] = []


def register_fair_work(counter: WorkCounter) -> None:
    """Add `counter(session, fairs) -> {fair id: [WorkItem]}` to what the organizer's home shows."""
    if counter not in _work_counters:
        _work_counters.append(counter)


def register_step_notice(notice: StepNotice) -> None:
    """Add `notice(session, fair, target status) -> [sentence]`: who a step tells, what it cannot undo."""
    if notice not in _step_notices:
        _step_notices.append(notice)


def fair_work(session, fairs: list[Fair]) -> dict[int, list[WorkItem]]:
    """Every registered counter's waiting work of `fairs`, by fair id (only what is not zero)."""
    work: dict[int, list[WorkItem]] = {fair.id: [] for fair in fairs}
    if not fairs:
        return work
    for counter in _work_counters:
        for fair_id, items in counter(session, fairs).items():
            work.setdefault(fair_id, []).extend(item for item in items if item.count)
    return work


def step_notices(session, fair: Fair, target: str) -> list[str]:
    """What the registered packages say moving `fair` to `target` will do (e-mails, closings)."""
    return [sentence for notice in _step_notices for sentence in notice(session, fair, target)]
