"""Content-Disposition headers that survive non-ASCII (Vietnamese) file names."""

import re
import unicodedata
from urllib.parse import quote


def ascii_filename(name: str) -> str:
    """A plain-ASCII version of `name` (diacritics dropped, unsafe characters replaced)."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    folded = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("_") or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
