"""Signed badge codes: compact, no personal data, and any change, forgery or other fair is recognised."""

import base64
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visitors.badge_codes import (
    CODE_LENGTH,
    MAX_SERIAL,
    UnreadableCode,
    new_seed,
    read_code,
    sign_code,
    signature_valid,
)

SEED, PUBLIC = new_seed(bytes(range(32)))


def test_a_code_is_compact_and_verifies_with_the_fairs_public_key():
    """101 characters of base64url after 'F1'; the fair and serial read back; the signature holds."""
    code = sign_code(12, 987654321, SEED)
    assert len(code) == CODE_LENGTH == 101 < 120
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert code.startswith("F1") and set(code[2:]) <= alphabet
    badge = read_code(code)
    assert (badge.fair_id, badge.serial) == (12, 987654321)
    assert signature_valid(badge, PUBLIC)


@settings(max_examples=200, deadline=None)
@given(position=st.integers(2, 100), replacement=st.sampled_from("AQgw-_09"))
def test_changing_any_character_breaks_the_code(position, replacement):
    """Any edited character makes the code unreadable or its signature wrong."""
    code = sign_code(3, 4242, SEED)
    tampered = code[:position] + replacement + code[position + 1:]
    if tampered == code:
        return
    try:
        badge = read_code(tampered)
    except UnreadableCode:
        return
    assert not signature_valid(badge, PUBLIC)


def test_a_code_signed_with_another_key_or_claiming_another_fair_fails():
    """Forged (another key) and re-addressed (fair id swapped) codes do not verify."""
    other_seed, other_public = new_seed(os.urandom(32))
    forged = read_code(sign_code(3, 77, other_seed))
    assert not signature_valid(forged, PUBLIC) and signature_valid(forged, other_public)
    raw = bytearray(base64.urlsafe_b64decode(sign_code(3, 77, SEED)[2:] + "="))
    raw[3] = 4  # fair 3 -> fair 4, signature kept
    moved = read_code("F1" + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("="))
    assert moved.fair_id == 4 and not signature_valid(moved, PUBLIC)


@pytest.mark.parametrize("text", ["", "hello", "F1" + "A" * 98, "F1" + "A" * 100, "F2" + "A" * 99,
                                  "F1" + "*" * 99, "https://example.com/" + "x" * 82])
def test_garbage_is_unreadable(text):
    """Wrong prefix, length or alphabet: UnreadableCode."""
    with pytest.raises(UnreadableCode):
        read_code(text)


def test_serials_and_fairs_out_of_range_are_refused():
    """The code has room for 32-bit fairs and 48-bit serials, no more."""
    with pytest.raises(ValueError):
        sign_code(1, MAX_SERIAL + 1, SEED)
    with pytest.raises(ValueError):
        sign_code(0, 1, SEED)
