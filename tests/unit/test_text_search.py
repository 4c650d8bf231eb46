"""Matching searches in Python (`ids_matching`, the texts folded together) and in SQL (`search_text`,
`like_contains`): each finds exactly what folding every text on its own finds."""

import random
import re

import pytest

from core.text import fold, ids_matching, like_contains, search_text

WORDS = ["Công ty", "Thủ công", "Gốm Bát Tràng", "ĐỨC", "Nguyễn-Văn", "a_b", "x,y", "北京", "Ñandú", "", None,
         "  Hà   Nội ", "100%", "back\\slash"]
SEARCHES = ["cong", "ha noi", "duc", "", "北", "nguyen van", "a b", "x y", "ñan", "zzz", "gom bat", "100%", "0%",
            "k\\s", "GỐM"]


def _one_by_one(search, rows):
    wanted = fold(search)
    texts = {}
    for row_id, *values in rows:
        texts.setdefault(row_id, []).extend(value for value in values if value)
    return [row_id for row_id, values in texts.items() if not wanted or any(wanted in fold(v) for v in values)]


@pytest.mark.parametrize("search", SEARCHES)
def test_ids_matching_finds_what_folding_each_text_finds(search):
    """Same ids, same order (first appearance), an id with only empty texts kept for an empty search."""
    rng = random.Random(search)
    rows = [(rng.randrange(60), *(rng.choice(WORDS) for _ in range(3))) for _ in range(400)] + [(999, None, "")]
    assert ids_matching(search, rows) == _one_by_one(search, rows)


def _like(text: str, pattern: str) -> bool:
    """SQL's LIKE with `\\` as the escape character, for the test."""
    regex, chars = "", iter(pattern)
    for char in chars:
        regex += re.escape(next(chars)) if char == "\\" else ".*" if char == "%" else "." if char == "_" else \
            re.escape(char)
    return re.fullmatch(regex, text, re.DOTALL) is not None


@pytest.mark.parametrize("search", [s for s in SEARCHES if fold(s)])
def test_the_search_column_matches_as_each_text_would(search):
    """A folded search is LIKE the column exactly when it lies in one of the texts folded on its own."""
    rng = random.Random(search)
    for _ in range(200):
        texts = [rng.choice(WORDS) for _ in range(3)]
        expected = any(fold(search) in fold(text) for text in texts if text)
        assert _like(search_text(*texts), like_contains(fold(search))) == expected, texts
