"""Benchmark: importing 10,000 booths (validation on vs off) and drawing their SVG; with --canton, every plan
page, plan route and the apply page of a scale data set, as organizer, exhibitor and anonymous.

Run: python -m bench.floorplan [--booths 10000] [--runs 3] [--json bench/floorplan.json]
     python -m bench.floorplan --canton sqlite:////tmp/scale.sqlite3 [--runs 3] [--json bench/floorplan-canton.json]
(the database filled by `python -m bench.scale_data --scale canton`; it is measured with the fair's plan
published (running) and not yet published (open for applications), and left as it was found.)
"""

import argparse
import random
import tempfile

from app import create_app
from bench.common import best_of, report
from bench.floorplan_routes import measure_routes
from booths.layout.floorplan import PlanBooth, PlanHall, PlanZone, render_hall_svg
from booths.layout.geometry import Rect, find_overlaps, overlap
from booths.layout.plans import EVERYONE, render_hall
from booths.layout.services import create_hall, create_zone, import_booths, list_halls
from core.db import utcnow
from core.extensions import db
from fairs.services import create_fair

LABELS = {"available": "Available", "held": "Held", "assigned": "Assigned", "blocked": "Blocked",
          "unassigned": "Not assigned", "conflict": "Conflict"}


def booth_rows(count: int) -> list[dict[str, str]]:
    """A square-ish grid of 3 × 3 m booths with an aisle every 10 booths, as import rows."""
    side = int(count ** 0.5 + 0.999)
    rows = []
    for number in range(count):
        row, column = divmod(number, side)
        x = 2 + column * 3 + (column // 10) * 3
        y = 2 + row * 3 + (row // 2) * 3
        rows.append({"code": f"X-{number + 1:05d}", "hall": "Bench hall", "zone": "Bench zone", "x_m": str(x),
                     "y_m": str(y), "width_m": "3", "depth_m": "3", "type": "standard", "price_vnd": "12000000"})
    return rows


def run_import(rows, validate: bool) -> float:
    """Import `rows` into a fresh SQLite database; return seconds for the import and its commit."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "bench",
                          "APP_ENV": "development"})
        with app.app_context(), app.test_request_context("/"):
            db.create_all()
            now = utcnow()
            fair = create_fair(db.session, {"code": "BENCH", "name_vi": "Bench", "name_en": "Bench", "venue": "v",
                                            "province": "Hà Nội", "starts_on": now.date(), "ends_on": now.date()},
                               actor=None, now=now)
            side = int(len(rows) ** 0.5 + 0.999)
            create_hall(db.session, fair, name="Bench hall", width_m=side * 3 + side // 10 * 3 + 10,
                        depth_m=side * 3 + side // 2 * 3 + 10, actor=None, now=now)
            create_zone(db.session, fair, {"name_vi": "Bench zone", "name_en": "Bench zone", "kind": "domestic"},
                        actor=None, now=now)
            db.session.commit()
            seconds, _median, created = best_of(1, lambda: (import_booths(db.session, fair, rows, actor=None, now=now,
                                                                          validate=validate), db.session.commit()))
            assert created[0] == len(rows)
            svg_seconds, _m, svg = best_of(3, lambda: render_hall(db.session, fair, list_halls(db.session, fair)[0],
                                                                  mode="status", language="vi",
                                                                  reveal=EVERYONE))
            db.engine.dispose()
            return seconds, svg_seconds, len(svg.encode("utf-8"))


def naive_overlaps(rects: list[Rect]) -> int:
    """Every pair compared: the baseline the spatial hash is measured against."""
    return sum(1 for i, a in enumerate(rects) for b in rects[i + 1:] if overlap(a, b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--booths", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=None)
    parser.add_argument("--canton", metavar="DATABASE_URL", help="measure the plan routes of this scale data set")
    parser.add_argument("--only", default="", help="with --canton: only the routes whose label contains this")
    args = parser.parse_args()
    if args.canton:
        measure_routes(args.canton, runs=args.runs, json_path=args.json, only=args.only)
        return
    rows = booth_rows(args.booths)

    with_validation, without_validation = [], []
    svg_times, svg_size = [], 0
    for _ in range(args.runs):
        seconds, svg_seconds, svg_size = run_import(rows, validate=True)
        with_validation.append(seconds)
        svg_times.append(svg_seconds)
        without_validation.append(run_import(rows, validate=False)[0])

    plan = PlanHall("Bench", 40000, 40000, [
        PlanBooth(r["code"], int(float(r["x_m"]) * 100), int(float(r["y_m"]) * 100), 300, 300, 1, "standard",
                  12_000_000, "available") for r in rows])
    pure_svg, _median, svg_text = best_of(args.runs, lambda: render_hall_svg(
        plan, mode="status", zones=[PlanZone(1, "Zone", "#e0a33a")], labels=LABELS, title="Bench"))

    sample = [Rect(i, random.Random(i).randrange(0, 20000), random.Random(-i).randrange(0, 20000), 300, 300)
              for i in range(2000)]
    hashed, _m, found = best_of(args.runs, lambda: len(find_overlaps(sample)))
    naive, _m, expected = best_of(1, lambda: naive_overlaps(sample))
    assert found == expected

    best_on, best_off = min(with_validation), min(without_validation)
    rows_out = [
        {"measure": f"import {args.booths} booths, validation on", "seconds": round(best_on, 3),
         "baseline": "validation off", "baseline_seconds": round(best_off, 3), "ratio": round(best_on / best_off, 2)},
        {"measure": f"SVG of {args.booths} booths (page, from the database)", "seconds": round(min(svg_times), 3),
         "baseline": "pure renderer alone", "baseline_seconds": round(pure_svg, 3),
         "ratio": round(min(svg_times) / pure_svg, 2)},
        {"measure": "SVG size (MB)", "seconds": round(svg_size / 1e6, 2), "baseline": "target 3 MB",
         "baseline_seconds": 3.0, "ratio": round(svg_size / 3e6, 2)},
        {"measure": "overlap check, 2,000 booths, spatial hash", "seconds": round(hashed, 4),
         "baseline": "all pairs", "baseline_seconds": round(naive, 4), "ratio": round(hashed / naive, 3)},
    ]
    report("Floor plan benchmark (best of runs)", rows_out, args.json,
           extra={"booths": args.booths, "runs": args.runs, "svg_bytes": svg_size, "svg_text_bytes": len(svg_text)})


if __name__ == "__main__":
    main()
