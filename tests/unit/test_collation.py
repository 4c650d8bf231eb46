"""Vietnamese alphabetical order: a ă â b c d đ e ê …, tones after the letter, case last."""

import random

import pytest

from core.collation import sort_key, sorted_by_name


def shuffled_then_sorted(words, language="vi"):
    """Sort a shuffled copy, so the test does not pass by leaving the input as it was."""
    copy = list(words)
    random.Random(7).shuffle(copy)
    return sorted_by_name(copy, language=language)


def test_the_vietnamese_letters_follow_their_alphabet():
    """Ă and Â come after A, Đ after D, Ê after E, Ô and Ơ after O, Ư after U: not after Z."""
    words = ["an", "ăn", "ấm", "bò", "dê", "đá", "em", "ếch", "ong", "ốc", "ơn", "út", "ừ", "xa", "zebra"]
    assert shuffled_then_sorted(words) == words


def test_tones_are_compared_only_when_the_letters_tie_in_dictionary_order():
    """ma, mà, mả, mã, má, mạ; and the letters decide before any tone (mạ < mắt)."""
    words = ["ma", "mà", "mả", "mã", "má", "mạ", "mắt", "mặt"]
    assert shuffled_then_sorted(words) == words


def test_country_names_sort_as_a_vietnamese_reader_expects():
    """Áo right after Ấn Độ? No: Áo (a + sắc) before Ấn Độ (â); Đức after Đan Mạch and after all D."""
    words = ["Ai Cập", "Áo", "Ấn Độ", "Ba Lan", "Campuchia", "Dominica", "Đan Mạch", "Đức", "Indonesia",
             "Ý", "Zimbabwe"]
    assert shuffled_then_sorted(words) == words


def test_lower_case_before_upper_case_only_as_a_last_resort():
    """Case never outranks a letter; between equals lower case comes first."""
    assert shuffled_then_sorted(["Bac", "bac", "bắc", "Bắc"]) == ["bac", "Bac", "bắc", "Bắc"]
    assert shuffled_then_sorted(["Zeta", "alpha"]) == ["alpha", "Zeta"]


def test_spaces_and_digits_sort_before_letters():
    """Hà Nam before Hà Nội before Hàn: the word ends first."""
    assert shuffled_then_sorted(["Hàn Quốc", "Hà Nội", "Hà Nam"]) == ["Hà Nam", "Hà Nội", "Hàn Quốc"]
    assert shuffled_then_sorted(["B2", "B10", "A"]) == ["A", "B10", "B2"]


@pytest.mark.parametrize("composed,decomposed", [("Đắk Lắk", "Đa\u0306\u0301k La\u0306\u0301k"),
                                                 ("Huế", "Hue\u0302\u0301")])
def test_composed_and_decomposed_spellings_sort_alike(composed, decomposed):
    """Text pasted in decomposed form (NFD) sorts where its composed form does."""
    assert sort_key(composed)[:3] == sort_key(decomposed)[:3]


def test_english_sorts_accents_as_their_base_letter():
    """In English, Đà Nẵng files under D and Áo under A, accents only breaking ties."""
    assert shuffled_then_sorted(["Dubai", "Đà Nẵng", "Austria", "Ăn"], "en") == ["Ăn", "Austria", "Đà Nẵng", "Dubai"]
