"""Domain errors, RFC 9457 problem documents and the app's error handlers."""

import logging

from flask import Flask, Response, current_app, g, has_request_context, json, render_template, request
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from core.builtin_messages import translate_schema_message

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Seconds a client is asked to wait when the database is busy (SQLite's write lock) or unreachable.
RETRY_AFTER_BUSY_S = 5


class DomainError(Exception):
    """A rule of the domain refused the operation; the message is fit for users."""

    status = 400
    title = "Bad request"
    # The kind of problem, the last part of the problem document's `type` (None: the status's own kind).
    kind: str | None = None

    def __init__(self, message: str, *, field: str | None = None, errors: list | None = None):
        super().__init__(message)
        self.message = message
        self.errors = list(errors or [])
        if field and not self.errors:
            self.errors = [{"field": field, "message": message}]

    def __str__(self) -> str:
        return self.message


class ValidationFailed(DomainError):
    """Input broke a rule: each problem names its field (or row)."""

    status = 422
    title = "Unprocessable content"

    def __init__(self, errors: list[dict], message: str | None = None):
        first = errors[0]["message"] if errors else ""
        super().__init__(message or first, errors=errors)


class Conflict(DomainError):
    """The operation clashes with the current state (duplicate, wrong step)."""

    status = 409
    title = "Conflict"


class PermissionDenied(DomainError):
    """The actor may not do this."""

    status = 403
    title = "Forbidden"


class NotFound(DomainError):
    """The object does not exist or is not visible to the actor."""

    status = 404
    title = "Not found"


class PreconditionFailed(DomainError):
    """The request's If-Match names a version of the object that is no longer current."""

    status = 412
    title = "Precondition failed"


class Gone(DomainError):
    """The object existed but is no longer available (a badge link after a reissue or past its expiry)."""

    status = 410
    title = "Gone"


class TooManyRequests(DomainError):
    """The actor must wait before trying again."""

    status = 429
    title = "Too many requests"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


# A problem document's `type` is this base and a kind; each kind is described in docs/API.md and stays stable.
PROBLEM_TYPE_BASE = "/api/v1/problems/"
STATUS_KINDS = {
    400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    409: "conflict", 410: "gone", 412: "precondition-failed", 413: "too-large", 415: "unsupported-media-type",
    422: "validation-failed", 428: "precondition-required", 429: "too-many-requests", 500: "internal-error",
    503: "unavailable",
}
# An import's refused rows can be thousands: the document lists the first ones and says how many there are.
MAX_PROBLEM_ERRORS = 200


def problem_type(status: int, kind: str | None = None) -> str:
    """The stable `type` URI of a problem: its own kind, else its status's."""
    return PROBLEM_TYPE_BASE + (kind or STATUS_KINDS.get(status) or ("internal-error" if status >= 500
                                                                      else "bad-request"))


def problem_title(status: int, fallback: str = "") -> str:
    """The short title of an HTTP status in the active language (the API's Accept-Language)."""
    titles = {
        400: _("Bad request"), 401: _("Authentication required"), 403: _("Access denied"),
        404: _("Not found"), 405: _("Method not allowed"), 409: _("Conflict"), 410: _("No longer available"),
        412: _("The object has changed"), 413: _("The upload is too large"), 415: _("Unsupported media type"),
        422: _("Some fields are invalid"), 428: _("If-Match required"), 429: _("Too many attempts"),
        500: _("Something went wrong"), 503: _("Service unavailable"),
    }
    return titles.get(status) or fallback or titles[500 if status >= 500 else 400]


def problem_detail(status: int) -> str | None:
    """What a status means for the caller, in the active language; None for statuses without one."""
    details = {
        401: _("Send a valid API token in the Authorization header (Bearer)."),
        403: _("Your account does not have permission for this."),
        404: _("The address or the object does not exist, or you cannot see it."),
        405: _("This address does not accept that method."),
        412: _("The object was changed since you read it: read it again (its new ETag) and repeat the change."),
        413: _("The body you sent is larger than we accept."),
        415: _("Send the body as JSON (Content-Type: application/json)."),
        500: _("An unexpected error happened on our side. It has been logged; please try again."),
    }
    return details.get(status)


def problem_response(status: int, title: str, detail: str | None = None,
                     errors: list | None = None, headers: dict | None = None, *, kind: str | None = None) -> Response:
    """Build an RFC 9457 problem document response, all in the active language: a stable `type` per kind of
    problem, `instance` the path asked, at most MAX_PROBLEM_ERRORS errors (`error_count` says how many in all)."""
    body = {"type": problem_type(status, kind), "title": problem_title(status, title), "status": status}
    if detail:
        body["detail"] = detail
    if has_request_context():
        body["instance"] = request.path
    if errors:
        body["errors"] = errors[:MAX_PROBLEM_ERRORS]
        if len(errors) > MAX_PROBLEM_ERRORS:
            body["error_count"] = len(errors)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    response.headers["Content-Language"] = str(get_locale() or "vi")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def flatten_validation_messages(messages) -> list[dict]:
    """Turn marshmallow's nested message dict into `[{"field", "message"}]`."""
    errors: list[dict] = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path + [str(key)])
        elif isinstance(node, (list, tuple)):
            if all(isinstance(item, str) for item in node):
                for item in node:
                    errors.append({"field": ".".join(path) or None, "message": translate_schema_message(item)})
            else:
                for item in node:
                    walk(item, path)
        else:
            errors.append({"field": ".".join(path) or None, "message": translate_schema_message(str(node))})

    # webargs nests messages under the location ("json", "query"); drop that level.
    if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "headers", "files", "view_args"}:
        for value in messages.values():
            walk(value, [])
    else:
        walk(messages, [])
    return errors


