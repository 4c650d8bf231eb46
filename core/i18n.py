"""Language choice (Vietnamese first, English second) and locale-aware formatting."""

from datetime import date, datetime

from flask import Blueprint, current_app, has_request_context, redirect, request, url_for
from flask_babel import get_locale, to_user_timezone
from flask_login import current_user

from core import locale
from core.extensions import db
from core.urls import safe_next

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The explicit choice (cookie), then the user's saved locale, then Vietnamese.

    The API follows Accept-Language instead (Vietnamese when it names neither language).
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):  # API clients say what they want in Accept-Language
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in languages:
            return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The active language code, "vi" or "en"."""
    return locale.language(str(get_locale() or "vi"))


def money(amount, currency: str = "VND") -> str:
    """Format money for the active locale: `1.250.000 ₫` in Vietnamese."""
    return locale.format_money(amount, currency, current_language())


def number(value, places: int | None = None) -> str:
    """Format a number with the locale's grouping (1.250 in Vietnamese); `places` fixes the decimals."""
    return locale.format_number(value, current_language(), places=places)


def percent(ratio, places: int = 1) -> str:
    """Format a ratio as a percentage for the active locale (0.554 → 55,4% in Vietnamese)."""
    return locale.format_percent(ratio, current_language(), places=places)


def day(value: date | str | None, style: str = "medium") -> str:
    """Format a date (or an ISO date string from a report's JSON) for the active locale (15/01/2027 in Vietnamese)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10]) if value else None
    return locale.format_date(value, current_language(), style)


def document_day(value: date | None) -> str:
    """The date line of a document: "ngày 15 tháng 01 năm 2027" in Vietnamese."""
    return locale.format_document_date(value, current_language()) if value else ""


def day_month(value: date | None) -> str:
    """A day without its year, for chart labels (04/02 in Vietnamese)."""
    return locale.format_day_month(value, current_language()) if value else ""


def moment(value: datetime | None, style: str = "short") -> str:
    """Format a timestamp in the fair's timezone for the active locale."""
    return locale.format_datetime(to_user_timezone(value), current_language(), style) if value else ""


@bp.route("/lang/<code>", methods=["GET", "POST"])
def set_language(code: str):
    """Remember the chosen language in a cookie and go back.

    A POST (a CSRF-checked form, shown to logged-in users) also saves it on the account,
    so a link from another site can change at most a cookie, never the account.
    """
    if code not in current_app.config["LANGUAGES"]:
        code = current_app.config["BABEL_DEFAULT_LOCALE"]
    response = redirect(safe_next(request.values.get("next"), url_for("fairs.home")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    if request.method == "POST" and current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        db.session.commit()
    return response


def register_template_helpers(app) -> None:
    """Expose formatting filters and the language list to templates."""
    app.jinja_env.filters.update(money=money, number=number, percent=percent, day=day, document_day=document_day,
                                 day_month=day_month, moment=moment)
    app.jinja_env.globals.update(current_language=current_language, LANGUAGE_NAMES=LANGUAGE_NAMES)
