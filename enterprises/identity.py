"""Vietnamese tax codes (mã số thuế): 10 digits, or 13 for a branch (10 + "-" + 3). Pure module."""

from stdnum.exceptions import ValidationError
from stdnum.vn import mst


def normalise_tax_code(text: str | None) -> str | None:
    """The tax code in its standard form (`0100109106` or `0100109106-001`), or None if it is not valid."""
    if not text or not text.strip():
        return None
    try:
        return mst.format(mst.validate(text.strip()))
    except ValidationError:
        return None
