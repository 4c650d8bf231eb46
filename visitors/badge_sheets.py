"""A4 sheets of 8 badges drawn with ReportLab, for bulk printing on office printers. Pure module.

WeasyPrint lays out each line of a badge as HTML, about 7.6 ms a badge (61 ms a sheet). Here the sheet is
drawn directly: rectangles, text lines placed by measuring their width, and the QR code as filled
rectangles, a few milliseconds a sheet. The layout is that of `templates/visitors/badges_pdf.html`
(size "sheet"): 2 columns × 4 rows of 105 × 74.2 mm, its distances taken from that stylesheet.

User text (names, organisations) is only ever drawn as text: it is never parsed as markup. It is put in
NFC, so Vietnamese letters are one precomposed glyph each (ReportLab places no combining marks), and what
does not fit its lines ends with an ellipsis: a badge never spills onto its neighbour.
"""

import io
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from visitors.qr_matrix import qr_rows

PER_SHEET = 8
PAGE_WIDTH, PAGE_HEIGHT = 210 * mm, 297 * mm
BADGE_WIDTH, BADGE_HEIGHT = 105 * mm, 74.2 * mm
INK, MUTED, FAINT, GUIDE = (0x1D, 0x1B, 0x1A), (0x5F, 0x5A, 0x55), (0x8A, 0x84, 0x7E), (0xCC, 0xCC, 0xCC)
ASCENT, LINE = 0.928, 1.164  # DejaVu Sans: ascent and normal line height, in ems (what WeasyPrint uses)
ELLIPSIS = "…"
_RUNS = re.compile("1+")


@dataclass(frozen=True)
class BadgeFace:
    """What one printed badge shows."""

    name: str
    organisation: str
    origin: str
    type_vi: str
    type_en: str
    colour: str      # "#rrggbb" of the band
    code: str        # the signed badge code the QR carries
    serial: str


@dataclass(frozen=True)
class _Text:
    """How one block of the badge is set: font, size, line height, colour, width and at most how many lines."""

    bold: bool
    size: float
    line: float
    colour: tuple[int, int, int]
    width: float
    max_lines: int


# From the stylesheet: padding 5 mm at the sides, the text column 50 mm beside the 38 mm QR code.
_FAIR = _Text(False, 8, 8 * LINE, MUTED, 95 * mm, 2)
_NAME = _Text(True, 14, 14 * 1.15, INK, 50 * mm, 4)
_ORGANISATION = _Text(False, 10, 10 * LINE, INK, 50 * mm, 4)
_ORIGIN = _Text(False, 9, 9 * LINE, MUTED, 50 * mm, 2)
_BAND_HEIGHT, _QR_SIZE, _SIDE = 11 * mm, 38 * mm, 5 * mm

_FONTS_LOCK = threading.Lock()
_FONTS: dict[Path, tuple[str, str]] = {}
_COVERAGE: dict[tuple[str, str], frozenset[int]] = {}


