"""core.text.like_pattern narrows a search in the database without losing a match: every text whose fold contains
the folded search matches the pattern in SQLite's LIKE (accents, case, spaces and hyphens aside)."""

import sqlite3

import pytest

from core.text import fold, like_pattern

NAMES = ["Gốm sứ Bát Tràng", "HTX Mây tre đan Phú Vinh", "Công ty TNHH Đồng Nai", "Nestlé Việt Nam", "Curaçao Trading",
         "Kyoto  Trading-House", "Buyer 2999", "Khách 4012", "Tổ chức 123", "ĐẶNG VĂN ĐỨC", "Lụa Vạn Phúc",
         "Gô\u0300m su\u031b\u0301 (NFD)"]
SEARCHES = ["bat trang", "BÁT TRÀNG", "may tre", "dong nai", "nestle", "curacao", "kyoto trading house", "2999",
            "khach 4", "to chuc 1", "dang van duc", "van phuc", "gom su", "a", "zzz", "tràng-x"]


def _like(text: str, pattern: str) -> bool:
    with sqlite3.connect(":memory:") as connection:
        return connection.execute("SELECT lower(?) LIKE lower(?)", (text, pattern)).fetchone()[0] == 1


@pytest.mark.parametrize("search", SEARCHES)
def test_every_folded_match_matches_the_pattern(search):
    """No name the folded search finds is lost by the pattern (the database's narrowing is safe)."""
    pattern = like_pattern(search)
    for name in NAMES:
        if fold(search) in fold(name):
            assert _like(name, pattern), (search, name, pattern)


def test_the_pattern_narrows():
    """The pattern keeps the letters no accent changes, so it rules out names that cannot match."""
    assert like_pattern("Buyer 2999") == "%b%r%2999%"
    assert not _like("Buyer 3000", like_pattern("Buyer 2999"))
    assert not _like("Gốm sứ Bát Tràng", like_pattern("phu vinh"))
    assert like_pattern("  ") is None and like_pattern("") is None
