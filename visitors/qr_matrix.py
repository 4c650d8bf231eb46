"""QR codes fast enough for bulk printing: byte mode, error correction M, one fixed mask. Pure module.

The qrcode package spends about 5 ms a code: it lays the code out with each of the 8 mask patterns to keep
the one with the lowest penalty, and its Reed-Solomon arithmetic is pure Python over polynomial objects.
Here a version's layout (which modules are fixed patterns, where each data bit goes, the mask) is worked
out once and kept; each code is then a few integer operations and one C-level gather, about 0.1 ms.

Every mask is valid for a decoder; mask 2 had the lowest mean and worst penalty of the 8 over 300 signed
badge codes (about 10 % above the best mask chosen code by code). The standard's tables (blocks, alignment
positions, format and version bits) and the fixed patterns come from qrcode itself, and the tests compare
the result with qrcode's own matrix, module for module, for every version.
"""

import operator
import threading
from dataclasses import dataclass

import qrcode
from qrcode import base, util

MASK = 2
_LEVEL = qrcode.constants.ERROR_CORRECT_M
_PADS = (0xEC, 0x11)  # the standard's filler bytes after the data


@dataclass(frozen=True)
class _Layout:
    """What every code of one version shares."""

    version: int
    size: int                             # modules a side, without the quiet zone
    data_codewords: int
    blocks: tuple[tuple[int, int], ...]   # (data codewords, error-correction codewords) of each block
    cells: int                            # modules that carry data (codewords, then remainder bits)
    mask: int                             # the mask's bits in placement order, as one integer
    fixed: str                            # the fixed patterns' modules, "1" dark
    source: dict[tuple[int, int], int]    # where each module's bit sits in "data bits + fixed bits"


_LOCK = threading.Lock()  # print jobs run in threads: each table is built once
_LAYOUTS: dict[int, _Layout] = {}
_PICKERS: dict[tuple[int, int], operator.itemgetter] = {}
_GENERATORS: dict[int, tuple[int, ...]] = {}


def qr_rows(text: str, *, border: int = 2) -> tuple[str, ...]:
    """The modules of a QR code of `text` (UTF-8 bytes), row by row with a quiet zone: "1" dark, "0" light."""
    data = text.encode()
    layout = _layout(_version_for(len(data)))
    codewords = _codewords(data, layout)
    stream = int.from_bytes(codewords, "big") << (layout.cells - 8 * len(codewords))  # remainder bits are 0
    bits = format(stream ^ layout.mask, f"0{layout.cells}b") + layout.fixed + "0"  # the last "0": quiet zone
    picture = "".join(_picker(layout, border)(bits))
    width = layout.size + 2 * border
    return tuple(picture[start:start + width] for start in range(0, len(picture), width))


def _version_for(length: int) -> int:
    for version in range(1, 41):
        needed = 4 + util.length_in_bits(util.MODE_8BIT_BYTE, version) + 8 * length
        if needed <= util.BIT_LIMIT_TABLE[_LEVEL][version]:
            return version
    raise ValueError(f"{length} bytes do not fit in a QR code at error correction M")


