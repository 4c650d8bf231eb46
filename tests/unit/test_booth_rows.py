"""Parsing booth import rows: Vietnamese number formats, and every problem named by row and field."""

from decimal import Decimal

import pytest

from booths.layout.booth_rows import (
    BAD_CODE,
    BAD_NUMBER,
    BAD_TYPE,
    NEGATIVE,
    NOT_POSITIVE,
    REQUIRED,
    BoothRow,
    missing_columns,
    parse_booth_rows,
    parse_decimal,
    parse_vnd,
)


def raw(**over) -> dict[str, str]:
    """A valid row as a file gives it: every value a string."""
    values = {"code": "A-01", "hall": "Hall A", "zone": "Khu trong nước", "x_m": "0", "y_m": "0",
              "width_m": "3", "depth_m": "3", "type": "standard", "price_vnd": "12000000"}
    values.update(over)
    return values


@pytest.mark.parametrize(("text", "expected"), [
    ("3.5", Decimal("3.5")),
    ("3,5", Decimal("3.5")),        # Vietnamese decimal comma
    (" 12,25 ", Decimal("12.25")),
    ("4", Decimal("4")),
    ("0", Decimal("0")),
])
def test_parse_decimal_reads_points_and_decimal_commas(text, expected):
    """Both "3.5" and "3,5" are three and a half metres."""
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "3 m", "1,2,3", "1.234,5", "NaN", "Infinity", "", "3..5"])
def test_parse_decimal_refuses_what_is_not_a_plain_number(text):
    """Words, units, several commas and non-finite values are not numbers."""
    assert parse_decimal(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("12000000", 12_000_000),
    ("12.000.000", 12_000_000),       # Vietnamese thousands separators
    ("12,000,000", 12_000_000),
    ("12 000 000", 12_000_000),
    ("12\u00a0000\u00a0000", 12_000_000),
    ("500.000", 500_000),
    ("0", 0),
    ("-5", -5),
])
def test_parse_vnd_reads_thousands_separators(text, expected):
    """Dong amounts with dots, commas or spaces between thousands are whole numbers."""
    assert parse_vnd(text) == expected


@pytest.mark.parametrize("text", ["12.5", "1.23", "12,00", "mười triệu", "1.2.3", "12.000.00", "",
                                  "9" * 20, "1" * 5000])
def test_parse_vnd_refuses_fractions_and_words(text):
    """A dong amount is whole and storable: fractions, malformed groups, words and absurd sizes are refused."""
    assert parse_vnd(text) is None


def test_a_good_row_is_typed_in_centimetres():
    """Metres become centimetres, the code upper case, the price whole dong."""
    parsed, problems = parse_booth_rows([raw(code="a-01", x_m="1,5", y_m="2.25", width_m="3", depth_m="2,5",
                                             type="Corner", price_vnd="12.000.000")])
    assert problems == []
    assert parsed == [BoothRow(row=1, code="A-01", hall="Hall A", zone="Khu trong nước", x=150, y=225,
                               width=300, depth=250, booth_type="corner", price_vnd=12_000_000)]


def test_type_and_price_may_be_left_empty():
    """An empty type is standard and an empty price is zero."""
    parsed, problems = parse_booth_rows([raw(type="", price_vnd="")])
    assert problems == []
    assert (parsed[0].booth_type, parsed[0].price_vnd) == ("standard", 0)


@pytest.mark.parametrize(("over", "field", "key"), [
    ({"code": ""}, "code", REQUIRED),
    ({"code": "A 01"}, "code", BAD_CODE),
    ({"code": "A" * 21}, "code", BAD_CODE),
    ({"hall": " "}, "hall", REQUIRED),
    ({"zone": ""}, "zone", REQUIRED),
    ({"x_m": "abc"}, "x_m", BAD_NUMBER),
    ({"y_m": ""}, "y_m", REQUIRED),
    ({"x_m": "-1"}, "x_m", NEGATIVE),
    ({"width_m": "0"}, "width_m", NOT_POSITIVE),
    ({"depth_m": "-3"}, "depth_m", NOT_POSITIVE),
    ({"width_m": "ba"}, "width_m", BAD_NUMBER),
    ({"type": "kiosk"}, "type", BAD_TYPE),
    ({"price_vnd": "12.5"}, "price_vnd", BAD_NUMBER),
    ({"price_vnd": "-1000"}, "price_vnd", NEGATIVE),
    ({"price_vnd": "99999999999999999999999"}, "price_vnd", BAD_NUMBER),   # more than a BIGINT holds
    ({"x_m": "1e30"}, "x_m", BAD_NUMBER),                                 # beyond decimal precision
    ({"width_m": "9" * 40}, "width_m", BAD_NUMBER),
])
def test_each_bad_value_is_named_by_row_and_field(over, field, key):
    """A bad value on the third data row is reported as (3, field, reason) and that row is dropped."""
    parsed, problems = parse_booth_rows([raw(code="A-01"), raw(code="A-02"), raw(**over)])
    assert problems == [(3, field, key)]
    assert [row.row for row in parsed] == [1, 2]


def test_every_problem_of_a_row_is_reported():
    """A row with three bad values yields three problems, not just the first."""
    _parsed, problems = parse_booth_rows([raw(x_m="x", width_m="0", type="tent")])
    assert sorted(problems) == [(1, "type", BAD_TYPE), (1, "width_m", NOT_POSITIVE), (1, "x_m", BAD_NUMBER)]


def test_missing_columns_ignores_the_optional_type_and_price():
    """Type and price may be absent from the header; the others are required."""
    assert missing_columns({"code", "hall", "zone", "x_m", "y_m", "width_m", "depth_m"}) == []
    assert missing_columns({"code", "hall", "x_m", "y_m", "width_m"}) == ["zone", "depth_m"]
