"""Secrets kept in the database (such as each fair's badge-signing seed) are sealed with a data key.

The data key comes from the environment (`DATA_ENCRYPTION_KEY`, 64 hex digits), so every server seals and
opens with the same key and a stolen database alone cannot sign badges. Only in development (and the tests)
may a missing key be made up once, in a file of the instance folder (`data.key`, readable by the owner
only); a production server never makes one silently: it refuses to start without the key once the
database holds sealed secrets, and with a key that does not open them (`check_data_key`).
Sealing is NaCl's SecretBox (XSalsa20-Poly1305).
"""

import logging
import os
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from core.config import ConfigurationError, is_development
from core.extensions import db

log = logging.getLogger(__name__)

# (table, column) pairs holding values sealed under the data key; packages register theirs at start-up.
_SEALED_COLUMNS: list[tuple[str, str]] = []

MISSING_KEY = ("DATA_ENCRYPTION_KEY is not set. Every server must seal and open secrets with the same "
               "64-hex-digit key (python3 -c 'import secrets; print(secrets.token_hex(32))'; a server that "
               "ran before keeps it in instance/data.key); for a development server set APP_ENV=development.")


def register_sealed_column(table: str, column: str) -> None:
    """Name a column whose values are sealed, so the start-up check can try the key on one of them."""
    if (table, column) not in _SEALED_COLUMNS:
        _SEALED_COLUMNS.append((table, column))


def _key_from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(SecretBox.KEY_SIZE))
        log.warning("Made a new data key in %s (development only; production sets DATA_ENCRYPTION_KEY)", path)
    return bytes.fromhex(path.read_text().strip())


def _configured_key(config) -> bytes | None:
    """The data key the configuration gives, or None; a development server may make one in its key file."""
    configured = config.get("DATA_ENCRYPTION_KEY")
    if configured:
        try:
            key = bytes.fromhex(configured.strip())
        except ValueError:
            key = b""
        if len(key) != SecretBox.KEY_SIZE:
            raise ConfigurationError("DATA_ENCRYPTION_KEY must be 32 bytes written as 64 hex digits.")
        return key
    if is_development(config):
        return _key_from_file(Path(config["DATA_KEY_FILE"]))
    return None


def data_key() -> bytes:
    """The 32-byte key that seals secrets at rest."""
    cached = current_app.extensions.get("data_key")
    if cached:
        return cached
    key = _configured_key(current_app.config)
    if key is None:
        raise ConfigurationError(MISSING_KEY)
    current_app.extensions["data_key"] = key
    return key


def seal(secret: bytes) -> bytes:
    """Encrypt and authenticate `secret` under the data key."""
    return bytes(SecretBox(data_key()).encrypt(secret))


def unseal(sealed: bytes) -> bytes:
    """The secret back; nacl raises CryptoError if it was altered or sealed under another key."""
    return SecretBox(data_key()).decrypt(sealed)


def _one_sealed_value() -> bytes | None:
    """A sealed value from the database, or None when there is none (or no schema yet)."""
    for table, column in _SEALED_COLUMNS:
        statement = sa.select(sa.column(column)).select_from(sa.table(table)).limit(1)
        try:
            with db.engine.connect() as connection:
                value = connection.execute(statement).scalar()
        except sa.exc.ProgrammingError:
            continue  # PostgreSQL before `flask db upgrade`: the table does not exist yet
        except sa.exc.OperationalError as error:
            if "no such table" in str(error.orig):
                continue  # SQLite before `flask db upgrade`
            raise
        if value is not None:
            return bytes(value)
    return None


def check_data_key(app: Flask) -> None:
    """Outside development, refuse to start without a data key, or with one that does not open the database's
    sealed secrets (a server given another key would break every badge sealed elsewhere)."""
    if is_development(app.config):
        return
    with app.app_context():
        try:
            sealed = _one_sealed_value()
        except sa.exc.OperationalError as error:
            # The database is down: start anyway (/readyz says 503 until it is back); the key is checked
            # by the next start. Refusing here would turn a database outage into an app that cannot start.
            log.warning("Could not check the data key against the database: %s", error.orig)
            return
        key = _configured_key(app.config)
        if sealed is None:
            if key is None:
                log.warning("DATA_ENCRYPTION_KEY is not set: the first fair that needs a badge key will fail")
            return
        if key is None:
            raise ConfigurationError(MISSING_KEY.replace("is not set.", "is not set, but the database holds "
                                                                        "secrets sealed with a data key."))
        try:
            SecretBox(key).decrypt(sealed)
        except CryptoError:
            raise ConfigurationError(
                "DATA_ENCRYPTION_KEY does not open the secrets sealed in this database: it differs from the key "
                "the other servers use. Give every server the same DATA_ENCRYPTION_KEY.") from None
