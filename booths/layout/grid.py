"""Generate a rectangular block of booths with aisles. Pure module."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GridSpec:
    """What the organizer asks for, in centimetres."""

    prefix: str
    rows: int
    columns: int
    booth_width: int
    booth_depth: int
    aisle_every: int        # a cross aisle after every N booths along a row (0: none)
    aisle_width: int
    origin_x: int = 0
    origin_y: int = 0
    rows_per_block: int = 2  # rows stand back to back in pairs, with an aisle between pairs
    first_number: int = 1


@dataclass(frozen=True)
class GeneratedBooth:
    """One booth of the grid, before it is stored."""

    code: str
    x: int
    y: int
    width: int
    depth: int


def generate_grid(spec: GridSpec) -> list[GeneratedBooth]:
    """Booth positions row by row; codes are PREFIX-NN, numbered left to right, top to bottom."""
    total = spec.rows * spec.columns
    digits = max(2, len(str(spec.first_number + total - 1)))
    booths = []
    number = spec.first_number
    for row in range(spec.rows):
        aisles_above = row // spec.rows_per_block if spec.rows_per_block > 0 else 0
        y = spec.origin_y + row * spec.booth_depth + aisles_above * spec.aisle_width
        for column in range(spec.columns):
            aisles_left = column // spec.aisle_every if spec.aisle_every > 0 else 0
            x = spec.origin_x + column * spec.booth_width + aisles_left * spec.aisle_width
            booths.append(GeneratedBooth(f"{spec.prefix}{number:0{digits}d}", x, y,
                                         spec.booth_width, spec.booth_depth))
            number += 1
    return booths
