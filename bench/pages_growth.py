"""Which routes of the page walk grow more than 2x from the smallest scale to the largest, and what kind each is.

Run: python -m bench.pages_growth bench/pages-hanoi-sqlite-gunicorn-after.json \
         bench/pages-x10-sqlite-gunicorn-after.json bench/pages-canton-sqlite-gunicorn-after.json [--json out.json]

Issue 22 asks paginated pages, detail pages and the gate to stay within 2x of their p95 from hanoi to canton,
and whatever legitimately grows with the data (an export, a report, the plan of one hall, the scanner's whole
badge list) to say so. A route is shown once, as its role that grows most, with how many of its roles grow more than
the factor. The walks ran on a shared 2-core machine, where `/healthz` itself "grows" x5 between walks: below
`--floor` ms at the largest scale a growth factor is noise of that kind, and the (route, role) is left out.
"""

import argparse
import json
import re

from bench.common import report

# (pattern, kind, why it may grow): first match wins; anything unmatched is a page that should stay flat.
KINDS = [
    (r"^/reports/supported|^/api/v1/reports/", "report",
     "the supported-enterprise report over every grant and contract (a job from the report page)"),
    (r"/results(\.\w+)?$|/summary$", "report",
     "the fair's results: one SQL aggregate over all its contracts, exhibitors, booths, meetings each"),
    (r"plan\.pdf$", "export", "one hall's plan as a PDF (WeasyPrint), a hall grows with the fair"),
    (r"applications\.(csv|xlsx)$", "export", "the whole fair in one file"),
    (r"badges(\.json)?$", "export", "the scanner's offline list of every badge of the fair"),
    (r"/plan$|floorplan", "plan of one hall", "one hall's booths drawn, and a hall grows with the fair"),
    (r"/scan$|/scans$|^/gate|/checkin", "gate", None),
    (r"^/(healthz|readyz|gate-sw\.js|login|logout|password|portal)", "shell", None),
]


def kind(route: str) -> tuple[str, str | None]:
    """The kind of `route` and, when it may grow with the data, why."""
    for pattern, name, why in KINDS:
        if re.search(pattern, route):
            return name, why
    return "page (paginated or detail)", None


def growing(paths: list[str], *, factor: float = 2.0, floor_ms: float = 20.0) -> list[dict]:
    """Each route with a role whose p95 grows more than `factor` from the first walk to the last, as that role
    (the one growing most), with how many of the route's roles grow so."""
    walks = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            walks.append(json.load(handle))
    walks.sort(key=lambda walk: walk["booths"])
    figures = [{(row["route"], row["role"]): row for row in walk["rows"]
                if isinstance(row.get("p95_ms"), (int, float))} for walk in walks]
    worst: dict[str, dict] = {}
    roles: dict[str, list[int]] = {}
    for (route, role), last in figures[-1].items():
        first = figures[0].get((route, role))
        if not first or not first["p95_ms"]:
            continue
        growth = last["p95_ms"] / first["p95_ms"]
        counted = roles.setdefault(route, [0, 0])
        counted[1] += 1
        if growth <= factor or last["p95_ms"] < floor_ms:
            continue
        counted[0] += 1
        if route in worst and growth <= worst[route]["growth"]:
            continue
        name, why = kind(route)
        row = {"route": route, "role": role}
        for walk, scale in zip(walks, figures, strict=True):
            row[f"p95_{walk['scale']}"] = scale[(route, role)]["p95_ms"] if (route, role) in scale else "-"
        cpu = (round(last["cpu_p50_ms"] / first["cpu_p50_ms"], 1)
               if first.get("cpu_p50_ms") and last.get("cpu_p50_ms") else "-")  # the test client's walks only
        row.update({"growth": round(growth, 1), "p50_growth": round(last["p50_ms"] / first["p50_ms"], 1),
                    "cpu_growth": cpu,
                    f"kb_{walks[0]['scale']}": first["kb"], f"kb_{walks[-1]['scale']}": last["kb"],
                    "kind": name, "why": why or "should be flat"})
        worst[route] = row
    rows = list(worst.values())
    for row in rows:
        growing_roles, all_roles = roles[row["route"]]
        row["roles_growing"] = f"{growing_roles} of {all_roles}"
    rows.sort(key=lambda row: (row["why"] != "should be flat", -row["growth"]))
    return rows


def main() -> None:
    """List the growing routes as a table (and JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("walks", nargs="+", help="JSON files of bench.pages at several scales")
    parser.add_argument("--factor", type=float, default=2.0)
    parser.add_argument("--floor", type=float, default=20.0, help="ignore routes under this p95 (ms) at the largest")
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = growing(args.walks, factor=args.factor, floor_ms=args.floor)
    report(f"routes growing more than {args.factor}x (worst role, p95 >= {args.floor} ms at the largest)",
           rows, args.json)


if __name__ == "__main__":
    main()
