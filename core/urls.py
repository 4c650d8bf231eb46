"""Safe redirect targets and absolute links that do not trust the request's Host header."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a plain path on this site, else `fallback` (no open redirects).

    Browsers and Werkzeug drop tabs and newlines and read backslashes as slashes, so any
    control character, whitespace or backslash disqualifies the target outright.
    """
    if not target or any(ord(ch) < 33 or ch == "\\" or ord(ch) == 127 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails: from PUBLIC_BASE_URL when set, never from a forged Host header."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
