"""Account rules: creating users, signing in, confirming e-mail, resetting passwords, tokens."""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.models import ApiToken, LoginAttempt, User
from accounts.passwords import MIN_LENGTH, is_common, min_length
from accounts.sessions import end_all_sessions
from accounts.throttle import growing_delay, seconds_until_allowed
from accounts.tokens import (
    LinkInvalid,
    hash_api_token,
    make_api_token,
    password_fingerprint,
    read_link,
    sign_link,
)
from core.audit import record_audit
from core.auth import ROLES, ApiCaller
from core.errors import Conflict, DomainError, NotFound, TooManyRequests, ValidationFailed
from core.mail import queue_mail

MIN_PASSWORD_LENGTH = MIN_LENGTH  # what forms ask at least; services check the role's own minimum
CONFIRM_PURPOSE = "confirm-email"
RESET_PURPOSE = "reset-password"


class LoginRefused(DomainError):
    """Wrong e-mail or password, or an account that may not log in yet."""

    status = 401
    title = "Unauthorized"


@lru_cache(maxsize=1)
def _dummy_password_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def check_email(email: str | None) -> tuple[str | None, list[dict]]:
    """(the lower-case normalised address, []) or (None, [an error on the field "email"]); blank is None, []."""
    text = (email or "").strip()
    if not text:
        return None, []
    try:
        return validate_email(text, check_deliverability=False).normalized.lower(), []
    except EmailNotValidError:
        return None, [{"field": "email", "message": _("Enter a valid e-mail address.")}]


def normalise_email(email: str) -> str:
    """Lower-case, trimmed e-mail; raise ValidationFailed if it is not an address."""
    normalised, errors = check_email(email)
    if normalised is None:
        raise ValidationFailed(errors or [{"field": "email", "message": _("Enter a valid e-mail address.")}])
    return normalised


def check_password_policy(password: str, role: str, field: str = "password") -> None:
    """Refuse a password shorter than the role's minimum (12 for staff roles, 8 for exhibitors) or a common one."""
    shortest = min_length(role)
    if len(password or "") < shortest:
        raise ValidationFailed([{
            "field": field, "message": _("The password must have at least %(n)d characters.", n=shortest)}])
    if is_common(password):
        raise ValidationFailed([{
            "field": field, "message": _("This password is among the most common ones: choose another.")}])


def find_user_by_email(session, email: str) -> User | None:
    """The user with this e-mail (case-insensitive), or None."""
    return session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(session, email: str, password: str, role: str, *, display_name: str = "",
                actor=None, now: datetime, confirmed: bool = True, locale: str = "vi",
                demo_password: bool = False) -> User:
    """Create an active user; the e-mail must be new and the password follow the policy.

    `demo_password` (the demo's loader only) skips the policy for the demo's shared, published password.
    """
    email = normalise_email(email)
    if role not in ROLES:
        raise ValidationFailed([{"field": "role", "message": _("Unknown role.")}])
    if not demo_password:
        check_password_policy(password, role)
    if find_user_by_email(session, email):
        raise Conflict(_("An account with this e-mail already exists."), field="email")
    user = User(
        email=email,
        display_name=(display_name or email.split("@")[0]).strip()[:120],
        role=role,
        locale=locale,
        active=True,
        created_at=now,
        email_confirmed_at=now if confirmed else None,
    )
    user.set_password(password)
    session.add(user)
    session.flush()
    record_audit(session, actor, "user.create", user, now=now, after={"email": email, "role": role})
    return user


