"""Server-side login sessions: the signed cookie names a row, which logout, a password change, a
deactivation or "sign out everywhere" revokes, and which dies when idle or too old.

API bearer tokens are separate (accounts.services) and unaffected.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.devices import address_prefix, device_summary
from accounts.models import User, UserSession
from core.errors import NotFound

SESSION_KEY = "sid"  # where the signed session cookie keeps the key of its server-side session
# Record activity at most this often: a scanner page posts a check-in every second or so.
TOUCH_EVERY = timedelta(minutes=1)
# Exhibitors may stay idle longer; every other role (organizers, staff, officers, admins) uses the default.
_LONG_IDLE_ROLES = ("exhibitor",)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def idle_limit(role: str, limits) -> timedelta:
    """How long a session of `role` may go unused before it ends."""
    key = "SESSION_IDLE_MINUTES_EXHIBITOR" if role in _LONG_IDLE_ROLES else "SESSION_IDLE_MINUTES"
    return timedelta(minutes=limits[key])


def _is_live(row, role: str, *, now: datetime, limits) -> bool:
    return (row.revoked_at is None and now - row.last_seen_at <= idle_limit(role, limits)
            and now - row.created_at <= timedelta(hours=limits["SESSION_MAX_HOURS"]))


def open_session(session, user: User, *, user_agent: str | None, address: str | None, now: datetime,
                 limits) -> str:
    """Record a new login of `user` and return the random key its cookie will carry."""
    _forget_old_sessions(session, now=now, limits=limits)
    key = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, key_hash=_hash(key), created_at=now, last_seen_at=now,
                            user_agent=device_summary(user_agent)[:80], address_prefix=address_prefix(address)))
    session.flush()
    return key


# One statement per page request (the scanner page's check-ins too): the session row and its user together.
_SESSION_USER = sa.select(UserSession, User).join(User, User.id == UserSession.user_id).where(
    UserSession.key_hash == sa.bindparam("key_hash"))


def user_of_session(session, key: str | None, *, now: datetime, limits) -> tuple[User, UserSession] | None:
    """The active user and live session a cookie's key names, or None; refreshes its last use now and then.

    Returns the row so the caller knows whether it touched it (`session.info["session_touched"]`).
    """
    if not key:
        return None
    found = session.execute(_SESSION_USER, {"key_hash": _hash(key)}).first()
    if found is None:
        return None
    row, user = found
    if not user.active or not _is_live(row, user.role, now=now, limits=limits):
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.info["session_touched"] = True
    return user, row


def session_id_of_key(key: str | None) -> str:
    """The hash a key is stored under (to tell the current session apart in a list)."""
    return _hash(key) if key else ""


def end_session_by_key(session, key: str | None, *, now: datetime) -> None:
    """Revoke the session a cookie's key names (logout): a copy of that cookie is refused from now on."""
    if key:
        session.execute(sa.update(UserSession).where(UserSession.key_hash == _hash(key),
                                                     UserSession.revoked_at.is_(None)).values(revoked_at=now))


def end_session(session, user: User, session_id: int, *, now: datetime) -> None:
    """Revoke one of `user`'s own sessions (signing out another device)."""
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound(_("No such session."))
    if row.revoked_at is None:
        row.revoked_at = now
        session.flush()


def end_all_sessions(session, user: User, *, now: datetime) -> int:
    """Revoke every session of `user` (password change, deactivation, role change, "sign out everywhere")."""
    result = session.execute(sa.update(UserSession).where(UserSession.user_id == user.id,
                                                          UserSession.revoked_at.is_(None)).values(revoked_at=now))
    return result.rowcount or 0


def live_sessions(session, user: User, *, now: datetime, limits) -> list[UserSession]:
    """`user`'s sessions still in use, most recently used first."""
    rows = session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id,
                                                        UserSession.revoked_at.is_(None))
                           .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))
    return [row for row in rows if _is_live(row, user.role, now=now, limits=limits)]


def _forget_old_sessions(session, *, now: datetime, limits) -> int:
    """Delete session rows a day past the absolute lifetime (they can never be used again)."""
    cutoff = now - timedelta(hours=limits["SESSION_MAX_HOURS"]) - timedelta(days=1)
    return session.execute(sa.delete(UserSession).where(UserSession.created_at < cutoff)).rowcount or 0
