"""Text of the drawn badge sheets: one clean NFC line in, lines that fit out, an ellipsis when text is cut."""

import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from visitors.badge_sheets import ELLIPSIS, _register_fonts, clean_text, wrap_text

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def test_text_is_nfc_on_one_line_without_control_characters():
    """Decomposed Vietnamese is composed; tabs, new lines and NULs become single spaces."""
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    assert decomposed != "Nguyễn Thị Hoa"
    assert clean_text(decomposed) == "Nguyễn Thị Hoa"
    assert clean_text("  Công\tty\n\nGốm\x00sứ\u200b ") == "Công ty Gốm sứ"
    assert clean_text(None) == ""


def test_lines_break_at_spaces_and_fit_the_width():
    """Greedy filling: every line fits, no word is split when it fits a line, nothing is lost."""
    regular, _bold = _register_fonts(FONTS)
    text = "Hợp tác xã Thủ công mỹ nghệ Mây tre đan xuất khẩu Phú Vinh"
    lines = wrap_text(text, regular, 10, 140, 10)
    assert len(lines) > 1 and " ".join(lines) == text
    assert all(pdfmetrics.stringWidth(line, regular, 10) <= 140 for line in lines)
    assert all(line.split(" ")[0] in text.split(" ") for line in lines)


def test_a_word_longer_than_a_line_breaks_anywhere_and_extra_lines_end_in_an_ellipsis():
    """A 200-letter word fills the allowed lines; the last one ends with '…' and still fits."""
    _regular, bold = _register_fonts(FONTS)
    lines = wrap_text("Ă" * 200, bold, 14, 140, 3)
    assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS) and not lines[0].endswith(ELLIPSIS)
    assert all(pdfmetrics.stringWidth(line, bold, 14) <= 140 for line in lines)
    assert wrap_text("", bold, 14, 140, 3) == []
    assert wrap_text("Lê Ánh", bold, 14, 140, 3) == ["Lê Ánh"]
