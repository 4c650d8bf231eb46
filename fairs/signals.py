"""Signals other packages listen to, so fairs need not know them (imports point one way)."""

from blinker import Namespace

_signals = Namespace()

# Sent after a fair's status changed, inside the caller's transaction:
# sender=fair, session=..., before=<old status>, actor=..., now=...
fair_status_changed = _signals.signal("fair-status-changed")