def _codewords(data: bytes, layout: _Layout) -> bytes:
    """Data codewords (mode, length, data, terminator, filler) and error correction, interleaved by block."""
    count_bits = util.length_in_bits(util.MODE_8BIT_BYTE, layout.version)
    capacity = 8 * layout.data_codewords
    header = 4 + count_bits
    value = (((0b0100 << count_bits) | len(data)) << 8 * len(data)) | int.from_bytes(data, "big")
    used = header + 8 * len(data)
    padded = used + min(4, capacity - used)  # the terminator: up to 4 zero bits
    padded += -padded % 8
    filler = bytes(_PADS[index % 2] for index in range((capacity - padded) // 8))
    stream = (value << (padded - used)).to_bytes(padded // 8, "big") + filler
    data_blocks, ec_blocks, offset = [], [], 0
    for data_count, ec_count in layout.blocks:
        block = stream[offset:offset + data_count]
        offset += data_count
        data_blocks.append(block)
        ec_blocks.append(_remainder(block, ec_count))
    return _interleave(data_blocks) + _interleave(ec_blocks)


def _interleave(blocks: list[bytes]) -> bytes:
    longest = max(len(block) for block in blocks)
    return bytes(block[index] for index in range(longest) for block in blocks if index < len(block))


def _remainder(block: bytes, ec_count: int) -> bytes:
    """The Reed-Solomon error-correction codewords of a block: the remainder of its division by the generator."""
    # The register is one integer of ec_count bytes; each step shifts a byte out and XORs a precomputed row.
    rows = _generator_rows(ec_count)
    shift, full = 8 * (ec_count - 1), (1 << 8 * ec_count) - 1
    register = 0
    for byte in block:
        register = ((register << 8) & full) ^ rows[byte ^ (register >> shift)]
    return register.to_bytes(ec_count, "big")


def _generator_rows(ec_count: int) -> tuple[int, ...]:
    """For each byte value f, f times the generator polynomial (without its leading 1), as one integer."""
    rows = _GENERATORS.get(ec_count)
    if rows is None:
        generator = [1]
        for power in range(ec_count):  # (x - a^0)(x - a^1)…: subtraction is XOR in GF(256)
            factor = base.gexp(power)
            generator = [a ^ _multiply(b, factor) for a, b in zip(generator + [0], [0] + generator, strict=True)]
        rows = tuple(int.from_bytes(bytes(_multiply(f, g) for g in generator[1:]), "big") for f in range(256))
        with _LOCK:
            rows = _GENERATORS.setdefault(ec_count, rows)
    return rows


def _multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else base.gexp(base.glog(a) + base.glog(b))


def _layout(version: int) -> _Layout:
    layout = _LAYOUTS.get(version)
    if layout is None:
        with _LOCK:
            layout = _LAYOUTS.get(version) or _LAYOUTS.setdefault(version, _new_layout(version))
    return layout


def _new_layout(version: int) -> _Layout:
    size = 4 * version + 17
    fixed_cells = _fixed_cells(version, size)
    # qrcode's own code of no data gives the fixed patterns with this mask's format bits.
    reference = qrcode.QRCode(version=version, error_correction=_LEVEL, mask_pattern=MASK, border=0)
    reference.add_data(util.QRData(b"", mode=util.MODE_8BIT_BYTE))
    reference.make(fit=False)
    placement = _placement(size, fixed_cells)
    dark_mask = util.mask_func(MASK)
    mask = int("".join("1" if dark_mask(row, col) else "0" for row, col in placement), 2)
    fixed_order = sorted(fixed_cells)
    fixed = "".join("1" if reference.modules[row][col] else "0" for row, col in fixed_order)
    source = {cell: index for index, cell in enumerate(placement)}
    source.update({cell: len(placement) + index for index, cell in enumerate(fixed_order)})
    blocks = tuple((block.data_count, block.total_count - block.data_count)
                   for block in base.rs_blocks(version, _LEVEL))
    return _Layout(version, size, sum(data for data, _ec in blocks), blocks, len(placement), mask, fixed, source)


def _picker(layout: _Layout, border: int) -> operator.itemgetter:
    """Picks each module of the picture, row by row, from "data bits + fixed bits + a light module"."""
    picker = _PICKERS.get((layout.version, border))
    if picker is None:
        light, width = len(layout.source), layout.size + 2 * border
        picker = operator.itemgetter(*(layout.source.get((row - border, col - border), light)
                                       for row in range(width) for col in range(width)))
        with _LOCK:
            picker = _PICKERS.setdefault((layout.version, border), picker)
    return picker


def _placement(size: int, fixed_cells: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The data modules in the order the standard fills them: two-column strips from the right, up then down."""
    cells, upward = [], True
    for right in range(size - 1, 0, -2):
        if right <= 6:  # the vertical timing pattern takes column 6: strips left of it shift by one
            right -= 1
        for row in (range(size - 1, -1, -1) if upward else range(size)):
            cells.extend((row, col) for col in (right, right - 1) if (row, col) not in fixed_cells)
        upward = not upward
    return cells


def _fixed_cells(version: int, size: int) -> set[tuple[int, int]]:
    """Modules of the finder, timing and alignment patterns and of the format and version information."""
    finders = set()
    for top, left in ((0, 0), (0, size - 8), (size - 8, 0)):  # with their separators
        finders.update((top + row, left + col) for row in range(8) for col in range(8))
    cells = set(finders)
    cells.update((6, index) for index in range(size))
    cells.update((index, 6) for index in range(size))
    centres = util.pattern_position(version)
    for row in centres:
        for col in centres:
            if (row, col) not in finders:  # the three that would sit on a finder are left out
                cells.update((row + dr, col + dc) for dr in range(-2, 3) for dc in range(-2, 3))
    cells.update((8, index) for index in list(range(9)) + list(range(size - 8, size)))
    cells.update((index, 8) for index in list(range(9)) + list(range(size - 8, size)))
    if version >= 7:
        cells.update((row, size - 11 + col) for row in range(6) for col in range(3))
        cells.update((size - 11 + row, col) for row in range(3) for col in range(6))
    return cells
