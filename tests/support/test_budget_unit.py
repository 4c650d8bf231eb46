"""The pure budget module: whole đồng, overruns, the booth-fee rule."""

from decimal import Decimal

from support.budget import BudgetCheck, booth_fee_subsidy, millions, parse_vnd


def test_amounts_are_whole_dong_and_floats_are_refused():
    """Integers, digit strings and thousands separators pass; decimals, floats and words do not."""
    assert parse_vnd(12_000_000) == 12_000_000
    assert parse_vnd("12000000") == parse_vnd("12,000,000") == parse_vnd("12.000.000") == 12_000_000
    assert parse_vnd("12.5") is None and parse_vnd(12.0) is None and parse_vnd("abc") is None
    assert parse_vnd(True) is None and parse_vnd("") is None


def test_an_overrun_is_what_goes_past_the_budget():
    """90 committed of 100, 15 more: 5 over; 10 more fits exactly."""
    assert BudgetCheck(100, 90, 15).overrun == 5
    assert BudgetCheck(100, 90, 10).overrun == 0


def test_the_booth_fee_rule_pays_a_share_of_at_most_n_booths():
    """100 % of at most 2 booths out of 3 (the dearest first); 50 % rounds half up to the đồng."""
    assert booth_fee_subsidy([12_000_000, 15_000_000, 12_000_000], percent=100, max_booths=2) == (2, 27_000_000)
    assert booth_fee_subsidy([3], percent=50, max_booths=None) == (1, 2)


def test_millions_are_printed_to_three_decimals():
    """1,234,567 đồng = 1.235 triệu đồng."""
    assert millions(1_234_567) == Decimal("1.235")
