"""Account pages: login, logout, sign-up, confirmation, password reset, own tokens, admin users."""

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from accounts import bp
from accounts.forms import (
    ChangePasswordForm,
    EditUserForm,
    ForgotPasswordForm,
    LoginForm,
    NewTokenForm,
    NewUserForm,
    ResetPasswordForm,
    SignUpForm,
)
from accounts.models import User
from accounts.services import (
    LoginRefused,
    authenticate,
    change_password,
    confirm_email,
    create_user,
    issue_api_token,
    list_users,
    request_password_reset,
    reset_password,
    revoke_api_token,
    sign_up_exhibitor,
    update_user,
)
from accounts.sessions import (
    SESSION_KEY,
    end_all_sessions,
    end_session,
    end_session_by_key,
    live_sessions,
    open_session,
)
from core.auth import landing_endpoint, role_required
from core.db import utcnow
from core.errors import DomainError, TooManyRequests
from core.extensions import db
from core.forms import EmptyForm, show_errors_on_form
from core.i18n import current_language
from core.mail import send_after_response
from core.urls import external_url, safe_next


def _next_url(user) -> str:
    return safe_next(request.args.get("next"), url_for(landing_endpoint(user.role)))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("fairs.home"))
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = authenticate(db.session, form.email.data, form.password.data,
                                address=request.remote_addr or "unknown", now=utcnow(),
                                limits=current_app.config)
            key = open_session(db.session, user, user_agent=request.user_agent.string,
                               address=request.remote_addr, now=utcnow(), limits=current_app.config)
            db.session.commit()
            # A fresh session on login: nothing from before survives (no fixation).
            session.clear()
            login_user(user)
            session[SESSION_KEY] = key
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(_next_url(user))
        except TooManyRequests as error:
            db.session.rollback()
            form.password.errors = [error.message]
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        except LoginRefused as error:
            db.session.commit()  # keep the failed attempt on record
            form.password.errors = [error.message]
            status = 401 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status, headers


@bp.post("/logout")
@login_required
def logout():
    """Log out and forget the session."""
    form = EmptyForm()
    if form.validate_on_submit():
        end_session_by_key(db.session, session.get(SESSION_KEY), now=utcnow())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have logged out."), "info")
    return redirect(url_for("fairs.home"))


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Exhibitor self sign-up; the account works once the e-mail is confirmed."""
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            sign_up_exhibitor(
                db.session, form.email.data, form.password.data, form.display_name.data,
                now=utcnow(), secret=current_app.config["SECRET_KEY"], locale=current_language(),
                confirm_url=lambda token: external_url("accounts.confirm", token=token),
                login_url=external_url("accounts.login"),
            )
            db.session.commit()
            send_after_response(db.session)
            return render_template("accounts/check_mail.html", email=form.email.data)
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("accounts/signup.html", form=form)


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Open the confirmation link from the e-mail."""
    try:
        confirm_email(db.session, token, now=utcnow(), secret=current_app.config["SECRET_KEY"],
                      max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("accounts.login"))
    flash(_("Your e-mail address is confirmed. You can log in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a password reset link."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(
            db.session, form.email.data, now=utcnow(), secret=current_app.config["SECRET_KEY"],
            reset_url=lambda token: external_url("accounts.reset", token=token),
        )
        db.session.commit()
        send_after_response(db.session)
        flash(_("If an account exists for this address, we have sent it a link."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from a reset link."""
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(db.session, token, form.password.data, now=utcnow(),
                           secret=current_app.config["SECRET_KEY"],
                           max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
            db.session.commit()
            flash(_("Your password has been changed. Please log in."), "success")
            return redirect(url_for("accounts.login"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("accounts/reset.html", form=form)


def _account_page(token_form, new_token=None, password_form=None):
    sessions = live_sessions(db.session, current_user, now=utcnow(), limits=current_app.config)
    return render_template("accounts/account.html", token_form=token_form, revoke_form=EmptyForm(),
                           new_token=new_token, sessions=sessions, this_session=g.get("user_session_id"),
                           password_form=password_form or ChangePasswordForm(formdata=None))


@bp.post("/account/password")
@login_required
def change_own_password():
    """Change one's password: every other device is signed out, this browser stays signed in."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()
            change_password(db.session, user, form.current_password.data, form.password.data, now=utcnow())
            key = open_session(db.session, user, user_agent=request.user_agent.string,
                               address=request.remote_addr, now=utcnow(), limits=current_app.config)
            db.session.commit()
            session.clear()
            login_user(user)
            session[SESSION_KEY] = key
            flash(_("Your password has been changed; your other devices have been signed out."), "success")
            return redirect(url_for("accounts.account"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return _account_page(NewTokenForm(), password_form=form), 422


@bp.get("/account")
@login_required
def account():
    """The user's own page: profile, devices signed in, API tokens."""
    return _account_page(NewTokenForm())


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_other_session(session_id: int):
    """Sign out one device (this one too, if asked)."""
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            end_session(db.session, current_user, session_id, now=utcnow())
        except DomainError:
            abort(404)
        db.session.commit()
        flash(_("That device has been signed out."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/sessions/end-all")
@login_required
def end_every_session():
    """Sign out everywhere, this browser included."""
    form = EmptyForm()
    if form.validate_on_submit():
        end_all_sessions(db.session, current_user, now=utcnow())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have been signed out on every device."), "info")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.account"))


@bp.post("/account/tokens")
@login_required
def create_token():
    """Create an API token; its value is shown once."""
    form = NewTokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = issue_api_token(db.session, current_user, form.name.data, now=utcnow(),
                                    actor=current_user)
        db.session.commit()
        flash(_("Copy the token now: it will not be shown again."), "warning")
        form = NewTokenForm(formdata=None)
    return _account_page(form, new_token), 200, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the user's own tokens."""
    form = EmptyForm()
    if form.validate_on_submit():
        revoke_api_token(db.session, current_user, token_id, now=utcnow(), actor=current_user)
        db.session.commit()
        flash(_("The token has been revoked."), "success")
    return redirect(url_for("accounts.account"))


@bp.get("/admin/users")
@role_required("admin")
def admin_users():
    """Admin: every account."""
    return render_template("accounts/admin_users.html", users=list_users(db.session))


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required("admin")
def admin_new_user():
    """Admin: create an account with any role."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            create_user(db.session, form.email.data, form.password.data, form.role.data,
                        display_name=form.display_name.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The account has been created."), "success")
            return redirect(url_for("accounts.admin_users"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("accounts/admin_user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def admin_edit_user(user_id: int):
    """Admin: change a user's role, name or active flag."""
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            update_user(db.session, user, role=form.role.data, active=form.active.data,
                        display_name=form.display_name.data, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The account has been updated."), "success")
            return redirect(url_for("accounts.admin_users"))
        except DomainError as error:
            db.session.rollback()
            show_errors_on_form(form, error)
    return render_template("accounts/admin_user_form.html", form=form, user=user)
