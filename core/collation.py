"""Sort keys that follow the alphabet of the reader's language. Pure module.

Vietnamese order (as CLDR's `vi` collation): a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
letters first compared without tone, then tones in the order ngang, huyền, hỏi, ngã, sắc, nặng,
then lower case before upper case. "Áo" comes right after "An", "Đức" after "Dominica", not after Z.
"""

import unicodedata

# Vietnamese letters built from a base letter and a non-tone mark (NFD: base + mark).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tone marks, in dictionary order after the unmarked (ngang) tone.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_VI_LETTERS = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
               "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_VI_RANK = {letter: 1000 + index for index, letter in enumerate(_VI_LETTERS)}
_LATIN_RANK = {letter: 1000 + index for index, letter in enumerate("abcdefghijklmnopqrstuvwxyz")}
_LATIN_RANK["đ"] = _LATIN_RANK["d"]  # English readers file Đà Nẵng under D
_LETTER_MARKS = {("a", _BREVE): "ă", ("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê", ("o", _CIRCUMFLEX): "ô",
                 ("o", _HORN): "ơ", ("u", _HORN): "ư"}


def _clusters(text: str):
    """(base character, combining marks) for each character of `text`, decomposed."""
    base, marks = None, []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and base is not None:
            marks.append(char)
            continue
        if base is not None:
            yield base, marks
        base, marks = char, []
    if base is not None:
        yield base, marks


def _primary(char: str, ranks: dict[str, int]) -> int:
    """Spaces and punctuation first, then digits, then letters, then anything else by code point."""
    if char in ranks:
        return ranks[char]
    if char.isdigit():
        return 500 + (unicodedata.digit(char, 0))
    if char.isspace():
        return 1
    if not char.isalnum():
        return 10 + min(ord(char), 400)
    return 10_000 + ord(char)


def sort_key(text: str | None, language: str = "vi") -> tuple:
    """A key that sorts `text` in the alphabetical order of `language` ("vi" or "en")."""
    vietnamese = language.split("_")[0] == "vi"
    ranks = _VI_RANK if vietnamese else _LATIN_RANK
    primary, secondary, tertiary = [], [], []
    for base, marks in _clusters(text or ""):
        lower = base.lower()
        tertiary.append(0 if base == lower else 1)
        letter, rest = lower, []
        for mark in marks:
            merged = _LETTER_MARKS.get((letter, mark)) if vietnamese else None
            if merged:
                letter = merged
            else:
                rest.append(mark)
        primary.append(_primary(letter, ranks))
        tone = 0
        for mark in rest:  # a tone ranks by its order; another accent (é in English, ü) after them
            tone = tone * 10 + _TONES.get(mark, 6) if vietnamese else tone * 10 + 1
        secondary.append(tone)
    return tuple(primary), tuple(secondary), tuple(tertiary), text or ""


def sorted_by_name(items, name=lambda item: item, language: str = "vi") -> list:
    """`items` sorted by `name(item)` in the alphabetical order of `language`."""
    return sorted(items, key=lambda item: sort_key(str(name(item)), language))