def wants_problem_json() -> bool:
    """True for the JSON API, and for a page's own JSON calls (the gate scanner posts JSON)."""
    return request.path.startswith("/api/") or request.is_json



ERROR_PAGE_CODES = (400, 401, 403, 404, 405, 410, 413, 429, 500, 503)


def register_error_handlers(app: Flask) -> None:
    """Answer errors as problem documents under /api and as pages elsewhere."""

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        headers = {}
        if isinstance(error, TooManyRequests):
            headers["Retry-After"] = str(error.retry_after)
        if wants_problem_json():
            return problem_response(error.status, error.title, error.message, error.errors, headers, kind=error.kind)
        return render_error_page(error.status, error.message, headers=list(headers.items()))

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        if wants_problem_json():
            data = getattr(error, "data", None) or {}
            errors = None
            if "messages" in data:
                errors = flatten_validation_messages(data["messages"])
            elif "errors" in data:
                errors = data["errors"]
            # werkzeug's own descriptions are English: a status we know is explained in the caller's language.
            detail = data.get("message") or problem_detail(error.code or 500) or error.description
            title = error.name
            if error.code == 422:  # schema errors read like the services' own validation errors
                title, detail = ValidationFailed.title, _("Some fields are invalid.")
            # werkzeug's own headers (a 405's Allow, a 401's WWW-Authenticate) stay; the body is ours.
            headers = {key: value for key, value in error.get_headers() if key.lower() != "content-type"}
            headers.update(data.get("headers") or {})
            return problem_response(error.code or 500, title, detail, errors, headers=headers)
        return render_error_page(error.code or 500, None, headers=error.get_headers())

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def handle_database_unavailable(error: OperationalError | InterfaceError):
        # SQLite's "database is locked" while a long write holds the lock, or a PostgreSQL server that is
        # down, restarting or cut off: the request may succeed if repeated, so say when rather than "internal
        # error". The transaction is gone with its connection: nothing of the request was written.
        log.warning("Database unavailable on %s %s: %s", request.method, request.path, error.orig)
        _forget_failed_transaction()
        headers = {"Retry-After": str(RETRY_AFTER_BUSY_S)}
        busy = "locked" in str(error.orig) or "busy" in str(error.orig)
        detail = (_("The database is busy. Please try again in a few seconds.") if busy
                  else _("The database cannot be reached at the moment. Please try again in a few seconds."))
        if wants_problem_json():
            return problem_response(503, "Service unavailable", detail, headers=headers,
                                    kind="database-busy" if busy else "database-unavailable")
        try:
            return render_error_page(503, None if busy else detail, headers=list(headers.items()))
        except SQLAlchemyError:
            # The page itself needed the database (the user menu): a plain page says the same.
            return (f"<!doctype html><title>503</title><p>{escape(detail)}</p>", 503,
                    [("Content-Type", "text/html; charset=utf-8"), *headers.items()])

    @app.errorhandler(DataError)
    def handle_unstorable_value(error: DataError):
        # A value the database refused (out of its range); the schemas bound inputs, so this is a last guard.
        log.warning("Database refused a value on %s %s: %s", request.method, request.path, error.orig)
        message = _("A value is outside what can be stored. Please check the numbers and dates.")
        if wants_problem_json():
            return problem_response(422, ValidationFailed.title, message, kind="value-out-of-range")
        return render_error_page(400, message)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        # Log the traceback but never the request body: it may hold passwords.
        log.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_problem_json():
            return problem_response(500, "Internal server error")
        return render_error_page(500, None)


def _forget_failed_transaction() -> None:
    """Roll the request's session back, and let the error page see an anonymous visitor when the user could not
    be loaded (the page must not need the database that just failed)."""
    extension = current_app.extensions.get("sqlalchemy")  # core.extensions imports this module: no import back
    try:
        if extension is not None:
            extension.session.rollback()
    except SQLAlchemyError:
        pass
    if "_login_user" not in g:
        g._login_user = current_app.login_manager.anonymous_user()


def render_error_page(status: int, message: str | None, headers=None):
    """Render the bilingual error page for `status`."""
    if request_ctx.url_adapter is None:
        # The request was refused before routing (an untrusted Host): no links can be built.
        return f"{status} Bad request", status, {"Content-Type": "text/plain; charset=utf-8"}
    known = status if status in ERROR_PAGE_CODES else (500 if status >= 500 else 400)
    titles = {
        400: _("Bad request"),
        401: _("Please log in"),
        403: _("Access denied"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        410: _("No longer available"),
        413: _("The upload is too large"),
        429: _("Too many attempts"),
        500: _("Something went wrong"),
        503: _("The service is busy"),
    }
    explanations = {
        400: _("The request could not be understood. Please check the form and try again."),
        401: _("You need to log in to see this page."),
        403: _("Your account does not have permission to open this page."),
        404: _("The page you are looking for does not exist or has moved."),
        405: _("This address does not accept that kind of request."),
        410: _("This link no longer works."),
        413: _("The file you sent is larger than we accept. Please send a smaller file."),
        429: _("Please wait a little before trying again."),
        500: _("An unexpected error happened on our side. It has been logged; please try again."),
        503: _("Too much is being saved at this moment. Please try again in a few seconds."),
    }
    html_headers = [(k, v) for k, v in (headers or []) if k.lower() != "content-type"]
    body = render_template(
        "errors/error.html",
        status=status,
        title=titles[known],
        explanation=message or explanations[known],
    )
    return body, status, html_headers


__all__ = [
    "Conflict", "DomainError", "Gone", "InternalServerError", "NotFound", "PermissionDenied", "PreconditionFailed",
    "TooManyRequests", "ValidationFailed", "problem_response", "register_error_handlers",
]
