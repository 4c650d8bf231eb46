"""Drawn A4 badge sheets: 8 badges a page, every QR code read back by an independent decoder, Vietnamese text
extractable as text, and text that never leaves its badge."""

import io
import math
import unicodedata
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp
from reportlab.lib.units import mm

from fairs.models import Fair
from visitors.badge_codes import new_seed, sign_code
from visitors.badge_sheets import BADGE_HEIGHT, BADGE_WIDTH, PAGE_HEIGHT, BadgeFace, sheets_can_print, sheets_pdf
from visitors.badges import badges_pdf

FONTS = Path("/usr/share/fonts/truetype/dejavu")
SEED, _PUBLIC = new_seed(bytes(range(32)))
FAIR_NAME = "Hội chợ Hàng công nghiệp nông thôn tiêu biểu khu vực phía Bắc 2026"
LONG_NAME = "Tôn Nữ Thị Huyền Trang Công Tằng Tôn Nữ Bảo Ngọc Hoàng Phương Nguyên Khánh Linh Diệu Hằng"
LONG_ORGANISATION = ("Hợp tác xã Thủ công mỹ nghệ Mây tre đan xuất khẩu Phú Vinh Chương Mỹ Thành phố Hà Nội "
                     "và các tỉnh lân cận khu vực đồng bằng sông Hồng")


def _face(number: int, **over) -> BadgeFace:
    values = {"name": f"Nguyễn Thị Hoa {number}", "organisation": "Công ty Gốm sứ Bát Tràng", "origin": "Hà Nội",
              "type_vi": "Khách thương mại", "type_en": "Trade buyer", "colour": "#1d5fa8",
              "code": sign_code(7, number, SEED), "serial": f"{number:06d}"}
    values.update(over)
    return BadgeFace(**values)


def _pdf(faces: list[BadgeFace]) -> bytes:
    return sheets_pdf(faces, FAIR_NAME, fonts=FONTS)


@pytest.mark.parametrize("count", [1, 8, 17])
def test_a_sheet_holds_8_badges_and_every_qr_code_reads_back(count):
    """ceil(n/8) A4 pages; PDFium renders each at 200 dpi and zxing-cpp reads exactly its badges' signed codes."""
    faces = [_face(number) for number in range(1, count + 1)]
    document = pypdfium2.PdfDocument(_pdf(faces))
    assert len(document) == math.ceil(count / 8)
    for index, page in enumerate(document):
        assert (round(page.get_width() / mm), round(page.get_height() / mm)) == (210, 297)
        image = page.render(scale=200 / 72, grayscale=True).to_pil()
        decoded = sorted(result.text for result in zxingcpp.read_barcodes(image))
        assert decoded == sorted(face.code for face in faces[8 * index:8 * index + 8])


def test_vietnamese_text_is_real_text_in_nfc():
    """pypdf extracts names, organisation, origin, the fair and the band's words; decomposed input comes out NFC."""
    decomposed = unicodedata.normalize("NFD", "Đặng Thị Ngọc Hà")
    faces = [_face(1, name=decomposed, organisation="Hợp tác xã Mây tre Phú Vinh", origin="Thừa Thiên Huế"),
             _face(2, name="Phạm Minh Đức", type_vi="Báo chí", type_en="Press")]
    text = " ".join(pypdf.PdfReader(io.BytesIO(_pdf(faces))).pages[0].extract_text().split())
    assert unicodedata.is_normalized("NFC", text)
    for expected in ("Đặng Thị Ngọc Hà", "Hợp tác xã Mây tre Phú Vinh", "Thừa Thiên Huế", "Phạm Minh Đức",
                     "KHÁCH THƯƠNG MẠI · TRADE BUYER", "BÁO CHÍ · PRESS", "#000002"):
        assert expected in text, expected
    assert "Hội chợ Hàng công nghiệp nông thôn" in text


def test_user_text_is_drawn_as_text_never_as_markup():
    """Tags, PDF delimiters and backslashes in a name are printed as they are."""
    name = "<b>A</b> (B) \\ C) %"
    text = pypdf.PdfReader(io.BytesIO(_pdf([_face(1, name=name)]))).pages[0].extract_text()
    assert name in " ".join(text.split())


def _badge_of(x: float, y: float) -> tuple[float, float]:
    """The bottom-left corner of the badge holding the point (x, y) on the page."""
    return (x // BADGE_WIDTH) * BADGE_WIDTH, PAGE_HEIGHT - (((PAGE_HEIGHT - y) // BADGE_HEIGHT) + 1) * BADGE_HEIGHT


def test_long_names_and_organisations_are_cut_with_an_ellipsis_and_stay_in_their_badge():
    """Every glyph lies inside the badge its centre is in, and the text column's glyphs stay left of the QR."""
    faces = [_face(number, name=LONG_NAME, organisation=LONG_ORGANISATION, origin="Thành phố Hồ Chí Minh")
             for number in range(1, 9)]
    faces[3] = _face(4, name="W" * 120, organisation="M" * 300)  # no space to break at
    pdf = _pdf(faces)
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "…" in text and LONG_NAME not in text and "Tôn Nữ Thị Huyền" in text
    page = pypdfium2.PdfDocument(pdf)[0]
    characters = page.get_textpage()
    tolerance = 0.5 * mm
    checked = 0
    for index in range(characters.count_chars()):
        left, bottom, right, top = characters.get_charbox(index)
        if right - left <= 0:
            continue
        badge_left, badge_bottom = _badge_of((left + right) / 2, (bottom + top) / 2)
        assert badge_left - tolerance <= left and right <= badge_left + BADGE_WIDTH + tolerance
        assert badge_bottom - tolerance <= bottom and top <= badge_bottom + BADGE_HEIGHT + tolerance
        below_fair_name = top < badge_bottom + BADGE_HEIGHT - 22 * mm
        above_serial = bottom > badge_bottom + 4 * mm
        if below_fair_name and above_serial:  # name, organisation, origin: the 50 mm column left of the QR
            assert right <= badge_left + 55 * mm + tolerance, characters.get_text_range(index, 1)
            checked += 1
    assert checked > 8 * 60


def test_sheets_with_a_character_dejavu_lacks_are_laid_out_by_weasyprint(app_ctx):
    """A Chinese name would print as empty boxes in the drawn sheet: WeasyPrint, with its font fallback, lays
    that job out instead; Vietnamese-only sheets stay drawn."""
    fair = Fair(id=7, code="HN-GIFT", name_vi=FAIR_NAME, name_en="Gift fair")
    vietnamese = [_face(1), _face(2)]
    chinese = [_face(1), _face(2, name="王伟", organisation="深圳礼品有限公司", origin="Trung Quốc")]
    assert sheets_can_print(vietnamese, FAIR_NAME, fonts=FONTS)
    assert not sheets_can_print(chinese, FAIR_NAME, fonts=FONTS)

    def producer(pdf: bytes) -> str:
        return str(pypdf.PdfReader(io.BytesIO(pdf)).metadata.get("/Producer", ""))

    assert "ReportLab" in producer(badges_pdf(fair, vietnamese, size="sheet"))
    laid_out = badges_pdf(fair, chinese, size="sheet")
    assert "WeasyPrint" in producer(laid_out)
    document = pypdfium2.PdfDocument(laid_out)
    assert len(document) == 1
    assert "Nguyễn Thị Hoa 1" in unicodedata.normalize("NFC", document[0].get_textpage().get_text_range())
