"""The locale layer: numbers, money and dates read and written as Vietnamese and English people write them."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from core.locale import (
    ReadError,
    format_date,
    format_datetime,
    format_day_month,
    format_document_date,
    format_money,
    format_number,
    format_percent,
    format_plain,
    parse_date,
    parse_integer,
    parse_money,
    parse_number,
    spell_number,
)


@pytest.mark.parametrize(("lang", "text", "places", "expected"), [
    ("vi", "12.500.000", 0, Decimal("12500000")),
    ("vi", "12 500 000", 0, Decimal("12500000")),
    ("vi", "12\u00a0500\u00a0000", 0, Decimal("12500000")),
    ("vi", "12500000", 0, Decimal("12500000")),
    ("vi", "2.500,5", 2, Decimal("2500.5")),
    ("vi", "2500,5", 2, Decimal("2500.5")),
    ("vi", "1.500", 0, Decimal("1500")),  # whole numbers only: the dot can only group thousands
    ("vi", "-3,25", 2, Decimal("-3.25")),
    ("en", "12,500,000", 0, Decimal("12500000")),
    ("en", "12 500 000", 0, Decimal("12500000")),
    ("en", "12500000", 0, Decimal("12500000")),
    ("en", "2,500.5", 2, Decimal("2500.5")),
    ("en", "1,500", 0, Decimal("1500")),
    ("en", "0.25", None, Decimal("0.25")),
])
def test_numbers_are_read_the_way_each_language_writes_them(lang, text, places, expected):
    """Dots group thousands in Vietnamese and commas mark decimals; English the other way round."""
    assert parse_number(text, lang, places=places) == expected


@pytest.mark.parametrize(("lang", "text", "read", "other"), [
    ("vi", "1.500", Decimal("1500"), Decimal("1.5")),
    ("vi", "12.500", Decimal("12500"), Decimal("12.5")),
    ("en", "1,500", Decimal("1500"), Decimal("1.5")),
])
def test_a_lone_thousands_group_where_decimals_are_allowed_is_refused_as_ambiguous(lang, text, read, other):
    """`1.500` in a USD field: 1500 by the locale's rule, 1.5 by the other habit. Refused, with both readings."""
    with pytest.raises(ReadError) as caught:
        parse_number(text, lang, places=2)
    assert (caught.value.reason, caught.value.value, caught.value.other) == ("ambiguous", read, other)


@pytest.mark.parametrize(("lang", "text", "meant"), [
    ("vi", "2.5", Decimal("2.5")),
    ("vi", "12,500,000", Decimal("12500000")),
    ("vi", "2,500.5", Decimal("2500.5")),
    ("en", "2,5", Decimal("2.5")),
    ("en", "12.500.000", Decimal("12500000")),
    ("en", "2.500,5", Decimal("2500.5")),
])
def test_the_other_languages_habit_is_refused_saying_how_it_would_read(lang, text, meant):
    """Never silently reinterpreted: the error carries the other reading for the message."""
    with pytest.raises(ReadError) as caught:
        parse_number(text, lang, places=2)
    assert (caught.value.reason, caught.value.value) == ("convention", meant)


@pytest.mark.parametrize("text", ["", "abc", "1.50.0", "1..5", "1,2,3", "12e3", "٣", "1" * 41])
def test_what_is_no_number_in_either_language_is_refused(text):
    """Garbage, exponents, foreign digits and absurd lengths are not numbers."""
    for lang in ("vi", "en"):
        with pytest.raises(ReadError) as caught:
            parse_number(text, lang, places=2)
        assert caught.value.reason == "number"


def test_decimals_beyond_the_field_are_refused_with_the_value_read():
    """A whole-number field refuses 1,5; a two-decimal field refuses 1,255."""
    with pytest.raises(ReadError) as whole:
        parse_integer("1,5", "vi")
    assert (whole.value.reason, whole.value.value) == ("whole", Decimal("1.5"))
    with pytest.raises(ReadError) as decimals:
        parse_number("1,255", "vi", places=2)
    assert (decimals.value.reason, decimals.value.places) == ("decimals", 2)
    assert parse_integer("12.500", "vi") == 12500


@pytest.mark.parametrize(("lang", "text", "currency", "expected"), [
    ("vi", "12.500.000", "VND", Decimal("12500000")),
    ("vi", "12.500.000 ₫", "VND", Decimal("12500000")),
    ("vi", "12.500.000 đồng", "vnd", Decimal("12500000")),
    ("vi", "1.500", "VND", Decimal("1500")),
    ("vi", "2.500,5", "USD", Decimal("2500.5")),
    ("vi", "2.500,50 US$", "USD", Decimal("2500.50")),
    ("vi", "1.500", "JPY", Decimal("1500")),  # the yen has no minor unit either
    ("en", "12,500,000", "VND", Decimal("12500000")),
    ("en", "2,500.5", "USD", Decimal("2500.5")),
    ("en", "$2,500.50", "USD", Decimal("2500.50")),
])
def test_money_decimals_follow_the_currencys_minor_unit(lang, text, currency, expected):
    """VND and JPY take whole amounts (so 1.500 is unambiguous there), USD takes cents."""
    assert parse_money(text, currency, lang) == expected


@pytest.mark.parametrize(("lang", "text"), [("vi", "1,5"), ("en", "1.5"), ("en", "1.500"), ("vi", "1.5"),
                                            ("en", "1,5")])
def test_the_dong_has_no_fractional_part(lang, text):
    """`1,5` đồng is refused as such, with the value it was read as (never rounded to 2 ₫), either habit."""
    with pytest.raises(ReadError) as caught:
        parse_money(text, "VND", lang)
    assert caught.value.reason == "minor_unit" and caught.value.value == Decimal("1.5")


