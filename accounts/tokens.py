"""API token generation and signed e-mail links (confirmation, password reset).

Pure module: secrets, time and randomness come in as arguments.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer

API_TOKEN_PREFIX = "tf_"


@dataclass(frozen=True)
class NewApiToken:
    """A freshly made token: the raw value is shown once, only the hash is stored."""

    raw: str
    token_hash: str
    prefix: str


def hash_api_token(raw: str) -> str:
    """SHA-256 of a token; tokens are long random strings, so no slow hash is needed."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def make_api_token(random_part: str) -> NewApiToken:
    """Build a token from a random URL-safe string (pass `secrets.token_urlsafe(32)`)."""
    raw = API_TOKEN_PREFIX + random_part
    return NewApiToken(raw=raw, token_hash=hash_api_token(raw), prefix=raw[:10])


class LinkInvalid(Exception):
    """The signed link was tampered with, is for another purpose, or has expired."""


def sign_link(secret: str, purpose: str, payload: dict, *, now: datetime) -> str:
    """Sign `payload` for `purpose` with the time it was issued."""
    serializer = URLSafeSerializer(secret, salt=f"link:{purpose}")
    return serializer.dumps({**payload, "iat": int(now.timestamp())})


def read_link(secret: str, purpose: str, token: str, *, now: datetime, max_age: int) -> dict:
    """Verify a signed link and return its payload; raise LinkInvalid otherwise."""
    serializer = URLSafeSerializer(secret, salt=f"link:{purpose}")
    try:
        payload = serializer.loads(token)
    except BadSignature as error:
        raise LinkInvalid("bad signature") from error
    issued = payload.pop("iat", None)
    if not isinstance(issued, int) or now.timestamp() - issued > max_age or issued > now.timestamp() + 60:
        raise LinkInvalid("expired")
    return payload


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the password hash: a reset link dies once the password changes."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]
