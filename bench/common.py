"""Helpers shared by the benchmark scripts: timing, machine description, table and JSON output."""

import json
import os
import platform
import statistics
import time
from collections.abc import Callable


def machine() -> dict:
    """What the figures were measured on."""
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "system": platform.system()}


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float, object]:
    """Run `work` `runs` times; return (best seconds, median seconds, last result)."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def report(title: str, rows: list[dict], json_path: str | None, extra: dict | None = None) -> None:
    """Print rows as a table and write them (with the machine) as JSON if asked."""
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print(title)
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump({"title": title, "machine": machine(), "rows": rows, **(extra or {})}, handle, indent=2)
        print(f"wrote {json_path}")
