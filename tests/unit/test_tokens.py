"""accounts.tokens: API token making and signed, expiring e-mail links (no app needed)."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from accounts.tokens import (
    API_TOKEN_PREFIX,
    LinkInvalid,
    hash_api_token,
    make_api_token,
    password_fingerprint,
    read_link,
    sign_link,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET = "unit-secret"
DAY = 24 * 3600


def _tamper(token: str) -> str:
    """Replace the last five characters: at least three bytes of the signature change."""
    return token[:-5] + ("AAAAA" if not token.endswith("AAAAA") else "BBBBB")


def test_api_token_is_prefixed_random_part():
    """The raw token is the fixed prefix followed by the random part."""
    assert make_api_token("abcDEF123-_xyz").raw == API_TOKEN_PREFIX + "abcDEF123-_xyz"


def test_api_token_hash_is_sha256_of_the_raw_token():
    """The stored hash is the hex SHA-256 of the raw token."""
    token = make_api_token("abcDEF123-_xyz")
    assert token.token_hash == hashlib.sha256(token.raw.encode()).hexdigest() == hash_api_token(token.raw)


def test_api_token_prefix_is_the_first_ten_characters():
    """The prefix shown to users is the first 10 characters, far shorter than the token."""
    token = make_api_token("x" * 43)
    assert token.prefix == token.raw[:10]
    assert len(token.prefix) == 10


def test_different_tokens_have_different_hashes():
    """Two random parts give two hashes."""
    assert make_api_token("one").token_hash != make_api_token("two").token_hash


def test_signed_link_round_trips_its_payload():
    """A fresh link gives back exactly the payload it was signed with."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7, "email": "a@example.vn"}, now=NOW)
    payload = read_link(SECRET, "confirm-email", token, now=NOW, max_age=DAY)
    assert payload == {"uid": 7, "email": "a@example.vn"}


def test_tampered_link_is_invalid():
    """Changing the signature makes the link invalid."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW)
    with pytest.raises(LinkInvalid):
        read_link(SECRET, "confirm-email", _tamper(token), now=NOW, max_age=DAY)


def test_forged_payload_is_invalid():
    """Swapping in another payload under the old signature makes the link invalid."""
    mine = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW)
    theirs = sign_link(SECRET, "confirm-email", {"uid": 8}, now=NOW)
    forged = theirs.split(".")[0] + "." + mine.split(".", 1)[1]
    with pytest.raises(LinkInvalid):
        read_link(SECRET, "confirm-email", forged, now=NOW, max_age=DAY)


def test_link_signed_with_another_secret_is_invalid():
    """A link signed with another key is refused."""
    token = sign_link("other-secret", "confirm-email", {"uid": 7}, now=NOW)
    with pytest.raises(LinkInvalid):
        read_link(SECRET, "confirm-email", token, now=NOW, max_age=DAY)


def test_link_for_another_purpose_is_invalid():
    """A confirmation link cannot be used as a password reset link."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW)
    with pytest.raises(LinkInvalid):
        read_link(SECRET, "reset-password", token, now=NOW, max_age=DAY)


def test_link_is_valid_at_exactly_max_age():
    """A link read max_age seconds after signing still works."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW)
    later = NOW + timedelta(seconds=DAY)
    assert read_link(SECRET, "confirm-email", token, now=later, max_age=DAY) == {"uid": 7}


def test_link_expires_after_max_age():
    """A link read one second after max_age is refused."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW)
    with pytest.raises(LinkInvalid):
        read_link(SECRET, "confirm-email", token, now=NOW + timedelta(seconds=DAY + 1), max_age=DAY)


def test_link_issued_far_in_the_future_is_invalid():
    """A link claiming to be issued more than a minute from now is refused (clock games)."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW + timedelta(minutes=5))
    with pytest.raises(LinkInvalid):
        read_link(SECRET, "confirm-email", token, now=NOW, max_age=DAY)


def test_link_issued_a_few_seconds_ahead_is_accepted():
    """A small clock difference between servers (under a minute) is tolerated."""
    token = sign_link(SECRET, "confirm-email", {"uid": 7}, now=NOW + timedelta(seconds=30))
    assert read_link(SECRET, "confirm-email", token, now=NOW, max_age=DAY) == {"uid": 7}


def test_password_fingerprint_changes_with_the_hash():
    """Two password hashes give two fingerprints, so a reset link dies with the old password."""
    assert password_fingerprint("hash-one") != password_fingerprint("hash-two")


def test_password_fingerprint_is_stable_and_short():
    """The same hash always gives the same 16-character fingerprint."""
    assert password_fingerprint("hash-one") == password_fingerprint("hash-one")
    assert len(password_fingerprint("hash-one")) == 16
