"""Secrets kept in the database (such as each fair's badge-signing seed) are sealed with a data key.

The data key comes from the environment (`DATA_ENCRYPTION_KEY`, 64 hex digits) or, when unset, from
a file created once in the instance folder (`data.key`, readable by the owner only), so a stolen
database alone cannot sign badges. Sealing is NaCl's SecretBox (XSalsa20-Poly1305).
"""

import os
import secrets
from pathlib import Path

from flask import current_app
from nacl.secret import SecretBox


def _key_from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(SecretBox.KEY_SIZE))
    return bytes.fromhex(path.read_text().strip())


def data_key() -> bytes:
    """The 32-byte key that seals secrets at rest."""
    cached = current_app.extensions.get("data_key")
    if cached:
        return cached
    configured = current_app.config.get("DATA_ENCRYPTION_KEY")
    key = bytes.fromhex(configured) if configured else _key_from_file(Path(current_app.config["DATA_KEY_FILE"]))
    if len(key) != SecretBox.KEY_SIZE:
        raise RuntimeError("DATA_ENCRYPTION_KEY must be 32 bytes (64 hex digits)")
    current_app.extensions["data_key"] = key
    return key


def seal(secret: bytes) -> bytes:
    """Encrypt and authenticate `secret` under the data key."""
    return bytes(SecretBox(data_key()).encrypt(secret))


def unseal(sealed: bytes) -> bytes:
    """The secret back; nacl raises CryptoError if it was altered or sealed under another key."""
    return SecretBox(data_key()).decrypt(sealed)
