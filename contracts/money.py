"""Money with decimals, never floats: amounts, currencies, conversions to VND and USD. Pure module.

VND has no minor unit: a value in VND is rounded to the đồng (half up, as banks round). USD
values are rounded to the cent. Rates are VND per one unit of the currency.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry

ONE_DONG = Decimal("1")
ONE_CENT = Decimal("0.01")
_DOT_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # the one syntax machines send: no grouping, a dot


def parse_amount(value) -> Decimal | None:
    """A finite Decimal from an int, a Decimal or a string with a dot for decimals ("2500.50"); else None.

    Floats are refused (they are not exact), and so is any grouping ("12,500" or "12.500.000"):
    which separator is which depends on the writer's language, so a machine sends none. People's
    writing is read by core.locale before it gets here.
    """
    if isinstance(value, bool) or isinstance(value, float):
        return None
    if isinstance(value, str) and not _DOT_DECIMAL.fullmatch(value.strip()):
        return None
    try:
        amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


def is_currency(code: str | None) -> bool:
    """True for an ISO 4217 alphabetic code (VND, USD, JPY…)."""
    return bool(code) and len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def to_vnd(amount: Decimal, rate_to_vnd: Decimal) -> Decimal:
    """The amount in VND, to the đồng."""
    return (amount * rate_to_vnd).quantize(ONE_DONG, rounding=ROUND_HALF_UP)


def vnd_to_usd(value_vnd: Decimal, usd_rate_to_vnd: Decimal) -> Decimal:
    """A VND value in USD, to the cent."""
    return (value_vnd / usd_rate_to_vnd).quantize(ONE_CENT, rounding=ROUND_HALF_UP)


def fits(value: Decimal, digits: int, places: int) -> bool:
    """True if `value` is stored exactly by a Numeric(digits, places) column: no lost decimals, no overflow."""
    step = Decimal(1).scaleb(-places)
    return value.is_finite() and abs(value) < Decimal(10) ** (digits - places) and value == value.quantize(step)
