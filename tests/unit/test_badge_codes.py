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


@pytest.mark.parametrize(("fair_id", "serial"),
                         [(1, 1), (2 ** 32 - 1, 1), (1, 2 ** 48 - 1), (64, 5), (2 ** 31, 2 ** 40)])
def test_the_extreme_fairs_and_serials_sign_and_read_back(fair_id, serial):
    """The smallest and largest fair ids (32 bits) and serials (48 bits) make codes that read back exactly."""
    code = sign_code(fair_id, serial, SEED)
    assert len(code) == CODE_LENGTH
    badge = read_code(code)
    assert (badge.fair_id, badge.serial) == (fair_id, serial)
    assert signature_valid(badge, PUBLIC)


@pytest.mark.parametrize(("fair_id", "serial"), [(0, 1), (-1, 1), (2 ** 32, 1), (1, 0), (1, -1), (1, 2 ** 48)])
def test_one_past_each_limit_is_refused(fair_id, serial):
    """Fair 0 and 2^32, serial 0 and 2^48 (absolute limits, not the module's constants) cannot be signed."""
    with pytest.raises(ValueError, match="^fair id or serial out of range$"):
        sign_code(fair_id, serial, SEED)


def test_the_code_is_big_endian_fair_then_serial_then_signature():
    """The layout is fixed for printed badges: 4 bytes of fair, 6 of serial, big-endian, then 64 of signature."""
    code = sign_code(0x01020304, 0x0A0B0C0D0E0F, SEED)
    raw = base64.urlsafe_b64decode(code[2:] + "=")
    assert raw[:10] == bytes([1, 2, 3, 4, 10, 11, 12, 13, 14, 15])
    assert len(raw) == 74
    badge = read_code(code)
    assert badge.signed == b"F1" + raw[:10] and badge.signature == raw[10:]


@pytest.mark.parametrize(("text", "reason"), [
    (None, "not a badge code"), ("", "not a badge code"), ("F1" + "A" * 98, "not a badge code"),
    ("F1" + "A" * 98 + "*", "not base64url"),
    ("F1" + "A" * 96 + "!!!", "wrong length"),  # characters outside the alphabet are dropped, leaving 72 bytes
])
def test_each_unreadable_code_says_why(text, reason):
    """Shape, encoding and decoded length are told apart (the gate logs which)."""
    with pytest.raises(UnreadableCode, match=f"^{reason}$"):
        read_code(text)


def test_surrounding_spaces_of_a_scanned_code_are_ignored():
    """Handheld scanners add a newline or spaces: the code still reads."""
    code = sign_code(7, 8, SEED)
    assert read_code(f"  {code}\r\n").serial == 8