def test_an_amount_in_usd_like_1_500_is_ambiguous_in_both_languages():
    """Where cents are possible, a lone thousands group could be either: refused."""
    for lang, text in (("vi", "1.500"), ("en", "1,500")):
        with pytest.raises(ReadError) as caught:
            parse_money(text, "USD", lang)
        assert caught.value.reason == "ambiguous"


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("vi", "15/01/2027", date(2027, 1, 15)),
    ("vi", "5/1/2027", date(2027, 1, 5)),
    ("vi", "15-01-2027", date(2027, 1, 15)),
    ("vi", "15.01.2027", date(2027, 1, 15)),
    ("vi", "2027-01-15", date(2027, 1, 15)),
    ("en", "2027-01-15", date(2027, 1, 15)),
])
def test_dates_are_read_day_first_in_vietnamese_and_as_iso_everywhere(lang, text, expected):
    """A date input sends ISO; a Vietnamese typing dd/mm/yyyy is read day first."""
    assert parse_date(text, lang) == expected


@pytest.mark.parametrize(("lang", "text"), [("vi", "31/02/2027"), ("vi", "2027/01/15"), ("vi", "15/01/27"),
                                            ("en", "01/15/2027"), ("en", "15/01/2027"), ("en", "tomorrow")])
def test_impossible_or_ambiguous_dates_are_refused(lang, text):
    """No 31 February, no two-digit years, and English slashes (month or day first?) are refused."""
    with pytest.raises(ReadError) as caught:
        parse_date(text, lang)
    assert caught.value.reason == "date"


def test_numbers_money_and_percentages_are_written_the_readers_way():
    """Vietnamese: 12.500.000 ₫, 2.500,50 US$, 55,4%; English: ₫12,500,000, $2,500.50, 55.4%."""
    assert format_number(1234567.5, "vi") == "1.234.567,5"
    assert format_number(1234567.5, "en") == "1,234,567.5"
    assert format_number(Decimal("3"), "vi", places=2) == "3,00"
    assert format_money(12500000, "VND", "vi") == "12.500.000\u00a0₫"
    assert format_money(Decimal("2500.5"), "usd", "vi") == "2.500,50\u00a0US$"
    assert format_money(12500000, "VND", "en") == "₫12,500,000"
    assert format_percent(0.554, "vi") == "55,4%" and format_percent(0.554, "en") == "55.4%"
    assert format_percent(Decimal("0.5"), "vi", places=0) == "50%"
    assert format_number(None, "vi") == "" and format_money(None, "VND", "vi") == ""


def test_plain_numbers_read_back_unambiguously():
    """What an input shows is what it reads: no grouping, the language's decimal mark."""
    for value in (Decimal("1500"), Decimal("2500.50"), 12500000, 3.5):
        for lang in ("vi", "en"):
            assert parse_number(format_plain(value, lang), lang, places=2) == Decimal(str(value))


def test_dates_are_written_day_first_in_vietnamese_and_spelled_in_documents():
    """15/01/2027 on pages, "ngày 15 tháng 01 năm 2027" in documents, 04/02 on charts; English spells the month."""
    day = date(2027, 1, 15)
    assert format_date(day, "vi") == "15/01/2027" and format_date(day, "vi", "short") == "15/01/2027"
    assert format_date(day, "en") == "Jan 15, 2027" and format_date(day, "en", "short") == "Jan 15, 2027"
    assert format_document_date(day, "vi") == "ngày 15 tháng 01 năm 2027"
    # Nghị định 30/2020: days below 10 and the months 1 and 2 take a zero, the other months none.
    assert format_document_date(date(2027, 2, 5), "vi") == "ngày 05 tháng 02 năm 2027"
    assert format_document_date(date(2027, 3, 5), "vi") == "ngày 05 tháng 3 năm 2027"
    assert format_document_date(date(2027, 10, 9), "vi") == "ngày 09 tháng 10 năm 2027"
    assert format_document_date(date(2027, 12, 31), "vi") == "ngày 31 tháng 12 năm 2027"
    assert format_document_date(day, "en") == "15 January 2027"
    assert format_day_month(date(2027, 2, 4), "vi") == "04/02"
    assert format_day_month(date(2027, 2, 4), "en") == "Feb 4"
    moment = datetime(2027, 1, 15, 9, 30, tzinfo=UTC)
    assert format_datetime(moment, "vi") == "15/01/2027 09:30"
    assert format_datetime(moment, "en") == "Jan 15, 2027, 9:30 AM"


@pytest.mark.parametrize(("value", "vi", "en"), [
    (0, "không", "zero"),
    (15, "mười lăm", "fifteen"),
    (21, "hai mươi mốt", "twenty-one"),
    (105, "một trăm linh năm", "one hundred five"),
    (1005, "một nghìn không trăm linh năm", "one thousand five"),
    (1500, "một nghìn năm trăm", "one thousand five hundred"),
    (1_500_000, "một triệu năm trăm nghìn", "one million five hundred thousand"),
    (1_000_500, "một triệu không nghìn năm trăm", "one million five hundred"),
    (12_500_000, "mười hai triệu năm trăm nghìn", "twelve million five hundred thousand"),
    (Decimal("1.5"), "một phẩy năm", "one point five"),
    (Decimal("2500.50"), "hai nghìn năm trăm phẩy năm", "two thousand five hundred point five"),
    (Decimal("0.05"), "không phẩy không năm", "zero point zero five"),
    (-3, "âm ba", "minus three"),
])
def test_numbers_are_spelled_to_echo_how_they_were_read(value, vi, en):
    """The words a refusal uses to say how a number was read, as a Vietnamese or English reader says them."""
    assert spell_number(value, "vi") == vi and spell_number(value, "en") == en
