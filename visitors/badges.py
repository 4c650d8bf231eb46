"""Badge PDFs: A6, a CR80 card, or an A4 sheet of 8, with a QR code of the signed badge code.

A6 and CR80 are laid out by WeasyPrint from `templates/visitors/badges_pdf.html`; the QR is a PNG embedded
as a data: URL, so WeasyPrint (whose fetcher allows data: URLs only) never reads a file or the network, and
names go through Jinja's escaping. A4 sheets, what bulk printing makes, are drawn by `badge_sheets.py`
(ReportLab, about ten times faster); the template keeps the sheet's reference design, which
`html_badges_pdf` still renders for comparison (bench.badges).
"""

import base64
import io
from collections.abc import Iterable
from pathlib import Path

from flask import current_app, render_template
from PIL import Image

from core.pdf import html_to_pdf
from core.reference.countries import country_name
from fairs.models import Fair
from visitors.badge_sheets import BadgeFace, sheets_can_print, sheets_pdf
from visitors.models import Visitor
from visitors.qr_matrix import qr_rows
from visitors.vocabulary import BADGE_SIZES, TYPE_COLOURS

PIXELS_PER_MODULE = 4
TYPE_WORDS = {  # printed in both languages: international fairs
    "trade_buyer": ("Khách thương mại", "Trade buyer"),
    "visitor": ("Khách tham quan", "Visitor"),
    "press": ("Báo chí", "Press"),
    "vip": ("Khách mời", "VIP"),
    "exhibitor_staff": ("Đơn vị trưng bày", "Exhibitor"),
}
_GREY = bytes.maketrans(b"01", b"\xff\x00")  # a light module is white, a dark one black


def qr_data_url(code: str) -> str:
    """A QR code of `code` (error correction M) as a grey-scale PNG data: URL, 4 pixels a module.

    A PNG, not an SVG: WeasyPrint draws an image in a few milliseconds where it spends tens on the
    hundreds of little squares of an SVG code. Small and 8-bit grey: WeasyPrint converts a 1-bit PNG
    to RGB and compresses every pixel again, which at 8 pixels a module cost more than laying out the
    badge. The PDF scales the image up without smoothing (`image-rendering: pixelated`); 4 pixels a
    module keep the edges sharp in a viewer or printer that smooths anyway.
    """
    rows = qr_rows(code)
    image = Image.frombytes("L", (len(rows), len(rows)), "".join(rows).encode().translate(_GREY))
    buffer = io.BytesIO()
    image.resize((image.width * PIXELS_PER_MODULE, image.height * PIXELS_PER_MODULE), Image.NEAREST).save(
        buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def badge_face(visitor: Visitor, code: str, serial: int) -> BadgeFace:
    """The printed face of a visitor's badge."""
    origin = visitor.province if visitor.country == "VN" and visitor.province else country_name(visitor.country, "vi")
    type_vi, type_en = TYPE_WORDS[visitor.visitor_type]
    return BadgeFace(visitor.full_name, visitor.organisation or "", origin or "", type_vi, type_en,
                     TYPE_COLOURS[visitor.visitor_type], code, f"{serial:015d}"[-6:])


def badges_pdf(fair: Fair, faces: Iterable[BadgeFace], *, size: str) -> bytes:
    """One PDF of the given badges in `size` (a6, cr80 or sheet); sheets are drawn, the others laid out (and
    sheets too when DejaVu lacks a character, which WeasyPrint takes from another installed font)."""
    faces = list(faces)
    fonts = Path(current_app.config["BADGE_FONT_DIR"])
    if size == "sheet" and sheets_can_print(faces, fair.name_vi, fonts=fonts):
        return sheets_pdf(faces, fair.name_vi, fonts=fonts)
    return html_badges_pdf(fair, faces, size=size)


def html_badges_pdf(fair: Fair, faces: Iterable[BadgeFace], *, size: str) -> bytes:
    """One PDF of the given badges in `size` laid out by WeasyPrint from the template (any size)."""
    if size not in BADGE_SIZES:
        raise ValueError(size)
    badges = [(face, qr_data_url(face.code)) for face in faces]
    return html_to_pdf(render_template("visitors/badges_pdf.html", fair=fair, badges=badges, size=size))
