"""Benchmark: gate check-ins under load, against a trivial endpoint of the same app, same run.

Run: python -m bench.checkin_load [--workers 2] [--worker-class sync|gthread] [--threads N]
                                  [--clients 16] [--seconds 10] [--rounds 5]
                                  [--postgres postgresql://user@host:port/db] [--json bench/checkin_load.json]

For each database (SQLite always; PostgreSQL when --postgres names an empty database it may fill):
builds a fair with 3,000 visitors and a staff token, starts gunicorn with N workers on a free
loopback port, then 16 client threads with keep-alive connections send, in --rounds alternating
windows that add up to --seconds for each (so both meet the same noise of a shared machine):
  1. GET /healthz (the baseline: the same app and server doing nothing), and
  2. POST /api/v1/fairs/{id}/checkins with random badges of the fair, each scan a new nonce
     (so first entries and "already admitted" both occur, and many scans hit the same badge at once).
It reports requests per second, latency percentiles and the CPU time per request of the server
(gunicorn's processes) and of the client process, and checks that the number of "admitted"
answers equals the admission rows: zero double admissions. With PostgreSQL, the database server's
own CPU is not counted in those figures.
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from accounts.services import issue_api_token
from app import create_app
from bench.common import report
from core.db import utcnow
from core.extensions import db
from tests.factories import assign_gate_staff, make_fair, make_user
from visitors.services import badge_code, current_badge, register_visitor

ROOT = Path(__file__).resolve().parents[1]
VISITORS = 3000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str, instance: Path) -> dict:
    """Schema, a running fair with visitors and a staff token; returns what the clients need."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "DATA_KEY_FILE": str(instance / "data.key"),
                      "SECRET_KEY": "bench-secret", "APP_ENV": "development"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        # Open today whatever the time zone (a scan outside the fair's days is refused before the badge lookup),
        # and the staff assigned to it (checked on every scan, from a per-process cache).
        fair = make_fair(db.session, status="running", code=f"LOAD-{uuid.uuid4().hex[:6]}".upper(),
                         starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=2),
                         application_deadline=None)
        staff = assign_gate_staff(db.session, make_user(db.session, role="staff"), fair)
        codes = []
        for number in range(VISITORS):
            visitor, _created = register_visitor(db.session, fair, {
                "full_name": f"Load {number}", "email": f"load{number}@bench.vn", "country": "JP",
                "visitor_type": "visitor"}, source="desk", actor=None, now=utcnow())
            codes.append(badge_code(db.session, current_badge(db.session, visitor), now=utcnow()))
        token = issue_api_token(db.session, staff, "bench", now=utcnow())
        db.session.commit()
        fair_id = fair.id
        db.engine.dispose()
    return {"fair_id": fair_id, "codes": codes, "token": token}


