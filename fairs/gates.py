"""The gates of a fair: who works them (gate staff assigned by an organizer) and on which days they open.

A staff account works only at the fairs it is assigned to; organizers and admins work at every fair.
A fair's gates open on its first day, or `setup_days` earlier for exhibitor staff building their booths,
and close after its last day.

Both answers are asked on every scan, so each process keeps them for GATE_CACHE_SECONDS (a scanner
sends a scan every second or so): an assignment removed, or dates changed, in another process (another
gunicorn worker) holds there for at most that long; a change flushed in this process clears the caches
at once (`forget_gate_caches`, wired in fairs/setup.py).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from core.audit import record_audit
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from fairs.models import MAX_SETUP_DAYS, Fair, FairStaff

GATE_STAFF_ROLE = "staff"
GATE_CACHE_SECONDS = 5
_CACHE_LIMIT = 10_000


@dataclass(frozen=True)
class GateDays:
    """When a fair's gates open: `opens_on` (set-up days, exhibitor staff only), `starts_on` (everyone)
    and `ends_on` (the last day)."""

    opens_on: date
    starts_on: date
    ends_on: date

    def position(self, day: date) -> str:
        """'before' the gates open, 'setup' (exhibitor staff only), 'open', or 'after' the last day."""
        if day < self.opens_on:
            return "before"
        if day < self.starts_on:
            return "setup"
        return "open" if day <= self.ends_on else "after"


def gate_days_of(fair: Fair) -> GateDays:
    """The fair's gate days, from a loaded fair."""
    return GateDays(fair.starts_on - timedelta(days=fair.setup_days or 0), fair.starts_on, fair.ends_on)


# Built once: asked on a scan whose fair is not cached, as Core statements (no ORM entity on the hot path).
_FAIRS, _STAFF = Fair.__table__, FairStaff.__table__
_DAYS = sa.select(_FAIRS.c.starts_on, _FAIRS.c.ends_on, _FAIRS.c.setup_days).where(
    _FAIRS.c.id == sa.bindparam("fair"))
_ASSIGNED = sa.select(_STAFF.c.fair_id).where(_STAFF.c.user_id == sa.bindparam("user"))
_gate_days: dict[int, tuple[GateDays, datetime]] = {}
_assigned: dict[int, tuple[frozenset[int], datetime]] = {}


def forget_gate_caches() -> None:
    """Empty this process's caches of gate days and assignments (a fair or an assignment changed)."""
    _gate_days.clear()
    _assigned.clear()


def _remember(cache: dict, key: int, value, now: datetime) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = (value, now + timedelta(seconds=GATE_CACHE_SECONDS))


def gate_days(session, fair_id: int, *, now: datetime) -> GateDays:
    """The gate days of fair `fair_id` (cached for a few seconds); NotFound if there is no such fair."""
    cached = _gate_days.get(fair_id)
    if cached is not None and now < cached[1]:
        return cached[0]
    row = session.connection().execute(_DAYS, {"fair": fair_id}).first()
    if row is None:
        _gate_days.pop(fair_id, None)
        raise NotFound(_("No such fair."))
    days = GateDays(row.starts_on - timedelta(days=row.setup_days or 0), row.starts_on, row.ends_on)
    _remember(_gate_days, fair_id, days, now)
    return days


def assigned_fair_ids(session, user_id: int, *, now: datetime) -> frozenset[int]:
    """The fairs a staff account is assigned to (cached for a few seconds)."""
    cached = _assigned.get(user_id)
    if cached is not None and now < cached[1]:
        return cached[0]
    fair_ids = frozenset(session.connection().execute(_ASSIGNED, {"user": user_id}).scalars())
    _remember(_assigned, user_id, fair_ids, now)
    return fair_ids


def is_assigned(session, fair_id: int, actor, *, now: datetime) -> bool:
    """True if `actor` (a user, or an API caller: id and role) is a staff account assigned to the fair."""
    return actor.role == GATE_STAFF_ROLE and fair_id in assigned_fair_ids(session, actor.id, now=now)


def require_assigned_staff(session, fair_id: int, actor, *, now: datetime) -> None:
    """PermissionDenied for a gate staff account not assigned to fair `fair_id`. Other roles pass: the page's
    or the API's role check judges them (organizers and admins work at every fair's gates)."""
    if actor is not None and actor.role == GATE_STAFF_ROLE and not is_assigned(session, fair_id, actor, now=now):
        raise PermissionDenied(_("You are not assigned to this fair's gates. Ask the organizer to assign you."))


