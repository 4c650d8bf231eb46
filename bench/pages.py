"""Benchmark: every GET page and API operation of the app, as each role that may open it, on a scale data set.

Run: python -m bench.pages --scale hanoi|x10|canton [--sqlite FILE | --postgres URL] [--reuse] [--gunicorn]
                           [--repeat 10] [--cap 3] [--only REGEX] --json bench/pages-<scale>-<db>.json
     python -m bench.pages --plot bench/pages-hanoi-sqlite.json bench/pages-x10-sqlite.json
                           bench/pages-canton-sqlite.json --png bench/pages_growth.png

Loads the scale data set (bench.scale_data) into the SQLite file (default /tmp/pages-<scale>.sqlite3) or the
PostgreSQL database (emptied first), or with --reuse takes the one already there, then walks every GET route of
the URL map (bench.pages_walk: path variables filled with the scale fair's ids; skipped routes are listed with
the reason) as each role (anonymous, organizer, exhibitor, officer, gate staff, admin; pages through a logged-in
session, /api/v1 with a bearer token). Each (route, role) that opens is timed up to --repeat times within --cap
seconds (a page slower than half the cap is timed once), after a first request that warms it; once a role's first
request took over --slow seconds (10), the route's remaining roles are not tried (listed as unprobed). The test
client cannot stop a request; gunicorn can: with --gunicorn --timeout N a request past N seconds has its worker
killed and is recorded with status 0 and N seconds or more (a hard cap for the largest scale). Through the Flask
test client, or with --gunicorn through one sync gunicorn worker on a free loopback port over HTTP keep-alive.
It prints p50, p95, the slowest request, the status and the size of each, marks those over the budget
(p95 > 300 ms or a request > 2 s) and records the machine's load average with the figures: the machine is shared.

--plot reads walks of several scales, prints each route's p95 growth from the smallest to the largest scale and
draws p95 against fair size (booths, log scales) for the ten slowest routes of the largest scale.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from app import create_app
from bench import pages_plot
from bench.checkin_load import ROOT, _free_port
from bench.common import report
from bench.pages_walk import ROLES, HttpClient, WsgiClient, discover, log_in, prepare, walk
from bench.scale_data import SCALES, load
from core.extensions import db

SECRET = "bench-pages"
# One data key for every walk: the fair keys a walk creates are sealed with it, and a reused database needs it again.
DATA_KEY_FILE = "/tmp/pages-data.key"
BUDGET_P95_MS, BUDGET_MAX_MS = 300, 2000


def _fill(app, scale: str) -> None:
    """Empty the database and load the scale data set into it."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        load(db.session, SCALES[scale], code=f"SCALE-{scale.upper()}",
             step=lambda name, count: print(f"  {name}: {count:,} rows in {time.perf_counter() - started:.1f} s",
                                            flush=True))
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE"))
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()


