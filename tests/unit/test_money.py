"""Money: exact decimals, ISO currencies, conversions rounded like banks round."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.money import is_currency, parse_amount, to_vnd, vnd_to_usd


def test_conversions_are_exact_to_the_dong_and_the_cent():
    """12,345.67 USD at 25,400.5 VND: 313,586,190.835 -> 313,586,191 VND -> 12,345.67 USD back."""
    value = to_vnd(Decimal("12345.67"), Decimal("25400.5"))
    assert value == Decimal("313586191")
    assert vnd_to_usd(value, Decimal("25400.5")) == Decimal("12345.67")
    assert to_vnd(Decimal("0.5"), Decimal("1")) == Decimal("1")  # half up


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000000"), places=2),
       st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1000000"), places=6))
def test_a_converted_value_is_within_half_a_dong_of_the_exact_product(amount, rate):
    """Never a float on the way: the result differs from amount × rate by at most 0.5 VND."""
    assert abs(to_vnd(amount, rate) - amount * rate) <= Decimal("0.5")


@pytest.mark.parametrize(("text", "expected"), [("1250000", Decimal("1250000")), ("12.5", Decimal("12.5")),
                                                (" 2500.50 ", Decimal("2500.50")), (7, Decimal("7")),
                                                ("1,250,000", None), ("12.500.000", None), ("1,5", None),
                                                ("abc", None), ("NaN", None), ("Infinity", None), ("1e3", None),
                                                (1.5, None), (True, None)])
def test_parse_amount_refuses_floats_and_non_numbers(text, expected):
    """Ints and dot-decimal strings are read exactly; grouped text, floats, NaN and infinities are refused."""
    assert parse_amount(text) == expected


def test_currencies_are_iso_4217():
    """USD, VND, jpy (any case) are currencies; XYZ and 'US' are not."""
    assert is_currency("USD") and is_currency("VND") and is_currency("jpy")
    assert not is_currency("XYZ") and not is_currency("US") and not is_currency(None)
