"""Security headers on every response: a strict Content-Security-Policy and friends; behind TLS, HSTS and
the `__Host-` session cookie; nothing but static assets may be stored by a browser or proxy cache."""

from flask import Flask, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
HOST_PREFIX = "__Host-"
# Static assets are public and versioned by the app's release: the only responses a cache may keep. The gate
# scanner's manifest and service worker are public too and say themselves how to cache (no-cache: revalidate).
CACHEABLE_PREFIXES = ("/static/", "/gate/manifest.webmanifest", "/gate-sw.js")


def register_security_headers(app: Flask) -> None:
    """Add CSP, no-sniff, frame, referrer and cache headers to every response (HSTS behind TLS)."""
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if secure and not app.config["SESSION_COOKIE_NAME"].startswith(HOST_PREFIX):
        # The browser then accepts the cookie only from this host, over HTTPS, for every path: a sibling
        # subdomain or a plain-HTTP page cannot plant or overwrite it.
        app.config["SESSION_COOKIE_NAME"] = HOST_PREFIX + app.config["SESSION_COOKIE_NAME"]
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"

    @app.after_request
    def add_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if not request.path.startswith(CACHEABLE_PREFIXES) and "no-store" not in response.headers.get(
                "Cache-Control", ""):
            # Pages, downloads and API answers may hold personal data (leads, visitors, exports, badges,
            # reports, accounts): no copy in the browser's cache or a shared proxy.
            response.headers["Cache-Control"] = "private, no-store"
        return response
