"""Vietnamese tax codes (mã số thuế): enterprises.identity.normalise_tax_code, without an app."""

import pytest

from enterprises.identity import normalise_tax_code


@pytest.mark.parametrize(("text", "expected"), [
    ("0100109106", "0100109106"),
    ("0100109106001", "0100109106-001"),
    ("0100109106-001", "0100109106-001"),
    ("0100109106 001", "0100109106-001"),
    ("0100 109 106", "0100109106"),
    ("0100.109.106", "0100109106"),
    ("  0301234562  ", "0301234562"),
    ("4800123456", "4800123456"),
])
def test_a_valid_code_comes_back_in_its_standard_form(text, expected):
    """A valid 10- or 13-digit code, however spaced, is returned formatted (branches as 10-3)."""
    assert normalise_tax_code(text) == expected


@pytest.mark.parametrize("text", [
    "0100109107",        # wrong check digit
    "0100109106-000",    # branch 000 does not exist
    "0100109106-01",     # 12 digits
    "01001091060",       # 11 digits
    "12345",             # too short
    "010010910600123",   # too long
    "abcdefghij",        # not digits
])
def test_an_invalid_code_is_none(text):
    """A code with the wrong length, check digit, branch or characters is refused (None)."""
    assert normalise_tax_code(text) is None


@pytest.mark.parametrize("text", [None, "", "   "])
def test_no_code_is_none(text):
    """An absent or blank code is None (the tax code is optional)."""
    assert normalise_tax_code(text) is None


def test_the_same_company_written_two_ways_normalises_to_one_value():
    """Two spellings of one code give the same stored value, so the unique constraint catches them."""
    assert normalise_tax_code("0100-109-106") == normalise_tax_code("0100109106")
