"""The booth application lifecycle. Pure module.

draft → submitted → approved | waitlisted | rejected, and withdrawn from any live state.
A waitlisted application may still be approved or rejected when booths free up.
"""

APPLICATION_STATUSES = ("draft", "submitted", "approved", "waitlisted", "rejected", "withdrawn")
DECISIONS = ("approved", "waitlisted", "rejected")
DECISIONS_NEEDING_REASON = ("waitlisted", "rejected")
PAYMENT_STATUSES = ("unpaid", "partial", "paid")

_TRANSITIONS = {
    "draft": {"submitted", "withdrawn"},
    "submitted": {"approved", "waitlisted", "rejected", "withdrawn"},
    "waitlisted": {"approved", "rejected", "withdrawn"},
    "approved": {"withdrawn"},
    "rejected": set(),
    "withdrawn": set(),
}


def can_move(current: str, target: str) -> bool:
    """True if an application may go from `current` to `target`."""
    return target in _TRANSITIONS.get(current, set())


def needs_reason(target: str) -> bool:
    """Waitlisting and rejecting must say why."""
    return target in DECISIONS_NEEDING_REASON
