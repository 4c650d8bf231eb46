"""Downloads: Content-Disposition headers that survive Vietnamese file names, and table downloads."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from flask import Response, stream_with_context

from core.exports import XLSX_MEDIA_TYPE, csv_chunks, to_csv, to_xlsx


def ascii_filename(name: str) -> str:
    """A plain-ASCII version of `name` (diacritics dropped, unsafe characters replaced)."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    folded = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("_") or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def table_download(headers: Sequence[str], rows: Iterable[Sequence], *, kind: str, filename: str,
                   title: str = "Sheet") -> Response:
    """A CSV or XLSX download of a table, named `filename.kind` (Vietnamese names kept)."""
    if kind == "csv":
        body, media_type = to_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body, media_type = to_xlsx(headers, rows, title=title), XLSX_MEDIA_TYPE
    return Response(body, mimetype=media_type,
                    headers={"Content-Disposition": content_disposition(f"{filename}.{kind}")})


def streamed_table_download(headers: Sequence[str], rows: Iterable[Sequence], *, kind: str, filename: str,
                            title: str = "Sheet") -> Response:
    """Like `table_download`, for tables read from the database as they are written: a CSV streams to the client
    row by row; an XLSX is written in openpyxl's write-only mode (rows pass through, only the zipped file is held)."""
    if kind != "csv":
        return table_download(headers, rows, kind=kind, filename=filename, title=title)
    return Response(stream_with_context(csv_chunks(headers, rows)), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": content_disposition(f"{filename}.{kind}")})
