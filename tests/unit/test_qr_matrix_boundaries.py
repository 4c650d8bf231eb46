"""The fast QR encoder on the versions where its rules change, against qrcode's own matrix: quick enough to run
once per mutant (bench/mutation.py), where test_qr_matrix.py's all-40-versions comparison is not.

Versions chosen for what changes there: 1 (one block, no alignment pattern), 2 (the first alignment pattern),
6 (badge codes, the last without version information), 7 (version information, alignment patterns beside the
finders), 9 and 10 (the byte count grows from 8 to 16 bits; blocks of unequal length).
"""

import pytest
import qrcode
from qrcode import util

from visitors import qr_matrix
from visitors.qr_matrix import qr_rows

LEVEL_M = qrcode.constants.ERROR_CORRECT_M
ALPHABET = "ABCabc0189-_"


@pytest.fixture(autouse=True)
def _fresh_tables():
    """Every test builds its own tables: a cache filled earlier (or in mutmut's parent process) would hide a bug."""
    for cache in (qr_matrix._LAYOUTS, qr_matrix._PICKERS, qr_matrix._GENERATORS):
        cache.clear()


def _reference(data: bytes, version: int, border: int) -> tuple[str, ...]:
    """qrcode's own matrix of `data` in byte mode at `version`, error correction M, mask 2 (the docstring's)."""
    qr = qrcode.QRCode(version=version, error_correction=LEVEL_M, border=border, mask_pattern=2)
    qr.add_data(util.QRData(data, mode=util.MODE_8BIT_BYTE))
    qr.make(fit=False)
    return tuple("".join("1" if dark else "0" for dark in row) for row in qr.get_matrix())


def _text(length: int) -> str:
    return "".join(ALPHABET[(index * 7 + length) % len(ALPHABET)] for index in range(length))


# The largest byte-mode text of each version at M, in absolute terms (ISO/IEC 18004 table 7).
LARGEST = {1: 14, 2: 26, 5: 84, 6: 106, 7: 122, 8: 152, 9: 180, 10: 213, 39: 2213, 40: 2331}


@pytest.mark.parametrize("version", [1, 2, 6, 7, 9, 10])
def test_fullest_and_short_codes_match_qrcode_module_for_module(version):
    """The fullest code of the version (no filler) and a short one (filler bytes EC 11 EC …) at that version."""
    fullest = _text(LARGEST[version])
    assert qr_rows(fullest, border=0) == _reference(fullest.encode(), version, 0)
    smallest = _text(LARGEST.get(version - 1, 0) + 1)  # the shortest text that needs this version
    for border in (0, 1, 4):
        assert qr_rows(smallest, border=border) == _reference(smallest.encode(), version, border), border
    assert qr_rows(smallest) == _reference(smallest.encode(), version, 2)  # the default quiet zone is 2 modules


def test_the_version_is_the_smallest_that_holds_the_bytes_up_to_40():
    """At, below and above each version's largest length; 2331 bytes is version 40, one more is refused."""
    for version, largest in LARGEST.items():
        assert qr_matrix._version_for(largest) == version
        assert qr_matrix._version_for(largest - 1) == version
        if version < 40:
            assert qr_matrix._version_for(largest + 1) == version + 1
    assert qr_matrix._version_for(0) == 1
    assert qr_matrix._version_for(1) == 1
    assert qr_matrix._version_for(15) == 2
    with pytest.raises(ValueError, match="2332 bytes do not fit"):
        qr_matrix._version_for(2332)
    with pytest.raises(ValueError):
        qr_rows("x" * 2332)


def test_picture_size_and_quiet_zone():
    """4 × version + 17 modules a side plus the quiet zone on each side, all light."""
    for border in (0, 3):
        rows = qr_rows("A", border=border)
        assert len(rows) == 21 + 2 * border and {len(row) for row in rows} == {21 + 2 * border}
        if border:
            assert rows[0] == rows[-1] == "0" * 27 and {row[:3] + row[-3:] for row in rows} == {"000000"}
    # UTF-8 bytes, not characters: these 14 characters are 18 bytes, past version 1's 14.
    text = "Nguyễn Thị Hoa"
    assert len(text.encode()) == 18 and len(qr_rows(text, border=0)) == 25
    assert qr_rows(text, border=0) == _reference(text.encode(), 2, 0)


def test_cached_tables_are_reused_and_give_the_same_codes():
    """A second code of the same version, and the same version at another border, come from the cached tables."""
    first = qr_rows(_text(20), border=0)
    layout = qr_matrix._LAYOUTS[2]
    assert qr_rows(_text(21), border=0) == _reference(_text(21).encode(), 2, 0)
    assert qr_matrix._LAYOUTS[2] is layout and qr_rows(_text(20), border=0) == first
    assert qr_rows(_text(20), border=3) == _reference(_text(20).encode(), 2, 3)
    assert set(qr_matrix._PICKERS) == {(2, 0), (2, 3)}
