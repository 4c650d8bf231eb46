"""Text folding for matching Vietnamese names: case, diacritics and spacing do not matter. Pure module."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces and hyphens."""
    text = unicodedata.normalize("NFD", (text or "").strip().lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[\s\-–_,]+", " ", text)
    return text.strip()
