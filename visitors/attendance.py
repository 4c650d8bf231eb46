"""Attendance figures of a fair, aggregated in SQL: registered, unique visitors admitted, entries, breakdowns.

"Entries" counts every accepted pass through a gate (first entries and re-entries); "admitted"
counts each visitor once per day; "unique visitors" counts each visitor once over the fair.
Days and hours are local to the fair (Vietnam has no daylight saving: a fixed offset).
"""

from collections import defaultdict

from fairs.models import Fair
from visitors.attendance_tally import ENTRY_RESULTS, fair_counts

__all__ = ["ENTRY_RESULTS", "attendance", "attendance_rows"]


def attendance(session, fair: Fair, *, timezone: str) -> dict:
    """Everything the attendance dashboard, its exports and its API show, for one fair."""
    counts = fair_counts(session, fair.id, timezone=timezone)
    by_day, by_hour = defaultdict(int), defaultdict(int)
    by_gate: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    refused = 0
    for (gate, day, hour), (entries, refused_here, doubles) in counts.scans.items():
        refused += refused_here
        if entries:
            by_day[day] += entries
            by_hour[hour] += entries
            by_gate[gate][0] += entries
            by_gate[gate][1] += doubles
    days = sorted({day for day, n in counts.days.items() if n} | set(by_day))

    def breakdown(position: int) -> list[dict]:
        registered, admitted = defaultdict(int), defaultdict(int)
        for key, (registered_here, admitted_here) in counts.groups.items():
            registered[key[position]] += registered_here
            admitted[key[position]] += admitted_here
        return [{"key": key, "registered": registered[key], "admitted": admitted[key]}
                for key in sorted(registered, key=lambda k: (-registered[k], str(k))) if registered[key]]

    return {
        "registered": sum(registered for registered, _admitted in counts.groups.values()),
        "unique_visitors": sum(admitted for _registered, admitted in counts.groups.values()),
        "entries": sum(entries for entries, _doubles in by_gate.values()), "refused_scans": refused,
        "by_day": [{"day": d, "admitted": counts.days.get(d, 0), "entries": by_day.get(d, 0)} for d in days],
        "by_hour": [{"hour": h, "entries": by_hour.get(h, 0)} for h in range(24)],
        "by_gate": [{"gate": gate, "entries": n, "offline_double_entries": doubles}
                    for gate, (n, doubles) in sorted(by_gate.items(), key=lambda item: (-item[1][0], item[0]))],
        "offline_double_entries": sum(doubles for _entries, doubles in by_gate.values()),
        "by_type": breakdown(0),
        "by_country": breakdown(1),
        "by_province": [row for row in breakdown(2) if row["key"]],
    }


def attendance_rows(figures: dict) -> tuple[list[str], list[list]]:
    """One flat table of the figures (section, key, registered, admitted, entries, offline double entries,
    refused scans) for CSV/XLSX: the same numbers as the dashboard, offline double entries per gate included."""
    rows: list[list] = [["total", "registered", figures["registered"], None, None, None, None],
                        ["total", "unique_visitors", None, figures["unique_visitors"], None, None, None],
                        ["total", "entries", None, None, figures["entries"], figures["offline_double_entries"],
                         None],
                        ["total", "refused_scans", None, None, None, None, figures["refused_scans"]]]
    rows += [["day", item["day"], None, item["admitted"], item["entries"], None, None] for item in figures["by_day"]]
    rows += [["hour", f"{item['hour']:02d}", None, None, item["entries"], None, None] for item in figures["by_hour"]]
    rows += [["gate", item["gate"], None, None, item["entries"], item["offline_double_entries"], None]
             for item in figures["by_gate"]]
    for section in ("type", "country", "province"):
        rows += [[section, item["key"], item["registered"], item["admitted"], None, None, None]
                 for item in figures[f"by_{section}"]]
    return ["section", "key", "registered", "admitted", "entries", "offline_double_entries", "refused_scans"], rows
