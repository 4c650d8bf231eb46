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
    answer alike; the texts are folded together (`fold_many`, several times faster than one by one: the review
    queue and the enterprise list fold every row of a Canton-sized fair)."""
    wanted = fold(search)
    order: dict = {}
    owners, texts = [], []
    for row_id, *values in rows:
        order.setdefault(row_id, None)
        for value in values:
            if value:
                owners.append(row_id)
                texts.append(value)
    if not wanted:
        return list(order)
    found = {row_id for row_id, folded in zip(owners, fold_many(texts), strict=True) if wanted in folded}
    return [row_id for row_id in order if row_id in found]


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


def search_text(*texts) -> str:
    """The folded texts one search column keeps, one a line: fold() never leaves a line break, so a folded search
    found in it lies within one of them, as `ids_matching` would find it."""
    return "\n".join(fold(text) for text in texts if text)


def like_contains(folded: str) -> str:
    """A LIKE pattern (escape character `\\`) matching the texts that contain `folded` as it is."""
    return "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fold_table() -> list[str]:
    """A str.translate table: each accented Latin letter (and combining mark) to what fold() makes of it where that
    is plain ASCII, and the separators fold() collapses to a space; every other character stays itself."""
    table = [chr(point) for point in range(0x2014)]  # up to the en dash
    for point in (*range(0x80, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)):
        folded = unicodedata.normalize("NFD", chr(point)).replace("đ", "d")
        folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
        if folded.isascii():
            table[point] = folded
    for separator in "-–_,":
        table[ord(separator)] = " "
    return table


_FOLD_TABLE = _fold_table()


def fold_many(texts) -> list[str]:
    """fold() of each of `texts`, in one pass over them all (a C-speed translation instead of a decomposition per
    character): tens of thousands of names fold several times faster. A text with a letter outside the table
    (Chinese, Greek…) folds alone, the slow way."""
    texts = [text or "" for text in texts]
    if not texts:
        return []
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a NUL inside a text: split it apart the slow way
        return [fold(text) for text in texts]
    pieces = joined.lower().translate(_FOLD_TABLE).split("\x00")
    return [" ".join(piece.split()) if piece.isascii() else fold(text) for piece, text in zip(pieces, texts,
                                                                                               strict=True)]
