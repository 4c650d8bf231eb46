"""Content-Disposition headers for Vietnamese file names: an ASCII fallback and the exact UTF-8 name."""

import re
from urllib.parse import unquote

import pytest

from core.downloads import ascii_filename, content_disposition


@pytest.mark.parametrize(("name", "expected"), [
    ("Hội chợ Đà Nẵng.pdf", "Hoi_cho_Da_Nang.pdf"),
    ("HN-GIFT-2026 Nhà A – Quốc tế.pdf", "HN-GIFT-2026_Nha_A_Quoc_te.pdf"),
    ('bad"name;\r\n.csv', "bad_name_.csv"),
    ("đường.xlsx", "duong.xlsx"),
    ("Đ", "D"),
    ("–––", "download"),
])
def test_ascii_filename_folds_diacritics_and_replaces_unsafe_characters(name, expected):
    """Diacritics and đ/Đ are folded; quotes, separators and line breaks become underscores."""
    assert ascii_filename(name) == expected


def parts(header: str) -> dict[str, str]:
    """The disposition type, the quoted filename and the decoded filename*."""
    match = re.fullmatch(r"(\w+); filename=\"([^\"]*)\"; filename\*=UTF-8''(\S+)", header)
    assert match, header
    return {"kind": match.group(1), "filename": match.group(2), "utf8": unquote(match.group(3), encoding="utf-8")}


def test_content_disposition_carries_the_exact_vietnamese_name():
    """filename* decodes back to the original name; filename is plain ASCII."""
    name = "Hội chợ Hà Nội · Nhà B.pdf"
    header = parts(content_disposition(name))
    assert header["kind"] == "attachment"
    assert header["utf8"] == name
    assert header["filename"].isascii() and header["filename"] == "Hoi_cho_Ha_Noi_Nha_B.pdf"


def test_inline_disposition_for_viewing_in_the_browser():
    """inline=True opens the file in the browser instead of saving it."""
    assert parts(content_disposition("Sơ đồ.pdf", inline=True))["kind"] == "inline"


def test_the_header_is_latin1_safe_and_has_no_line_breaks():
    """A hostile name cannot split the header or add parameters."""
    header = content_disposition('x"; filename="evil.exe\r\nSet-Cookie: a=b.pdf')
    header.encode("latin-1")
    assert "\r" not in header and "\n" not in header
    assert parts(header)["filename"] == "x_filename_evil.exe_Set-Cookie_a_b.pdf"
