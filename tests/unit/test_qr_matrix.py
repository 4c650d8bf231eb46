"""The fast QR encoder: the same modules as the qrcode package for every version, and decodable by zxing-cpp."""

import random

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode import util

from visitors import qr_matrix
from visitors.badge_codes import new_seed, sign_code
from visitors.qr_matrix import MASK, qr_rows

SEED, _PUBLIC = new_seed(bytes(range(32)))
LEVEL_M = qrcode.constants.ERROR_CORRECT_M


@pytest.fixture(autouse=True)
def _fresh_tables():
    """Each test builds the layouts and generator tables itself: a cache filled by an earlier test (or, under
    mutmut, by the process the mutants are forked from) would hide a broken builder."""
    for cache in (qr_matrix._LAYOUTS, qr_matrix._PICKERS, qr_matrix._GENERATORS):
        cache.clear()


def _smallest_version(length: int) -> int:
    qr = qrcode.QRCode(error_correction=LEVEL_M)
    qr.add_data(util.QRData(b"x" * length, mode=util.MODE_8BIT_BYTE))
    return qr.best_fit()


def _reference(data: bytes, border: int) -> tuple[str, ...]:
    """qrcode's own matrix of `data` in byte mode, at the smallest version, with our mask."""
    qr = qrcode.QRCode(version=_smallest_version(len(data)), error_correction=LEVEL_M, border=border,
                       mask_pattern=MASK)
    qr.add_data(util.QRData(data, mode=util.MODE_8BIT_BYTE))
    qr.make(fit=False)
    return tuple("".join("1" if dark else "0" for dark in row) for row in qr.get_matrix())


def _largest_length(version: int) -> int:
    bits = util.BIT_LIMIT_TABLE[LEVEL_M][version] - 4 - util.length_in_bits(util.MODE_8BIT_BYTE, version)
    return bits // 8


@pytest.mark.parametrize("version", range(1, 41))
def test_every_version_matches_the_qrcode_package_module_for_module(version):
    """The fullest and a part-filled code of each version: blocks, filler, remainder bits, version information."""
    generator = random.Random(version)
    alphabet = "ABCabc0189-_"
    for length in {_largest_length(version), max(1, _largest_length(version) - generator.randint(1, 9))}:
        text = "".join(generator.choice(alphabet) for _ in range(length))
        assert _smallest_version(length) == version
        for border in (0, 2, 4):
            assert qr_rows(text, border=border) == _reference(text.encode(), border), (version, length, border)


def test_signed_badge_codes_and_unicode_match_and_too_long_text_is_refused():
    """Real badge codes (version 6) and Vietnamese text in UTF-8 come out as qrcode makes them."""
    for serial in (1, 77, 2**40):
        code = sign_code(9, serial, SEED)
        rows = qr_rows(code)
        assert rows == _reference(code.encode(), 2) and len(rows) == 41 + 4  # version 6, quiet zone of 2
    assert qr_rows("Nguyễn Thị Hoa") == _reference("Nguyễn Thị Hoa".encode(), 2)
    with pytest.raises(ValueError):
        qr_rows("x" * 2400)


def test_zxing_reads_the_signed_code_back():
    """An independent decoder reads the modules drawn 4 pixels each as the code itself."""
    for serial in (1, 123456):
        code = sign_code(5, serial, SEED)
        rows = qr_rows(code, border=4)
        image = Image.frombytes("L", (len(rows), len(rows)), "".join(rows).encode().translate(
            bytes.maketrans(b"01", b"\xff\x00")))
        image = image.resize((image.width * 4, image.height * 4), Image.NEAREST)
        assert [result.text for result in zxingcpp.read_barcodes(image)] == [code]
