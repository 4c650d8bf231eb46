"""Download links whose cost grows with the data: served at once while small, else offered as a background job.

A GET link to an export (the supported-enterprise report's PDF, the review queue's XLSX, a hall's plan) first
estimates its cost from a cheap COUNT times what one row costs to lay out. Within `EXPORT_DIRECT_SECONDS` the file
is made in the request, as before, so a small fair keeps its one-click download. Past it the link answers a small
page saying the file is made in the background, with a button (a CSRF-protected POST carrying the export's
filters as hidden fields) that starts the export's job and opens its progress page. The GET itself writes
nothing: a crawler, a prefetch or a reload never queues work.
"""

from dataclasses import dataclass, field

from flask import current_app, render_template


@dataclass(frozen=True)
class DeferredExport:
    """What the page offering a background export needs: what the file is, where its POST goes, what it carries."""

    title: str  # what the file is, for the page's heading ("The report as PDF")
    action: str  # the URL of the POST that starts the job
    back_url: str  # the page the link was on
    size: str  # how much the file holds, in words ("10,000 enterprises")
    fields: dict[str, str] = field(default_factory=dict)  # the filters, sent again as hidden fields


def estimated_seconds(rows: int, row_seconds: float) -> float:
    """What an export of `rows` rows at `row_seconds` each is expected to take."""
    return max(0, rows) * row_seconds


def made_in_request(rows: int, row_seconds: float) -> bool:
    """Whether an export of `rows` rows is cheap enough to make inside the request (`EXPORT_DIRECT_SECONDS`)."""
    return estimated_seconds(rows, row_seconds) <= current_app.config["EXPORT_DIRECT_SECONDS"]


def offer_background_export(export: DeferredExport, *, rows: int, row_seconds: float) -> tuple[str, int]:
    """The page (200, nothing written) offering to make `export` in the background, with its size and estimate."""
    fields = {name: str(value) for name, value in export.fields.items() if value not in (None, "")}
    return render_template("jobs/deferred_export.html", export=export, fields=fields, rows=rows,
                           seconds=max(1, round(estimated_seconds(rows, row_seconds)))), 200
