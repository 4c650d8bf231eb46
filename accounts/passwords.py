"""How long a password must be, per role, and the list of common passwords refused. Pure module."""

from functools import lru_cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "core" / "data" / "common-passwords.txt"
# Roles that run the fair or read everyone's data: 12 characters. Exhibitors: 8, and never a common one.
LONG_PASSWORD_ROLES = ("admin", "organizer", "staff", "officer")
MIN_LENGTH = 8
MIN_LENGTH_LONG = 12


def min_length(role: str) -> int:
    """The shortest password accepted for an account of `role`."""
    return MIN_LENGTH_LONG if role in LONG_PASSWORD_ROLES else MIN_LENGTH


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased (comment lines start with #)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    """True if `password` (case aside) is on the list of common passwords."""
    return (password or "").strip().lower() in common_passwords()
