"""Wire accounts into the app: session user loading, bearer tokens, login redirects, demo users."""

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask import session as flask_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accounts.cli import register_commands
from accounts.forms import ROLE_LABELS
from accounts.models import ApiToken, User
from accounts.services import caller_of_api_token, create_user, find_user_by_email, forget_token_callers
from accounts.sessions import SESSION_KEY, user_of_session
from core.auth import register_landing_page, register_token_loaders
from core.db import utcnow
from core.demo import register_demo_loader
from core.errors import problem_response
from core.extensions import db, login_manager

DEMO_PASSWORD = "demo-2026!"
DEMO_USERS = (
    ("admin@demo.hoicho.vn", "admin", "Quản trị viên"),
    ("organizer@demo.hoicho.vn", "organizer", "Nguyễn Thu Hà (Trung tâm Khuyến công Hà Nội)"),
    ("staff@demo.hoicho.vn", "staff", "Trần Văn Minh (cổng A)"),
    ("exhibitor@demo.hoicho.vn", "exhibitor", "Lê Thị Lan (Gốm Bát Tràng)"),
    ("officer@demo.hoicho.vn", "officer", "Phạm Quốc Bảo (Sở Công Thương)"),
)


def load_user(user_id: str):
    """Flask-Login: the active user of a live server-side session, or None (revoked, idle, too old)."""
    found = user_of_session(db.session, flask_session.get(SESSION_KEY), now=utcnow(), limits=current_app.config)
    if found is None or str(found[0].id) != user_id:
        return None
    g.user_session_id = found[1].id
    return found[0]


def _touch_session() -> None:
    """Before a page: load the session's user now, and record its use while nothing else is pending."""
    if SESSION_KEY not in flask_session or request.path.startswith(("/static/", "/api/")):
        return
    if current_user.is_authenticated and db.session.info.pop("session_touched", False):
        db.session.commit()


def load_token_caller(raw: str):
    """Core auth: who a bearer token speaks for, recording its use."""
    caller = caller_of_api_token(db.session, raw, now=utcnow())
    # A cached caller needs no session: do not make one just to ask (a gate check-in does without).
    if db.session.registry.has() and db.session.info.pop("token_use_recorded", False):
        db.session.commit()
    return caller


def load_caller_user(user_id: int):
    """Core auth: the user behind a token's caller."""
    return db.session.get(User, user_id)


def _forget_token_callers_on_change(session, flush_context) -> None:
    """After a flush that changed a user or a token, cached token callers may be stale: forget them."""
    if any(isinstance(instance, (User, ApiToken)) for changed in (session.new, session.dirty, session.deleted)
           for instance in changed):
        forget_token_callers()


def unauthorized():
    """Anonymous: 401 problem for the API, a redirect to the login page otherwise."""
    if request.path.startswith("/api/"):
        return problem_response(401, "Unauthorized", _("A valid bearer token is required."),
                                headers={"WWW-Authenticate": 'Bearer realm="api"'})
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def load_demo_users(session, now) -> list[str]:
    """One user per role, with a shared demo password."""
    for email, role, name in DEMO_USERS:
        if find_user_by_email(session, email) is None:
            # The demo's one published password is shorter than the 12 characters staff roles need.
            create_user(session, email, DEMO_PASSWORD, role, display_name=name, now=now, demo_password=True)
    lines = ["Demo logins (password: " + DEMO_PASSWORD + "):"]
    lines += [f"  {role:<10} {email}" for email, role, _name in DEMO_USERS]
    return lines


def init_accounts(app: Flask) -> None:
    """Register loaders, handlers and commands of the accounts package."""
    login_manager.user_loader(load_user)
    app.before_request(_touch_session)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    # "basic", not "strong": gate staff on phones change address (Wi-Fi ↔ 4G) all day long.
    login_manager.session_protection = "basic"
    register_token_loaders(load_token_caller, load_caller_user)
    if not sa.event.contains(so.Session, "after_flush", _forget_token_callers_on_change):
        sa.event.listen(so.Session, "after_flush", _forget_token_callers_on_change)
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    register_commands(app)
    register_demo_loader(10, "accounts", load_demo_users)
    register_landing_page("admin", "accounts.admin_users")
