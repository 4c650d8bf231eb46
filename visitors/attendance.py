"""Attendance figures of a fair, aggregated in SQL: registered, unique visitors admitted, entries, breakdowns.

"Entries" counts every accepted pass through a gate (first entries and re-entries); "admitted"
counts each visitor once per day; "unique visitors" counts each visitor once over the fair.
Days and hours are local to the fair (Vietnam has no daylight saving: a fixed offset).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from fairs.models import Fair
from visitors.models import Admission, Scan, Visitor

ENTRY_RESULTS = ("admitted", "already_admitted")


def _local(session, column, timezone: str, part: str):
    """The local day (part="day") or hour (part="hour") of a UTC timestamp column, in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        local = sa.func.timezone(timezone, column)
        return sa.cast(local, sa.Date) if part == "day" else sa.cast(sa.extract("hour", local), sa.Integer)
    offset = datetime.now(ZoneInfo(timezone)).utcoffset()
    modifier = f"{int(offset.total_seconds() // 60):+d} minutes"
    if part == "day":
        return sa.func.date(column, modifier)
    return sa.cast(sa.func.strftime("%H", column, modifier), sa.Integer)


def _pairs(session, query) -> list[tuple]:
    return [tuple(row) for row in session.execute(query)]


def attendance(session, fair: Fair, *, timezone: str) -> dict:
    """Everything the attendance dashboard and its API show, for one fair."""
    entries = sa.and_(Scan.fair_id == fair.id, Scan.result.in_(ENTRY_RESULTS))
    count = sa.func.count()
    registered = session.scalar(sa.select(count).select_from(Visitor).where(Visitor.fair_id == fair.id))
    unique = session.scalar(sa.select(sa.func.count(sa.distinct(Admission.visitor_id)))
                            .where(Admission.fair_id == fair.id))
    total_entries = session.scalar(sa.select(count).select_from(Scan).where(entries))
    refused = session.scalar(sa.select(count).select_from(Scan).where(
        Scan.fair_id == fair.id, Scan.result.not_in(ENTRY_RESULTS)))
    day = _local(session, Scan.scanned_at, timezone, "day")
    hour = _local(session, Scan.scanned_at, timezone, "hour")
    admitted_by_day = dict(_pairs(session, sa.select(Admission.day, count).where(Admission.fair_id == fair.id)
                                  .group_by(Admission.day)))
    entries_by_day = dict(_pairs(session, sa.select(day, count).where(entries).group_by(day)))
    days = sorted({str(d) for d in admitted_by_day} | {str(d) for d in entries_by_day})
    admitted_by_day = {str(k): v for k, v in admitted_by_day.items()}
    entries_by_day = {str(k): v for k, v in entries_by_day.items()}
    by_hour = dict(_pairs(session, sa.select(hour, count).where(entries).group_by(hour)))
    by_gate = _pairs(session, sa.select(Scan.gate, count).where(entries).group_by(Scan.gate).order_by(count.desc()))
    # A badge the phone admitted offline while another gate (or this one) had admitted it first: both let
    # the visitor in, and only the sync told (the scan keeps what the phone said, `offline_result`).
    doubles = dict(_pairs(session, sa.select(Scan.gate, count).where(
        Scan.fair_id == fair.id, Scan.offline_result == "admitted", Scan.result == "already_admitted")
        .group_by(Scan.gate)))
    admitted_visitors = sa.select(Admission.visitor_id).where(Admission.fair_id == fair.id).distinct().subquery()

    def breakdown(column):
        registered_rows = dict(_pairs(session, sa.select(column, count).where(Visitor.fair_id == fair.id)
                                      .group_by(column)))
        admitted_rows = dict(_pairs(session, sa.select(column, count).join(
            admitted_visitors, admitted_visitors.c.visitor_id == Visitor.id).group_by(column)))
        return [{"key": key, "registered": registered_rows[key], "admitted": admitted_rows.get(key, 0)}
                for key in sorted(registered_rows, key=lambda k: (-registered_rows[k], str(k)))]

    return {
        "registered": registered, "unique_visitors": unique, "entries": total_entries, "refused_scans": refused,
        "by_day": [{"day": d, "admitted": admitted_by_day.get(d, 0), "entries": entries_by_day.get(d, 0)}
                   for d in days],
        "by_hour": [{"hour": h, "entries": by_hour.get(h, 0)} for h in range(24)],
        "by_gate": [{"gate": gate, "entries": n, "offline_double_entries": doubles.get(gate, 0)}
                    for gate, n in by_gate],
        "offline_double_entries": sum(doubles.values()),
        "by_type": breakdown(Visitor.visitor_type),
        "by_country": breakdown(Visitor.country),
        "by_province": [row for row in breakdown(Visitor.province) if row["key"]],
    }


def attendance_rows(figures: dict) -> tuple[list[str], list[list]]:
    """One flat table of the figures (section, key, registered, admitted, entries) for CSV/XLSX."""
    rows: list[list] = [["total", "registered", figures["registered"], None, None],
                        ["total", "unique_visitors", None, figures["unique_visitors"], None],
                        ["total", "entries", None, None, figures["entries"]]]
    rows += [["day", item["day"], None, item["admitted"], item["entries"]] for item in figures["by_day"]]
    rows += [["hour", f"{item['hour']:02d}", None, None, item["entries"]] for item in figures["by_hour"]]
    rows += [["gate", item["gate"], None, None, item["entries"]] for item in figures["by_gate"]]
    for section in ("type", "country", "province"):
        rows += [[section, item["key"], item["registered"], item["admitted"], None]
                 for item in figures[f"by_{section}"]]
    return ["section", "key", "registered", "admitted", "entries"], rows
