"""A participant's schedule of business-matching meetings as an A4 PDF."""

from flask import render_template

from contracts.meetings import booth_codes
from contracts.models import Meeting
from contracts.slots import clock
from core.pdf import html_to_pdf
from fairs.models import Fair


def schedule_rows(session, fair: Fair, meetings: list[Meeting], *, side: str) -> list[dict]:
    """One row a meeting: when, with whom (the other side) and where."""
    booths: dict[int, str] = {}
    rows = []
    for meeting in meetings:
        if meeting.enterprise_id not in booths:
            booths[meeting.enterprise_id] = ", ".join(booth_codes(session, fair, meeting.enterprise_id))
        if side == "buyer":
            other, detail = meeting.enterprise.legal_name, meeting.enterprise.sector
        else:
            other, detail = meeting.buyer.full_name, meeting.buyer.organisation or ""
        rows.append({"day": meeting.day, "time": f"{clock(meeting.start_minute)}–"
                                                 f"{clock(meeting.start_minute + meeting.minutes)}",
                     "other": other, "detail": detail, "place": meeting.place, "table": meeting.table_no,
                     "booths": booths[meeting.enterprise_id], "message": meeting.message or ""})
    return rows


def schedule_pdf(session, fair: Fair, meetings: list[Meeting], *, owner: str, side: str) -> bytes:
    """The schedule of `owner` (a buyer or an exhibitor) for the given accepted meetings."""
    rows = schedule_rows(session, fair, meetings, side=side)
    return html_to_pdf(render_template("contracts/schedule_pdf.html", fair=fair, owner=owner, rows=rows, side=side))
