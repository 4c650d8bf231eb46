"""Configuration read from the environment, with safe embedded defaults."""

import os
import secrets
from pathlib import Path


def _bool(value: str | None, default: bool = False) -> bool:
    """Read a yes/no environment value."""
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


MODES = ("development", "production", "testing")


class ConfigurationError(RuntimeError):
    """The app must not start as configured; the message names the variable to set."""


def load_config(instance_path: str) -> dict:
    """Build the Flask config mapping from environment variables."""
    default_db = "sqlite:///" + str(Path(instance_path) / "tradefair.sqlite3")
    secret = os.environ.get("SECRET_KEY")
    config = {
        # The one setting that decides the mode: production unless told otherwise (`./dev run` says
        # development, the tests' config says testing). Outside development the keys must be given.
        "APP_ENV": (os.environ.get("APP_ENV") or "production").strip().lower(),
        # In development a missing SECRET_KEY means a random key per start (sessions end on restart);
        # production refuses to start without one (check_settings), as each worker would draw its own.
        "SECRET_KEY": secret or secrets.token_hex(32),
        "SECRET_KEY_FROM_ENV": bool(secret),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(
            os.environ.get("DATABASE_URL", default_db)
        ),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS"), True),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "no-reply@tradefair.local"),
        "MAIL_LOG_BODY": _bool(os.environ.get("MAIL_LOG_BODY"), False),
        # Delivery: each SMTP socket operation waits at most MAIL_TIMEOUT_SECONDS; a sender holds a message for
        # MAIL_CLAIM_SECONDS (then another may take it); failures are retried after 1, 2, 4 … minutes (at most
        # an hour apart) until MAIL_GIVE_UP_HOURS after queueing, then marked failed for the admins.
        "MAIL_TIMEOUT_SECONDS": float(os.environ.get("MAIL_TIMEOUT_SECONDS", "10")),
        "MAIL_CLAIM_SECONDS": int(os.environ.get("MAIL_CLAIM_SECONDS", "120")),
        "MAIL_RETRY_BASE_SECONDS": int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60")),
        "MAIL_RETRY_MAX_SECONDS": int(os.environ.get("MAIL_RETRY_MAX_SECONDS", "3600")),
        "MAIL_GIVE_UP_HOURS": float(os.environ.get("MAIL_GIVE_UP_HOURS", "24")),
        # Deliveries a web process keeps waiting for its one mail thread; past that, cron or a worker sends them.
        "MAIL_BACKGROUND_QUEUE": int(os.environ.get("MAIL_BACKGROUND_QUEUE", "100")),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        # Long work on Celery workers when set (redis://host:6379/0), otherwise in the web process; /readyz pings it.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # A job's runner writes a heartbeat this often; silent this long, an in-process job is failed.
        "JOB_HEARTBEAT_SECONDS": float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5")),
        "JOB_STALE_SECONDS": float(os.environ.get("JOB_STALE_SECONDS", "30")),
        # A GET export estimated to take longer (rows counted × a per-row cost) is offered as a background job.
        "EXPORT_DIRECT_SECONDS": float(os.environ.get("EXPORT_DIRECT_SECONDS", "1")),
        # A task a dead worker held goes back to the queue after this many seconds (Redis has no other way
        # to know); a longer job on a live worker is delivered again meanwhile and waits for it.
        "CELERY_VISIBILITY_TIMEOUT": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "60")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(16 * 1024 * 1024))),
        # Absolute links in e-mails are built from this, never from the request's Host header.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        "TRUSTED_HOSTS": [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
        "PROXY_FIX_HOPS": int(os.environ.get("PROXY_FIX_HOPS", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"), False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        # Server-side sessions (accounts.sessions): idle timeout per role and an absolute lifetime.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_IDLE_MINUTES_EXHIBITOR": int(os.environ.get("SESSION_IDLE_MINUTES_EXHIBITOR", "480")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        "LOGIN_FREE_FAILURES": int(os.environ.get("LOGIN_FREE_FAILURES", "3")),
        "LOGIN_MAX_DELAY_SECONDS": int(os.environ.get("LOGIN_MAX_DELAY_SECONDS", "900")),
        "EMAIL_TOKEN_MAX_AGE": int(os.environ.get("EMAIL_TOKEN_MAX_AGE", str(48 * 3600))),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20")),
        "LOGIN_FAILURE_WINDOW_SECONDS": int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900")),
        # Seals secrets stored in the database (badge-signing keys); see core/sealing.py.
        "DATA_ENCRYPTION_KEY": os.environ.get("DATA_ENCRYPTION_KEY", ""),
        "DATA_KEY_FILE": os.environ.get("DATA_KEY_FILE") or str(Path(instance_path) / "data.key"),
        # Public visitor registrations allowed per address and hour; exhibitor staff per 9 m2 of booth.
        "VISITOR_REGISTRATIONS_PER_HOUR": int(os.environ.get("VISITOR_REGISTRATIONS_PER_HOUR", "30")),
        "STAFF_PER_9M2": int(os.environ.get("STAFF_PER_9M2", "3")),
        # A badge link (page, PDF, meetings) works until this many days after the fair's last day.
        "BADGE_LINK_DAYS_AFTER_FAIR": int(os.environ.get("BADGE_LINK_DAYS_AFTER_FAIR", "30")),
        # Contracts count for a fair when signed within its dates, give or take this many days.
        "CONTRACT_DATE_MARGIN_DAYS": int(os.environ.get("CONTRACT_DATE_MARGIN_DAYS", "7")),
        "MEETING_SLOT_MINUTES": int(os.environ.get("MEETING_SLOT_MINUTES", "30")),
        "MEETING_HOURS": os.environ.get("MEETING_HOURS", "09:00-17:00"),
        "MEETING_TABLES": int(os.environ.get("MEETING_TABLES", "20")),
        # Fairs with more booths than this allocate in a background job with a progress bar.
        "ALLOCATION_BACKGROUND_BOOTHS": int(os.environ.get("ALLOCATION_BACKGROUND_BOOTHS", "5000")),
        # Imports (booths, visitors, delegations, grants) of more rows than this run as a job with a progress bar.
        "IMPORT_BACKGROUND_ROWS": int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000")),
        # DejaVuSans.ttf and DejaVuSans-Bold.ttf, for the A4 badge sheets drawn without WeasyPrint.
        "BADGE_FONT_DIR": os.environ.get("BADGE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"),
        "API_TITLE": "Trade fair platform API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "info": {"description": "Trade fair platform API. Errors are RFC 9457 problem documents."},
        },
    }
    return config


def is_development(config) -> bool:
    """True in development and in the tests: the modes where keys may be made up on the spot."""
    return config.get("APP_ENV") in ("development", "testing") or bool(config.get("TESTING"))


def check_settings(config) -> None:
    """Refuse to start outside development without the settings every server must share."""
    mode = config.get("APP_ENV")
    if mode not in MODES:
        raise ConfigurationError(f"APP_ENV must be one of {', '.join(MODES)} (it is {mode!r}).")
    if is_development(config):
        return
    if not config.get("SECRET_KEY_FROM_ENV") and not config.get("SECRET_KEY_GIVEN"):
        raise ConfigurationError(
            "SECRET_KEY is not set. In production every app server needs the same SECRET_KEY "
            "(e.g. python3 -c 'import secrets; print(secrets.token_hex(32))'); "
            "for a development server set APP_ENV=development.")
    if not config.get("PUBLIC_BASE_URL"):
        raise ConfigurationError(
            "PUBLIC_BASE_URL is not set. In production links in e-mails are built from it "
            "(e.g. PUBLIC_BASE_URL=https://hoicho.example.vn); for a development server set APP_ENV=development.")


def engine_options(database_url: str) -> dict:
    """SQLAlchemy engine options for the database the app finally uses."""
    # A server may drop idle connections (restart, failover), but SQLAlchemy's pre-ping would cost every
    # request a round trip: core.db pings only a connection that sat idle in the pool (PING_AFTER_IDLE_S).
    # An SQLite file cannot go away like that.
    options: dict = {"pool_pre_ping": False}
    if database_url.startswith("postgresql"):
        # An unreachable server fails a connection attempt within seconds (a 503, /readyz says so) rather than
        # holding a worker for the operating system's TCP timeout.
        options["connect_args"] = {"connect_timeout": 5}
    return options


def _normalise_database_url(url: str) -> str:
    """Point plain postgres:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
