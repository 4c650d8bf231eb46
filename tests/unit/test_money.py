"""Money: exact decimals, ISO currencies, conversions rounded like banks round."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.money import fits, is_currency, parse_amount, to_vnd, vnd_to_usd


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


def test_usd_rounds_half_a_cent_up_away_from_zero():
    """Exactly half a cent rounds up (away from zero), as banks round: not to even, not down."""
    rate = Decimal("1000")
    assert vnd_to_usd(Decimal("5"), rate) == Decimal("0.01")        # 0.005
    assert vnd_to_usd(Decimal("25"), rate) == Decimal("0.03")       # 0.025: half-even would give 0.02
    assert vnd_to_usd(Decimal("4.999"), rate) == Decimal("0.00")    # just below half a cent
    assert vnd_to_usd(Decimal("-5"), rate) == Decimal("-0.01")
    assert vnd_to_usd(Decimal("12345"), rate) == Decimal("12.35")   # 12.345
    assert str(vnd_to_usd(Decimal("25400500"), Decimal("25400.5"))) == "1000.00"  # to the cent, two places


def test_vnd_rounds_half_a_dong_up_away_from_zero():
    """2.5 đồng is 3 (half-even would give 2), 2.49 is 2, -2.5 is -3; whole đồng, no decimals left."""
    assert to_vnd(Decimal("2.5"), Decimal("1")) == Decimal("3")
    assert to_vnd(Decimal("0.83"), Decimal("3")) == Decimal("2")    # 2.49
    assert to_vnd(Decimal("-2.5"), Decimal("1")) == Decimal("-3")
    assert str(to_vnd(Decimal("1.25"), Decimal("4"))) == "5"


@pytest.mark.parametrize(("value", "expected"), [
    ("999.99", True), ("-999.99", True), ("1000.00", False), ("-1000", False), ("0", True),
    ("1.005", False), ("1.1", True), ("NaN", False), ("Infinity", False), ("-Infinity", False),
])
def test_fits_a_numeric_5_2_column_exactly(value, expected):
    """Numeric(5, 2) holds -999.99 to 999.99 in cents: 1000 overflows, a third decimal is lost, NaN is not a number."""
    assert fits(Decimal(value), 5, 2) is expected


def test_fits_whole_numbers_at_the_limit():
    """Numeric(5, 0): 99999 fits, 100000 and 0.1 do not; Numeric(3, 3): 0.999 fits, 1 does not."""
    assert fits(Decimal("99999"), 5, 0) and not fits(Decimal("100000"), 5, 0) and not fits(Decimal("0.1"), 5, 0)
    assert fits(Decimal("0.999"), 3, 3) and not fits(Decimal("1"), 3, 3)


@pytest.mark.parametrize(("value", "expected"), [
    ("-12.5", Decimal("-12.5")), (Decimal("3.25"), Decimal("3.25")), (-4, Decimal("-4")), ("0", Decimal("0")),
    (Decimal("NaN"), None), (Decimal("-Infinity"), None), (None, None), ("", None), ("12.", None), (".5", None),
    ("+5", None), ("- 5", None), (False, None),
])
def test_parse_amount_edges(value, expected):
    """A minus sign, Decimals and negative ints are read; a Decimal NaN or infinity, None, empty text, a bare
    dot on either side, a plus sign and booleans are refused."""
    assert parse_amount(value) == expected


def test_currency_codes_are_exactly_three_letters():
    """'USDX', '' and 'U' are not currencies even though 'USD' is; an ISO code in lower case is."""
    assert not is_currency("USDX") and not is_currency("") and not is_currency("U")
    assert is_currency("eur")
