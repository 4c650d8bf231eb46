"""Text folding for matching Vietnamese names: case, diacritics and spacing do not matter. Pure module."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces and hyphens."""
    text = unicodedata.normalize("NFD", (text or "").strip().lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[\s\-–_,]+", " ", text)
    return text.strip()


def ids_matching(search: str, rows) -> list:
    """The ids of `rows` ((id, text, text…) tuples) one of whose texts contains `search`, accents, case, spaces
    and hyphens aside; every id when the search folds to nothing. Lists fold in Python, so SQLite and PostgreSQL
    answer alike."""
    wanted = fold(search)
    texts: dict = {}
    for row_id, *values in rows:
        texts.setdefault(row_id, []).extend(value for value in values if value)
    return [row_id for row_id, values in texts.items() if not wanted or any(wanted in fold(v) for v in values)]


# Letters an accented letter folds to (Vietnamese vowels and đ, and ç, ñ, ş, ž of foreign names): in a LIKE pattern
# they match anything, as the stored text may hold them accented (precomposed or not).
_LOOSE_LETTERS = frozenset("aeiouydcnsz")


def like_pattern(search: str) -> str | None:
    """A case-insensitive LIKE pattern that every text whose fold contains fold(`search`) matches (and some
    others): narrows a search in the database before `ids_matching` checks the few candidates in Python. None
    when the search folds to nothing."""
    wanted = fold(search)
    if not wanted:
        return None
    pattern = "%"
    for char in wanted:
        if char.isascii() and char.isalnum() and char not in _LOOSE_LETTERS:
            pattern += char
        elif not pattern.endswith("%"):
            pattern += "%"
    return pattern if pattern.endswith("%") else pattern + "%"
