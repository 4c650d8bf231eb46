"""Role decorators for pages and bearer-token authentication for the API."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user

from core.errors import problem_response
from core.extensions import login_manager
from core.roles import ROLES


@dataclass(frozen=True)
class ApiCaller:
    """Who a bearer token speaks for: enough to authorize a request without loading the user."""

    id: int
    role: str


# accounts/ registers how a bearer token becomes a caller, and a caller a user; core cannot import it.
_token_caller_loader: Callable[[str], ApiCaller | None] | None = None
_caller_user_loader: Callable[[int], object | None] | None = None


# Where each role lands after logging in; packages register their own start pages.
_landing_endpoints: dict[str, str] = {}


def register_landing_page(role: str, endpoint: str) -> None:
    """Send users of `role` to `endpoint` after they log in (unless they asked for a page)."""
    _landing_endpoints[role] = endpoint


def landing_endpoint(role: str) -> str:
    """The endpoint a user of `role` starts on; the home page by default."""
    return _landing_endpoints.get(role, "fairs.home")


def register_token_loaders(caller_of_token: Callable[[str], ApiCaller | None],
                           user_by_id: Callable[[int], object | None]) -> None:
    """Tell core how to turn a raw bearer token into the caller of an active user (or None), and a
    caller's id into the user."""
    global _token_caller_loader, _caller_user_loader
    _token_caller_loader, _caller_user_loader = caller_of_token, user_by_id


def user_by_id(user_id: int | None):
    """The user of that id, through the loader accounts/ registered (None if there is none)."""
    if user_id is None or _caller_user_loader is None:
        return None
    return _caller_user_loader(user_id)


def role_required(*roles: str):
    """Page decorator: log in first, then the user's role must be one of `roles`.

    Admins pass every role check.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles and current_user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer …` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_caller() -> ApiCaller | None:
    """Who the request's bearer token authenticates (id and role), or None."""
    if "api_caller" not in g:
        token = bearer_token()
        g.api_caller = _token_caller_loader(token) if (token and _token_caller_loader) else None
    return g.api_caller


def api_user():
    """The user authenticated by the request's bearer token, or None; loaded on first use (a gate
    check-in needs only the caller's id and role, and does without)."""
    if "api_user" not in g:
        caller = api_caller()
        g.api_user = _caller_user_loader(caller.id) if caller is not None else None
    return g.api_user


def api_auth_required(*roles: str):
    """API decorator: a valid bearer token is required (401), and a role among `roles` (403).

    The API accepts only bearer tokens, never the session cookie, so it needs no CSRF token.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = api_caller()
            if user is None:
                return problem_response(
                    401, "Unauthorized", _("A valid bearer token is required."),
                    headers={"WWW-Authenticate": 'Bearer realm="api"'},
                )
            if roles and user.role not in roles and user.role != "admin":
                return problem_response(403, "Forbidden", _("Your role may not do this."))
            return view(*args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator
