"""Role decorators for pages and bearer-token authentication for the API."""

from collections.abc import Callable
from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user

from core.errors import problem_response
from core.extensions import login_manager

ROLES = ("admin", "organizer", "staff", "exhibitor", "officer")

# accounts/ registers how a bearer token becomes a user; core cannot import it.
_token_user_loader: Callable[[str], object | None] | None = None


# Where each role lands after logging in; packages register their own start pages.
_landing_endpoints: dict[str, str] = {}


def register_landing_page(role: str, endpoint: str) -> None:
    """Send users of `role` to `endpoint` after they log in (unless they asked for a page)."""
    _landing_endpoints[role] = endpoint


def landing_endpoint(role: str) -> str:
    """The endpoint a user of `role` starts on; the home page by default."""
    return _landing_endpoints.get(role, "fairs.home")


def register_token_user_loader(loader: Callable[[str], object | None]) -> None:
    """Tell core how to turn a raw bearer token into an active user (or None)."""
    global _token_user_loader
    _token_user_loader = loader


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


def api_user():
    """The user authenticated by the request's bearer token, or None."""
    if "api_user" not in g:
        token = bearer_token()
        g.api_user = _token_user_loader(token) if (token and _token_user_loader) else None
    return g.api_user


def api_auth_required(*roles: str):
    """API decorator: a valid bearer token is required (401), and a role among `roles` (403).

    The API accepts only bearer tokens, never the session cookie, so it needs no CSRF token.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = api_user()
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
