"""Whole-đồng amounts, a programme's budget against its commitments, and the booth-fee rule. Pure module."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_VND = 10**18 - 1  # the columns hold 18 digits
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*")  # one separator, groups of three
_CENTS = re.compile(r"\d+\.\d{1,2}")  # "1500000.00" from a spreadsheet: whole đồng only


def parse_vnd(value) -> int | None:
    """A whole number of đồng from an int or a string ("12000000", "12,000,000", "12.000.000"); floats refused.

    Anything else ("1,5", "1.000.5", "12345.678") is refused rather than guessed, and so is an
    amount too large for the columns.
    """
    if isinstance(value, bool) or isinstance(value, float) or value is None:
        return None
    if isinstance(value, Decimal):
        amount = int(value) if value.is_finite() and value == value.to_integral_value() else None
    elif isinstance(value, int):
        amount = value
    else:
        text = str(value).strip().replace(" ", "")
        if _PLAIN.fullmatch(text):
            amount = int(text)
        elif _GROUPED.fullmatch(text):
            amount = int(text.replace(",", "").replace(".", ""))
        elif _CENTS.fullmatch(text) and Decimal(text) == Decimal(text).to_integral_value():
            amount = int(Decimal(text))
        else:
            return None
    return amount if amount is not None and abs(amount) <= MAX_VND else None


@dataclass(frozen=True)
class BudgetCheck:
    """A programme's budget after a proposed commitment: how much would be committed and by how much over."""

    budget: int
    committed: int
    proposed: int

    @property
    def after(self) -> int:
        """Committed once the proposal is added."""
        return self.committed + self.proposed

    @property
    def overrun(self) -> int:
        """How far the proposal goes past the budget (0 when it fits)."""
        return max(0, self.after - self.budget)


def booth_fee_subsidy(prices: Sequence[int], *, percent: int, max_booths: int | None) -> tuple[int, int]:
    """The rule "percent of the fee of at most max_booths booths": (booths covered, subsidy in đồng).

    The dearest booths are covered first (the rule favours the exhibitor); the subsidy is rounded
    half up to the đồng.
    """
    covered = sorted(prices, reverse=True)[: max_booths if max_booths is not None else len(prices)]
    total = sum(Decimal(price) for price in covered) * Decimal(percent) / Decimal(100)
    return len(covered), int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def millions(amount_vnd: int | Decimal) -> Decimal:
    """VND in "triệu đồng" (millions), to three decimals as official reports print them."""
    return (Decimal(amount_vnd) / Decimal(1_000_000)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