def sign_up_exhibitor(session, email: str, password: str, display_name: str, *, now: datetime,
                      secret: str, confirm_url: Callable[[str], str], login_url: str,
                      locale: str = "vi") -> User | None:
    """Create an unconfirmed exhibitor account and e-mail the confirmation link.

    An address that already has an account gets an e-mail saying so instead, and the caller answers the
    same either way (None here): the page does not tell who has an account.
    """
    address = normalise_email(email)
    check_password_policy(password, "exhibitor")
    existing = find_user_by_email(session, address)
    if existing is not None:
        generate_password_hash(password)  # the time a new account's hash takes: speed tells nothing either
        queue_mail(session, existing.email, _("Someone tried to sign up with your address"),
                   _("Hello %(name)s,\n\nSomeone, perhaps you, tried to open a new account with this address, "
                     "which already has one. To use it, log in here:\n%(url)s\n"
                     "If you forgot your password, the login page lets you choose a new one. "
                     "If it was not you, ignore this message: nothing has changed.",
                     name=existing.display_name, url=login_url), now=now)
        return None
    user = create_user(session, address, password, "exhibitor", display_name=display_name,
                       now=now, confirmed=False, locale=locale)
    send_confirmation(session, user, now=now, secret=secret, confirm_url=confirm_url)
    return user


def send_confirmation(session, user: User, *, now: datetime, secret: str,
                      confirm_url: Callable[[str], str]) -> None:
    """Queue an e-mail with a signed, expiring confirmation link."""
    token = sign_link(secret, CONFIRM_PURPOSE, {"uid": user.id, "email": user.email}, now=now)
    queue_mail(
        session, user.email, _("Confirm your e-mail address"),
        _("Hello %(name)s,\n\nPlease confirm your e-mail address by opening this link:\n%(url)s\n\n"
          "If you did not sign up, ignore this message.", name=user.display_name,
          url=confirm_url(token)),
        now=now,
    )