def start_server(database_url: str, instance: Path, workers: int, worker_class: str = "sync",
                 threads: int = 1) -> tuple[subprocess.Popen, int]:
    """gunicorn on a free loopback port (the baseline and the check-ins share it); waits until /healthz answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench-secret",
           "DATA_KEY_FILE": str(instance / "data.key"), "LOG_LEVEL": "WARNING", "APP_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", worker_class,
                               "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                               "app:create_app()"], cwd=ROOT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def load(port: int | list[int], clients: int, seconds: float, make_request, seed: int = 0) -> dict:
    """`clients` threads, each with one keep-alive connection, for `seconds`: throughput and latencies (with
    several ports, as behind a load balancer, client n talks to port n modulo their number)."""
    ports = port if isinstance(port, list) else [port]
    latencies: list[float] = []
    answers: dict[str, int] = {}
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)  # each window draws other badges
        mine_port = ports[number % len(ports)]
        connection = http.client.HTTPConnection("127.0.0.1", mine_port, timeout=10)
        mine, my_answers = [], {}
        while time.perf_counter() < stop_at:
            method, path, body, headers = make_request(rng)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", mine_port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                errors[0] += 1
            elif path.endswith("/checkins"):
                result = json.loads(data)["result"]
                my_answers[result] = my_answers.get(result, 0) + 1
        with lock:
            latencies.extend(mine)
            for key, value in my_answers.items():
                answers[key] = answers.get(key, 0) + value

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "elapsed": time.perf_counter() - started, "errors": errors[0],
            "answers": answers}


def summarise(parts: list[dict]) -> dict:
    """Throughput and latency percentiles of the windows of one endpoint, taken together."""
    latencies = sorted(latency for part in parts for latency in part["latencies"])
    elapsed = sum(part["elapsed"] for part in parts)
    answers: dict[str, int] = {}
    for part in parts:
        for key, value in part["answers"].items():
            answers[key] = answers.get(key, 0) + value

    def percentile(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2) if latencies else 0.0

    requests = len(latencies)
    cpu = {key: round(sum(part[key] for part in parts) * 1e6 / requests) if requests else 0
           for key in ("server_cpu", "client_cpu")}
    return {"requests": requests, "rps": round(requests / elapsed, 1) if elapsed else 0.0,
            "p50_ms": percentile(0.50), "p99_ms": percentile(0.99),
            "mean_ms": round(statistics.mean(latencies) * 1000, 2) if latencies else 0,
            "errors": sum(part["errors"] for part in parts), "answers": answers,
            "server_cpu_us": cpu["server_cpu"], "client_cpu_us": cpu["client_cpu"]}


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children (gunicorn's master and workers), via /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process in [pid, *map(int, children)]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0  # not Linux: no CPU figures


def measured(server: subprocess.Popen, port: int, clients: int, seconds: float, make_request, seed: int) -> dict:
    """One window of `load`, with the CPU the server and this client process spent in it."""
    server_before, client_before = _cpu_seconds(server.pid), time.process_time()
    part = load(port, clients, seconds, make_request, seed)
    part["server_cpu"] = _cpu_seconds(server.pid) - server_before
    part["client_cpu"] = time.process_time() - client_before
    return part


def run_database(name: str, database_url: str, workers: int, clients: int, seconds: float,
                 worker_class: str = "sync", threads: int = 1, rounds: int = 5) -> list[dict]:
    """Prepare, serve, measure baseline and check-ins, verify no double admission."""
    instance = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    data = prepare(database_url, instance)
    server, port = start_server(database_url, instance, workers, worker_class, threads)
    try:
        headers = {"Authorization": f"Bearer {data['token']}", "Content-Type": "application/json"}
        path = f"/api/v1/fairs/{data['fair_id']}/checkins"
        hot = data["codes"][:300]  # a busy gate: the same badges come back, so 'already admitted' happens

        def checkin(rng):
            body = json.dumps({"code": rng.choice(hot if rng.random() < 0.5 else data["codes"]),
                               "gate": f"Gate {rng.randrange(4)}", "nonce": uuid.uuid4().hex})
            return "POST", path, body, headers

        # Short windows of each, alternating, so both endpoints meet the same noise of a shared machine.
        baseline_parts, checkin_parts = [], []
        for window in range(rounds):
            baseline_parts.append(measured(server, port, clients, seconds / rounds,
                                           lambda rng: ("GET", "/healthz", None, {}), window))
            checkin_parts.append(measured(server, port, clients, seconds / rounds, checkin, window))
        baseline, checkins = summarise(baseline_parts), summarise(checkin_parts)
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        admissions = connection.scalar(sa.text("SELECT count(*) FROM admission"))
        doubles = connection.scalar(sa.text(
            "SELECT count(*) FROM (SELECT visitor_id, day FROM admission GROUP BY visitor_id, day "
            "HAVING count(*) > 1) AS twice"))
    engine.dispose()
    admitted_answers = checkins["answers"].get("admitted", 0)
    return [{"database": name, "endpoint": "GET /healthz (baseline)", "rps": baseline["rps"],
             "p50_ms": baseline["p50_ms"], "p99_ms": baseline["p99_ms"], "errors": baseline["errors"],
             "server_cpu_us": baseline["server_cpu_us"], "client_cpu_us": baseline["client_cpu_us"], "notes": ""},
            {"database": name, "endpoint": "POST checkins", "rps": checkins["rps"], "p50_ms": checkins["p50_ms"],
             "p99_ms": checkins["p99_ms"], "errors": checkins["errors"],
             "server_cpu_us": checkins["server_cpu_us"], "client_cpu_us": checkins["client_cpu_us"],
             "notes": (f"{round(checkins['rps'] / baseline['rps'], 2)} x baseline; answers {checkins['answers']}; "
                       f"admission rows {admissions} = 'admitted' answers {admitted_answers}; "
                       f"double admissions {doubles}")}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="alternating windows of baseline and check-ins")
    parser.add_argument("--postgres", default=None, help="URL of an empty PostgreSQL database to use")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    sqlite_url = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-sqlite-")) / "load.sqlite3")
    serving = (args.worker_class, args.threads, args.rounds)
    rows = run_database("SQLite", sqlite_url, args.workers, args.clients, args.seconds, *serving)
    if args.postgres:
        url = args.postgres.replace("postgresql://", "postgresql+psycopg://", 1)
        rows += run_database("PostgreSQL", url, args.workers, args.clients, args.seconds, *serving)
    report(f"Check-in under load: gunicorn {args.workers} {args.worker_class} workers"
           f"{f' of {args.threads} threads' if args.worker_class == 'gthread' else ''}, {args.clients} clients, "
           f"{args.seconds:g} s each", rows, args.json,
           extra={"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads,
                  "clients": args.clients, "seconds": args.seconds, "rounds": args.rounds})


if __name__ == "__main__":
    main()