def sheets_pdf(faces: Sequence[BadgeFace], fair_name: str, *, fonts: Path) -> bytes:
    """A PDF of A4 pages with 8 badges each (the last page may hold fewer), in the order given.

    `fonts` is the folder of DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian: /usr/share/fonts/truetype/dejavu).
    """
    regular, bold = _register_fonts(Path(fonts))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(clean_text(fair_name))
    fair_lines = wrap_text(clean_text(fair_name), regular, _FAIR.size, _FAIR.width, _FAIR.max_lines)
    for index, face in enumerate(faces):
        if index and index % PER_SHEET == 0:
            canvas.showPage()
        place = index % PER_SHEET
        left = (place % 2) * BADGE_WIDTH
        top = PAGE_HEIGHT - (place // 2) * BADGE_HEIGHT
        _draw_badge(canvas, face, fair_lines, left, top, regular, bold)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def sheets_can_print(faces: Sequence[BadgeFace], fair_name: str, *, fonts: Path) -> bool:
    """True if DejaVu Sans (regular and bold) has a glyph for every character these sheets would print.

    If not (a Chinese, Japanese or Korean name), the caller lays the sheets out with WeasyPrint, which takes
    each missing glyph from any other installed font instead of printing an empty box.
    """
    covered = _covered(_register_fonts(Path(fonts)))
    texts = [fair_name] + [text for face in faces
                           for text in (face.name, face.organisation, face.origin, face.type_vi, face.type_en)]
    return all(ord(char) in covered for char in set(" ".join(clean_text(text) for text in texts)))


def clean_text(text: str) -> str:
    """`text` in NFC on one line: control, format and unassigned characters and runs of white space become one space."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join("".join(char if unicodedata.category(char)[0] != "C" else " " for char in text).split())


def wrap_text(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """`text` broken at spaces into lines at most `width` points wide (a word too long for a line is broken
    anywhere), at most `max_lines` of them; if the text goes on, the last line ends with an ellipsis."""
    fits = _measure(font, size, width)
    lines: list[str] = []
    words = text.split()
    while words:
        if len(lines) == max_lines:
            lines[-1] = _ellipsized(lines[-1], fits)
            break
        line = words.pop(0)
        if not fits(line):
            cut = _longest_prefix(line, fits)
            words.insert(0, line[cut:])
            line = line[:cut]
        while words and fits(f"{line} {words[0]}"):
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    return lines


def _measure(font: str, size: float, width: float):
    return lambda line: pdfmetrics.stringWidth(line, font, size) <= width


def _longest_prefix(word: str, fits) -> int:
    """How many characters of `word` fit on a line (at least one, so that text always moves on)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def _ellipsized(line: str, fits) -> str:
    while line and not fits(line + ELLIPSIS):
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def _register_fonts(folder: Path) -> tuple[str, str]:
    """ReportLab's names of DejaVu Sans and DejaVu Sans Bold from `folder`, read once per process."""
    names = _FONTS.get(folder)
    if names is None:
        with _FONTS_LOCK:
            names = _FONTS.get(folder)
            if names is None:
                names = (f"BadgeSans{len(_FONTS)}", f"BadgeSans{len(_FONTS)}-Bold")
                pdfmetrics.registerFont(TTFont(names[0], str(folder / "DejaVuSans.ttf")))
                pdfmetrics.registerFont(TTFont(names[1], str(folder / "DejaVuSans-Bold.ttf")))
                _FONTS[folder] = names
    return names


def _covered(names: tuple[str, str]) -> frozenset[int]:
    """The code points both fonts have glyphs for, worked out once per pair of fonts."""
    covered = _COVERAGE.get(names)
    if covered is None:
        regular, bold = (pdfmetrics.getFont(name).face.charToGlyph for name in names)
        covered = _COVERAGE[names] = frozenset(regular).intersection(bold)
    return covered


def _draw_badge(canvas: Canvas, face: BadgeFace, fair_lines: list[str], left: float, top: float,
                regular: str, bold: str) -> None:
    canvas.setFillColorRGB(*_rgb(face.colour))
    canvas.rect(left, top - _BAND_HEIGHT, BADGE_WIDTH, _BAND_HEIGHT, stroke=0, fill=1)
    _draw_band_words(canvas, f"{clean_text(face.type_vi)} · {clean_text(face.type_en)}".upper(), left, top, bold)
    fair_bottom = _draw_lines(canvas, fair_lines, _FAIR, regular, left + _SIDE, top - _BAND_HEIGHT - 2 * mm)
    body = fair_bottom - 2 * mm  # the body's top padding
    _draw_qr(canvas, qr_rows(face.code), left + BADGE_WIDTH - _SIDE - _QR_SIZE, body - _QR_SIZE)
    x = left + _SIDE
    name_bottom = _draw_text(canvas, face.name, _NAME, bold, x, body - 2 * mm)  # the name's top margin: 2 mm
    y = _draw_text(canvas, face.organisation, _ORGANISATION, regular, x, name_bottom - 1 * mm)
    # The origin's top margin, 1 mm; with no organisation it collapses into the name's bottom margin as in CSS.
    _draw_text(canvas, face.origin, _ORIGIN, regular, x, y - (1 * mm if y < name_bottom - 1 * mm else 0))
    canvas.setFillColorRGB(*_unit(FAINT))
    canvas.setFont(regular, 6)
    canvas.drawRightString(left + BADGE_WIDTH - 3 * mm, top - BADGE_HEIGHT + 1.5 * mm + (LINE - ASCENT) * 6,
                           "#" + clean_text(face.serial))
    canvas.setStrokeColorRGB(*_unit(GUIDE))  # the cut guides, over the band's edge as the outline in HTML
    canvas.setLineWidth(0.2 * mm)
    canvas.rect(left, top - BADGE_HEIGHT, BADGE_WIDTH, BADGE_HEIGHT, stroke=1, fill=0)


def _draw_band_words(canvas: Canvas, words: str, left: float, top: float, bold: str) -> None:
    """The visitor type in white capitals, centred in the band; smaller if it would not fit."""
    size, spacing = 10.0, 0.3 * mm
    while size > 5 and pdfmetrics.stringWidth(words, bold, size) + spacing * len(words) > BADGE_WIDTH - 4 * mm:
        size -= 0.5
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(bold, size)
    baseline = top - _BAND_HEIGHT / 2 - (ASCENT - (LINE - ASCENT)) / 2 * size
    canvas.drawCentredString(left + BADGE_WIDTH / 2, baseline, words, charSpace=spacing)


def _draw_text(canvas: Canvas, text: str, style: _Text, font: str, x: float, top: float) -> float:
    """Draw user text wrapped in its block from `top` down; return the block's bottom."""
    return _draw_lines(canvas, wrap_text(clean_text(text), font, style.size, style.width, style.max_lines), style,
                       font, x, top)


def _draw_lines(canvas: Canvas, lines: list[str], style: _Text, font: str, x: float, top: float) -> float:
    """Draw `lines` from `top` down, each baseline where CSS puts it in its line box; return the bottom."""
    canvas.setFillColorRGB(*_unit(style.colour))
    canvas.setFont(font, style.size)
    half_leading = (style.line - LINE * style.size) / 2
    for line in lines:
        canvas.drawString(x, top - half_leading - ASCENT * style.size, line)
        top -= style.line
    return top


def _draw_qr(canvas: Canvas, rows: tuple[str, ...], x: float, y: float) -> None:
    """The QR code as one filled path of a rectangle for each run of dark modules: sharp at any scale."""
    module = _QR_SIZE / len(rows)
    # One module is one unit, rows counted down from the top, so each run is four small integers.
    ops = [f"q {module:.5f} 0 0 {-module:.5f} {x:.3f} {y + _QR_SIZE:.3f} cm 0 g"]
    for number, row in enumerate(rows):
        ops.extend(f"{start} {number} {end - start} 1 re" for start, end in (run.span() for run in _RUNS.finditer(row)))
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))


def _rgb(colour: str) -> tuple[float, float, float]:
    value = int(colour.lstrip("#"), 16)
    return _unit(((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF))


def _unit(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    return rgb[0] / 255, rgb[1] / 255, rgb[2] / 255
