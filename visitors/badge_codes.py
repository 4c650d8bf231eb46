"""Signed badge codes: compact, verifiable offline with the fair's public key. Pure module.

A code is "F1" followed by base64url(fair id: 4 bytes | serial: 6 bytes | Ed25519 signature: 64
bytes), 101 characters in all: small enough for a QR code that scans fast, and it holds no
personal data. The signature covers the "F1" version prefix, the fair and the serial, so a code
cannot be edited, forged without the fair's key, or moved to another fair.
"""

import base64
import binascii
import math
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

PREFIX = "F1"
_FAIR_BYTES, _SERIAL_BYTES, _SIGNATURE_BYTES = 4, 6, 64
MAX_SERIAL = 2 ** (8 * _SERIAL_BYTES) - 1
CODE_LENGTH = len(PREFIX) + math.ceil((_FAIR_BYTES + _SERIAL_BYTES + _SIGNATURE_BYTES) * 4 / 3)  # 101, unpadded


class UnreadableCode(ValueError):
    """Not a badge code of this system (wrong shape, length or encoding)."""


@dataclass(frozen=True)
class BadgeCode:
    """What a code claims, before its signature is checked."""

    fair_id: int
    serial: int
    signed: bytes      # the bytes the signature covers
    signature: bytes


def _message(fair_id: int, serial: int) -> bytes:
    return PREFIX.encode() + fair_id.to_bytes(_FAIR_BYTES, "big") + serial.to_bytes(_SERIAL_BYTES, "big")


def new_seed(random_bytes: bytes) -> tuple[bytes, bytes]:
    """A key pair from 32 random bytes: (seed, public key)."""
    key = SigningKey(random_bytes)
    return bytes(key), bytes(key.verify_key)


def sign_code(fair_id: int, serial: int, seed: bytes) -> str:
    """The printable code of badge `serial` at fair `fair_id`, signed with the fair's seed."""
    if not (0 < fair_id < 2 ** 32 and 0 < serial <= MAX_SERIAL):
        raise ValueError("fair id or serial out of range")
    message = _message(fair_id, serial)
    signature = SigningKey(seed).sign(message).signature
    payload = message[len(PREFIX):] + signature
    return PREFIX + base64.urlsafe_b64encode(payload).decode().rstrip("=")


def read_code(code: str) -> BadgeCode:
    """Take a code apart (no signature check yet); UnreadableCode if it is not one."""
    text = (code or "").strip()
    if not text.startswith(PREFIX) or len(text) != CODE_LENGTH:
        raise UnreadableCode("not a badge code")
    body = text[len(PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise UnreadableCode("not base64url") from error
    if len(raw) != _FAIR_BYTES + _SERIAL_BYTES + _SIGNATURE_BYTES:
        raise UnreadableCode("wrong length")
    fair_id = int.from_bytes(raw[:_FAIR_BYTES], "big")
    serial = int.from_bytes(raw[_FAIR_BYTES:_FAIR_BYTES + _SERIAL_BYTES], "big")
    return BadgeCode(fair_id, serial, _message(fair_id, serial), raw[_FAIR_BYTES + _SERIAL_BYTES:])


def signature_valid(badge: BadgeCode, public_key: bytes) -> bool:
    """True if the fair's public key signed this code."""
    try:
        VerifyKey(public_key).verify(badge.signed, badge.signature)
    except BadSignatureError:
        return False
    return True