def gate_staff_of(session, fair: Fair) -> list[FairStaff]:
    """The staff assigned to a fair, by name."""
    return list(session.scalars(sa.select(FairStaff).join(User, User.id == FairStaff.user_id)
                                .where(FairStaff.fair_id == fair.id).order_by(User.display_name, User.id)))


def staff_candidates(session, fair: Fair) -> list[User]:
    """Active staff accounts not yet assigned to the fair, by name: the organizer picks from them."""
    assigned = sa.select(FairStaff.user_id).where(FairStaff.fair_id == fair.id)
    return list(session.scalars(sa.select(User).where(User.role == GATE_STAFF_ROLE, User.active.is_(True),
                                                      User.id.not_in(assigned))
                                .order_by(User.display_name, User.id)))


def _staff_account(session, *, email: str | None, user_id: int | None) -> User:
    if user_id:
        user = session.get(User, user_id)
    else:
        address = (email or "").strip().lower()
        user = session.scalar(sa.select(User).where(sa.func.lower(User.email) == address)) if address else None
    field = "user_id" if user_id else "email"
    if user is None:
        raise ValidationFailed([{"field": field, "message": _("No account has this e-mail address.")}])
    if user.role != GATE_STAFF_ROLE:
        raise ValidationFailed([{"field": field, "message": _(
            "This account is not a gate staff account; an administrator can create one.")}])
    if not user.active:
        raise ValidationFailed([{"field": field, "message": _("This account is deactivated.")}])
    return user


def assign_gate_staff(session, fair: Fair, *, email: str | None = None, user_id: int | None = None, actor,
                      now: datetime) -> FairStaff:
    """Assign a staff account (by e-mail or id) to the fair's gates; Conflict if it already is."""
    user = _staff_account(session, email=email, user_id=user_id)
    assignment = FairStaff(fair_id=fair.id, user_id=user.id, assigned_at=now,
                           assigned_by_id=actor.id if actor else None)
    try:
        with session.begin_nested():  # a second assignment is refused by the unique key, even in a race
            session.add(assignment)
            session.flush()
    except IntegrityError as error:
        raise Conflict(_("%(name)s is already assigned to this fair.", name=user.display_name),
                       field="email") from error
    record_audit(session, actor, "fair.staff.assign", fair, now=now, after={"user_id": user.id, "email": user.email})
    return assignment


def remove_gate_staff(session, fair: Fair, user_id: int, *, actor, now: datetime) -> User:
    """Take a staff account off the fair's gates; NotFound if it was not assigned."""
    assignment = session.scalar(sa.select(FairStaff).where(FairStaff.fair_id == fair.id,
                                                           FairStaff.user_id == user_id))
    if assignment is None:
        raise NotFound(_("This person is not assigned to the fair."))
    user = assignment.user
    session.delete(assignment)
    session.flush()
    record_audit(session, actor, "fair.staff.remove", fair, now=now, before={"user_id": user.id, "email": user.email})
    return user


def set_setup_days(session, fair: Fair, days: int, *, actor, now: datetime) -> Fair:
    """Open the gates `days` days before the first day, for exhibitor staff badges only (0: no set-up days)."""
    if not isinstance(days, int) or not 0 <= days <= MAX_SETUP_DAYS:
        raise ValidationFailed([{"field": "setup_days", "message": _(
            "Give a number of days from 0 to %(n)d.", n=MAX_SETUP_DAYS)}])
    before = fair.setup_days
    fair.setup_days = days
    fair.updated_at = now
    session.flush()
    record_audit(session, actor, "fair.setup_days", fair, now=now, before={"setup_days": before},
                 after={"setup_days": days})
    return fair


def gate_fairs_of(session, user: User) -> list[Fair]:
    """The fairs a staff account is assigned to, soonest first."""
    return list(session.scalars(sa.select(Fair).join(FairStaff, FairStaff.fair_id == Fair.id)
                                .where(FairStaff.user_id == user.id).order_by(Fair.starts_on, Fair.id)))


def changes_gates(instances) -> bool:
    """True if any of the flushed instances changes what the gate caches hold."""
    return any(isinstance(instance, (Fair, FairStaff)) for instance in instances)