def _start_gunicorn(url: str, instance: Path, timeout: int) -> tuple[subprocess.Popen, int]:
    """One sync worker on a free loopback port; a request over `timeout` seconds gets its worker killed."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(instance),
           "DATA_KEY_FILE": DATA_KEY_FILE, "LOG_LEVEL": "WARNING", "APP_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout",
                               str(timeout), "--log-level", "warning", "app:create_app()"], cwd=ROOT, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        if HttpClient(port, timeout=1).wait_until_up(1):
            return server, port
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def run(args) -> None:
    """Load (or reuse) the data, walk every route, print and save the figures."""
    url = args.postgres or f"sqlite:///{args.sqlite or f'/tmp/pages-{args.scale}.sqlite3'}"
    instance = Path(tempfile.mkdtemp(prefix="pages-instance-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "APP_ENV": "development",
                      "DATA_KEY_FILE": DATA_KEY_FILE})
    if not args.reuse:
        _fill(app, args.scale)
    with app.app_context():
        prepared = prepare(db.session, f"SCALE-{args.scale.upper()}", secret=SECRET,
                           badge_days=app.config["BADGE_LINK_DAYS_AFTER_FAIR"])
        targets = discover(app, prepared["ids"])
        if args.only:
            targets = [t for t in targets if re.search(args.only, t.label)]
        db.session.remove()
    server = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped walk still stops its gunicorn (finally)
    try:
        if args.gunicorn:
            server, port = _start_gunicorn(url, instance, args.timeout)
            clients = {role: HttpClient(port, timeout=args.timeout + 30) for role in ROLES}
        else:
            clients = {role: WsgiClient(app) for role in ROLES}
        for role in ROLES[1:]:
            log_in(clients[role], role)
        load_before = os.getloadavg()
        started = time.perf_counter()
        rows = walk(targets, clients, prepared["tokens"], repeat=args.repeat, cap=args.cap, slow=args.slow,
                    cpu=not args.gunicorn,
                    checkpoint=lambda rows: _save(args, rows, load_before, time.perf_counter() - started, True))
        seconds = time.perf_counter() - started
    finally:
        if server:
            server.send_signal(signal.SIGQUIT)  # gunicorn's quick stop: not waiting for a page of minutes
            server.wait(30)
        shutil.rmtree(instance, ignore_errors=True)
    _save(args, rows, load_before, seconds, False)


def _status(args, row: dict) -> int | str:
    """The status, or "killed" when gunicorn killed the worker at its timeout (it answers 500 or drops it)."""
    if args.gunicorn and row["status"] in (0, 500) and row["max_ms"] >= args.timeout * 1000:
        return "killed"
    return row["status"]


def _save(args, rows: list[dict], load_before: tuple, seconds: float, partial: bool) -> None:
    """Print the table and write the JSON (`partial` while the walk goes on: a long walk keeps what it has)."""
    database = "postgresql" if args.postgres else "sqlite"
    mode = "gunicorn" if args.gunicorn else "wsgi"
    timed = [r for r in rows if "status" in r]
    table = [{"route": r["route"], "role": r["role"], "status": _status(args, r), "n": r["n"], "p50_ms": r["p50_ms"],
              "p95_ms": r["p95_ms"], "max_ms": r["max_ms"],
              **({"cpu_p50_ms": r["cpu_p50_ms"], "cpu_p95_ms": r["cpu_p95_ms"]} if "cpu_p50_ms" in r else {}),
              "kb": round(r["bytes"] / 1024, 1),
              "over": "OVER" if r["p95_ms"] > BUDGET_P95_MS or r["max_ms"] > BUDGET_MAX_MS else ""} for r in timed]
    if partial:
        if args.json and table:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump({"partial": True, "scale": args.scale, "database": database, "mode": mode,
                           "booths": SCALES[args.scale]["booths"], "rows": table}, handle)
        return
    skipped = {r["route"]: r["skip"] for r in rows if "skip" in r}
    load_after = os.getloadavg()
    title = (f"Every GET route, scale {args.scale}, {database} via {mode}: {len(table)} (route, role) pairs of "
             f"{len({r['route'] for r in timed})} routes in {seconds:.0f} s; load average "
             f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")
    report(title, table, args.json, {
        "scale": args.scale, "database": database, "mode": mode, "booths": SCALES[args.scale]["booths"],
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in load_after]},
        "walk_seconds": round(seconds), "repeat": args.repeat, "cap_s": args.cap, "only": args.only,
        "skipped": skipped,
        "notes": {r["route"]: r["note"] for r in timed if r.get("note")},
        "refused": {r["route"]: r["refused"] for r in timed if r.get("refused")},
        "unprobed": {r["route"]: r["unprobed"] for r in timed if r.get("unprobed")}})
    print("skipped:")
    for route, reason in skipped.items():
        print(f"  {route}: {reason}")
    over = [r for r in table if r["over"]]
    print(f"over the budget (p95 > {BUDGET_P95_MS} ms or a request > {BUDGET_MAX_MS} ms): {len(over)}")


def main() -> None:
    """Walk the routes, or plot walks of several scales."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=tuple(SCALES), default="hanoi")
    parser.add_argument("--sqlite", help="the SQLite file to load or reuse (default /tmp/pages-<scale>.sqlite3)")
    parser.add_argument("--postgres", help="a PostgreSQL URL (emptied and loaded unless --reuse)")
    parser.add_argument("--reuse", action="store_true", help="the database already holds this scale's data")
    parser.add_argument("--gunicorn", action="store_true", help="through gunicorn over HTTP, not the test client")
    parser.add_argument("--repeat", type=int, default=10, help="requests per (route, role) at most")
    parser.add_argument("--cap", type=float, default=3.0, help="seconds per (route, role) at most (after one)")
    parser.add_argument("--slow", type=float, default=10.0,
                        help="after a first request this slow (s), a route's remaining roles are not tried")
    parser.add_argument("--timeout", type=int, default=600,
                        help="with --gunicorn, its worker timeout: a request past it is killed (status 0)")
    parser.add_argument("--only", help="walk only the routes matching this regular expression")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--plot", nargs="+", metavar="JSON", help="walks of several scales to compare")
    parser.add_argument("--png", default="bench/pages_growth.png", help="where --plot draws")
    args = parser.parse_args()
    if args.plot:
        pages_plot.growth(args.plot, args.png)
    else:
        run(args)


if __name__ == "__main__":
    main()
