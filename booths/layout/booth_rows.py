"""Parse the rows of a booth import into typed values, collecting every problem by row. Pure module.

Columns: code, hall, zone, x_m, y_m, width_m, depth_m, type, price_vnd.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from booths.layout.geometry import to_cm
from booths.layout.vocabulary import BOOTH_TYPES

COLUMNS = ("code", "hall", "zone", "x_m", "y_m", "width_m", "depth_m", "type", "price_vnd")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
MAX_PRICE_VND = 2**63 - 1  # the most a BIGINT column holds

# Message keys; the service turns them into sentences in the user's language.
REQUIRED, BAD_NUMBER, NOT_POSITIVE, NEGATIVE, BAD_TYPE, BAD_CODE, MISSING_COLUMN = (
    "required", "bad_number", "not_positive", "negative", "bad_type", "bad_code", "missing_column")


@dataclass
class BoothRow:
    """One parsed row; `row` is 1 for the first data row."""

    row: int
    code: str
    hall: str
    zone: str
    x: int
    y: int
    width: int
    depth: int
    booth_type: str
    price_vnd: int


def parse_decimal(text: str) -> Decimal | None:
    """A decimal from "3.5" or "3,5"; None if it is not a number."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_vnd(text: str) -> int | None:
    """Whole dong from "12000000", "12.000.000" or "12,000,000"; None if not a whole number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    if not re.fullmatch(r"-?\d{1,19}", cleaned) or abs(int(cleaned)) > MAX_PRICE_VND:
        return None
    return int(cleaned)


def missing_columns(header: set[str]) -> list[str]:
    """Required columns absent from the file's header (type and price may be left out)."""
    return [column for column in COLUMNS if column not in header and column not in ("type", "price_vnd")]


def parse_booth_rows(rows: list[dict[str, str]]) -> tuple[list[BoothRow], list[tuple[int, str, str]]]:
    """Typed rows and problems as (row, field, message key)."""
    parsed: list[BoothRow] = []
    problems: list[tuple[int, str, str]] = []
    for number, raw in enumerate(rows, start=1):
        row_problems: list[tuple[int, str, str]] = []
        code = raw.get("code", "").strip().upper()
        if not code:
            row_problems.append((number, "code", REQUIRED))
        elif not CODE_PATTERN.match(code):
            row_problems.append((number, "code", BAD_CODE))
        for field in ("hall", "zone"):
            if not raw.get(field, "").strip():
                row_problems.append((number, field, REQUIRED))
        sizes = {}
        for field in ("x_m", "y_m", "width_m", "depth_m"):
            text = raw.get(field, "").strip()
            value = parse_decimal(text) if text else None
            if not text:
                row_problems.append((number, field, REQUIRED))
            elif value is None:
                row_problems.append((number, field, BAD_NUMBER))
            elif field in ("width_m", "depth_m") and value <= 0:
                row_problems.append((number, field, NOT_POSITIVE))
            elif field in ("x_m", "y_m") and value < 0:
                row_problems.append((number, field, NEGATIVE))
            else:
                try:
                    sizes[field] = to_cm(value)
                except ArithmeticError:  # beyond decimal precision, e.g. "1e30"
                    row_problems.append((number, field, BAD_NUMBER))
        booth_type = (raw.get("type", "") or "standard").strip().lower()
        if booth_type not in BOOTH_TYPES:
            row_problems.append((number, "type", BAD_TYPE))
        price_text = raw.get("price_vnd", "").strip() or "0"
        price = parse_vnd(price_text)
        if price is None:
            row_problems.append((number, "price_vnd", BAD_NUMBER))
        elif price < 0:
            row_problems.append((number, "price_vnd", NEGATIVE))
        if row_problems:
            problems.extend(row_problems)
            continue
        parsed.append(BoothRow(row=number, code=code, hall=raw["hall"].strip(), zone=raw["zone"].strip(),
                               x=sizes["x_m"], y=sizes["y_m"], width=sizes["width_m"], depth=sizes["depth_m"],
                               booth_type=booth_type, price_vnd=price))
    return parsed, problems