def confirm_email(session, token: str, *, now: datetime, secret: str, max_age: int) -> User:
    """Mark the account of a valid confirmation link as confirmed."""
    try:
        payload = read_link(secret, CONFIRM_PURPOSE, token, now=now, max_age=max_age)
    except LinkInvalid:
        raise DomainError(_("This confirmation link is invalid or has expired.")) from None
    user = session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise DomainError(_("This confirmation link is invalid or has expired."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        session.flush()
    return user


def _recent_failures(session, column, value: str, since: datetime) -> list[datetime]:
    return list(session.scalars(
        sa.select(LoginAttempt.attempted_at)
        .where(column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at > since)
    ))


# Failures of one (account, address) pair are remembered this long, or until that pair's next success.
PAIR_MEMORY = timedelta(days=1)


def _pair_failures(session, email: str, address: str, now: datetime) -> list[datetime]:
    """The pair's failures since its latest success (within PAIR_MEMORY)."""
    attempts = session.execute(
        sa.select(LoginAttempt.attempted_at, LoginAttempt.succeeded)
        .where(LoginAttempt.email == email, LoginAttempt.address == address,
               LoginAttempt.attempted_at > now - PAIR_MEMORY)
        .order_by(LoginAttempt.attempted_at, LoginAttempt.id)).all()
    failures: list[datetime] = []
    for attempted_at, succeeded in attempts:
        failures = [] if succeeded else [*failures, attempted_at]
    return failures


def authenticate(session, email: str, password: str, *, address: str, now: datetime,
                 limits: dict) -> User:
    """Check a login; slow down repeated failures per (account, address) pair and per address (429).

    A pair's wait grows with each failure (LOGIN_FREE_FAILURES free, then 1 s, 2 s, 4 s … up to
    LOGIN_MAX_DELAY_SECONDS): someone guessing from another address slows only themself and never locks
    the account's owner out. An address failing LOGIN_MAX_FAILURES_PER_ADDRESS times (any e-mails) within
    the window waits too. Every checked attempt is recorded, so the caller must commit even when this
    raises LoginRefused; an attempt refused by the throttle is not checked and not recorded.
    """
    email_key = (email or "").strip().lower()[:254]
    address = address[:64]
    window = limits["LOGIN_FAILURE_WINDOW_SECONDS"]
    since = now - timedelta(seconds=window)
    wait = max(
        growing_delay(_pair_failures(session, email_key, address, now), now=now,
                      free=limits["LOGIN_FREE_FAILURES"], max_seconds=limits["LOGIN_MAX_DELAY_SECONDS"]),
        seconds_until_allowed(_recent_failures(session, LoginAttempt.address, address, since), now=now,
                              limit=limits["LOGIN_MAX_FAILURES_PER_ADDRESS"], window_seconds=window),
    )
    if wait:
        minutes = max(1, (wait + 59) // 60)
        raise TooManyRequests(
            _("Too many failed logins. Please wait %(minutes)d minutes and try again.", minutes=minutes),
            retry_after=wait,
        )
    user = find_user_by_email(session, email_key) if email_key else None
    if user is None:
        # Spend the same time as a real check, so the answer's speed does not reveal accounts.
        check_password_hash(_dummy_password_hash(), password or "")
    ok = user is not None and user.check_password(password or "")
    session.add(LoginAttempt(email=email_key, address=address, succeeded=ok, attempted_at=now))
    session.flush()
    if not ok:
        raise LoginRefused(_("Wrong e-mail or password."))
    if not user.active:
        raise LoginRefused(_("This account has been deactivated. Please contact the organizer."))
    if user.email_confirmed_at is None:
        raise LoginRefused(_("Please confirm your e-mail address first: open the link we sent you."))
    return user


def password_link_token(user: User, *, secret: str, now: datetime) -> str:
    """A signed, single-use token for choosing a password (it dies when the password changes)."""
    return sign_link(secret, RESET_PURPOSE, {"uid": user.id, "pw": password_fingerprint(user.password_hash)},
                     now=now)


def request_password_reset(session, email: str, *, now: datetime, secret: str,
                           reset_url: Callable[[str], str]) -> None:
    """E-mail a reset link if the account exists; say nothing either way (no enumeration)."""
    user = find_user_by_email(session, email or "")
    if user is None or not user.active:
        return
    token = password_link_token(user, secret=secret, now=now)
    queue_mail(
        session, user.email, _("Reset your password"),
        _("Hello %(name)s,\n\nTo choose a new password, open this link:\n%(url)s\n\n"
          "The link works once. If you did not ask for it, ignore this message.",
          name=user.display_name, url=reset_url(token)),
        now=now,
    )


def reset_password(session, token: str, new_password: str, *, now: datetime, secret: str,
                   max_age: int) -> User:
    """Set a new password from a valid, unused reset link."""
    invalid = DomainError(_("This reset link is invalid, already used or expired."))
    try:
        payload = read_link(secret, RESET_PURPOSE, token, now=now, max_age=max_age)
    except LinkInvalid:
        raise invalid from None
    user = session.get(User, payload.get("uid"))
    if user is None or payload.get("pw") != password_fingerprint(user.password_hash):
        raise invalid
    check_password_policy(new_password, user.role)
    user.set_password(new_password)
    end_all_sessions(session, user, now=now)  # a stolen session dies with the old password
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now  # the link proved the address
    record_audit(session, user, "user.password_reset", user, now=now)
    session.flush()
    return user


def change_password(session, user: User, current: str, new_password: str, *, now: datetime) -> None:
    """The user chooses a new password, giving the current one; every session of theirs ends."""
    if not user.check_password(current or ""):
        raise ValidationFailed([{"field": "current_password", "message": _("This is not your current password.")}])
    check_password_policy(new_password, user.role)
    user.set_password(new_password)
    end_all_sessions(session, user, now=now)
    record_audit(session, user, "user.password_change", user, now=now)
    session.flush()


def update_user(session, user: User, *, role: str, active: bool, display_name: str,
                actor: User, now: datetime) -> User:
    """Change a user's role, name or active flag (admin only); an admin cannot lock themself out."""
    if role not in ROLES:
        raise ValidationFailed([{"field": "role", "message": _("Unknown role.")}])
    if user.id == actor.id and (role != "admin" or not active):
        raise Conflict(_("You cannot remove your own admin role or deactivate yourself."))
    before = {"role": user.role, "active": user.active, "display_name": user.display_name}
    if role != user.role or active != user.active:
        end_all_sessions(session, user, now=now)  # new rights (or none) take effect at once
    user.role, user.active, user.display_name = role, active, display_name.strip()[:120] or user.display_name
    record_audit(session, actor, "user.update", user, now=now, before=before,
                 after={"role": role, "active": active, "display_name": user.display_name})
    session.flush()
    return user


def list_users(session) -> list[User]:
    """Every user, by e-mail."""
    return list(session.scalars(sa.select(User).order_by(User.email)))


def issue_api_token(session, user: User, name: str, *, now: datetime, actor=None) -> str:
    """Create an API token for `user` and return its raw value (shown once)."""
    token = make_api_token(secrets.token_urlsafe(32))
    session.add(ApiToken(user=user, name=(name or "token").strip()[:80], token_hash=token.token_hash,
                         prefix=token.prefix, created_at=now))
    record_audit(session, actor or user, "token.create", user, now=now, after={"prefix": token.prefix})
    session.flush()
    return token.raw


def revoke_api_token(session, user: User, token_id: int, *, now: datetime, actor) -> ApiToken:
    """Revoke one of `user`'s tokens."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = now
        record_audit(session, actor, "token.revoke", user, now=now, after={"prefix": token.prefix})
        session.flush()
    return token


# Built once: every API request runs it, as a Core statement (no User entity: most requests need only
# the id and role; api_user() loads the user when a handler asks for it).
_USERS, _TOKENS = User.__table__, ApiToken.__table__
_TOKEN_CALLER = (sa.select(_USERS.c.id, _USERS.c.role, _USERS.c.active, _TOKENS.c.id.label("token_id"),
                           _TOKENS.c.revoked_at, _TOKENS.c.last_used_at)
                 .join_from(_TOKENS, _USERS, _TOKENS.c.user_id == _USERS.c.id)
                 .where(_TOKENS.c.token_hash == sa.bindparam("hash")))

# Callers of recently checked tokens, in this process: a gate scanner sends a request every second or
# so, and the lookup was a tenth of a check-in. A token revoked, or its user deactivated or given
# another role, by another process (another gunicorn worker) still works here for at most
# TOKEN_CACHE_SECONDS; a change made in this process clears the cache at once (forget_token_callers).
TOKEN_CACHE_SECONDS = 5
_TOKEN_CACHE_LIMIT = 10_000
_token_callers: dict[str, tuple[ApiCaller, datetime]] = {}


def forget_token_callers() -> None:
    """Empty this process's cache of token callers (a user or a token changed)."""
    _token_callers.clear()


def caller_of_api_token(session, raw: str, *, now: datetime) -> ApiCaller | None:
    """The caller (user id and role) of an unrevoked token of an active user, or None."""
    token_hash = hash_api_token(raw)
    cached = _token_callers.get(token_hash)
    if cached is not None and now < cached[1]:
        return cached[0]
    found = session.connection().execute(_TOKEN_CALLER, {"hash": token_hash}).first()
    if found is None or found.revoked_at is not None or not found.active:
        _token_callers.pop(token_hash, None)
        return None
    # Record use at most once a minute to avoid a write per request.
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
        session.execute(sa.update(ApiToken).where(ApiToken.id == found.token_id).values(last_used_at=now))
        session.info["token_use_recorded"] = True
    caller = ApiCaller(found.id, found.role)
    if len(_token_callers) >= _TOKEN_CACHE_LIMIT:
        _token_callers.clear()
    _token_callers[token_hash] = (caller, now + timedelta(seconds=TOKEN_CACHE_SECONDS))
    return caller
