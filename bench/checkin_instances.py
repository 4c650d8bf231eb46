"""Benchmark: gate check-ins through one app instance against two, on one database, same run.

Run: python -m bench.checkin_instances --postgres postgresql://user@host:port/db [--workers 2] [--clients 16]
                                       [--seconds 20] [--rounds 5] [--json bench/checkin_instances.json]

Builds the fair of `bench.checkin_load` (3,000 visitors, a staff token) in an empty PostgreSQL database, starts two
gunicorn instances of `--workers` workers each (separate processes on their own ports, as two app servers behind
a load balancer), then alternates windows of check-ins sent by `--clients` keep-alive clients
  1. all to instance A (one app server: the baseline), and
  2. spread over A and B (two app servers),
so both meet the same noise of a shared machine. It reports requests per second and latencies of each, and
checks that the "admitted" answers equal the admission rows: zero double admissions across the instances.
On one machine both instances share its cores, so the figure shows what a second server costs or brings
there, not the scaling of two machines.
"""

import argparse
import json
import subprocess
import tempfile
import uuid
from pathlib import Path

import sqlalchemy as sa

from bench.checkin_load import load, prepare, start_server, summarise
from bench.common import report


def _stop(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=30)


def run(database_url: str, workers: int, clients: int, seconds: float, rounds: int) -> list[dict]:
    """Prepare, serve two instances, alternate one-instance and two-instance windows, verify admissions."""
    instance = Path(tempfile.mkdtemp(prefix="bench-instances-"))
    data = prepare(database_url, instance)
    servers, ports = [], []
    try:
        for _ in range(2):
            server, port = start_server(database_url, instance, workers)
            servers.append(server)
            ports.append(port)
        headers = {"Authorization": f"Bearer {data['token']}", "Content-Type": "application/json"}
        path = f"/api/v1/fairs/{data['fair_id']}/checkins"

        def checkin(rng):
            body = json.dumps({"code": rng.choice(data["codes"]), "gate": f"Gate {rng.randrange(4)}",
                               "nonce": uuid.uuid4().hex})
            return "POST", path, body, headers

        one, two = [], []
        for window in range(rounds):
            one.append(load(ports[0], clients, seconds / rounds, checkin, window))
            two.append(load(ports, clients, seconds / rounds, checkin, rounds + window))
    finally:
        _stop(servers)
    for parts in (one, two):  # summarise counts CPU per request; this bench does not measure it
        for part in parts:
            part["server_cpu"] = part["client_cpu"] = 0.0
    single, double = summarise(one), summarise(two)
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        admissions = connection.scalar(sa.text("SELECT count(*) FROM admission"))
        doubles = connection.scalar(sa.text(
            "SELECT count(*) FROM (SELECT visitor_id, day FROM admission GROUP BY visitor_id, day "
            "HAVING count(*) > 1) AS twice"))
    engine.dispose()
    admitted = single["answers"].get("admitted", 0) + double["answers"].get("admitted", 0)
    rows = []
    for label, result in ((f"1 instance x {workers} workers (baseline)", single),
                          (f"2 instances x {workers} workers", double)):
        rows.append({"setup": label, "rps": result["rps"], "p50_ms": result["p50_ms"], "p99_ms": result["p99_ms"],
                     "errors": result["errors"], "notes": ""})
    rows[1]["notes"] = (f"{round(double['rps'] / single['rps'], 2)} x one instance; admission rows {admissions} = "
                        f"'admitted' answers {admitted}; double admissions {doubles}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", required=True, help="URL of an empty PostgreSQL database to use")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    url = args.postgres.replace("postgresql://", "postgresql+psycopg://", 1)
    rows = run(url, args.workers, args.clients, args.seconds, args.rounds)
    report(f"Check-in through one app instance and through two: gunicorn {args.workers} sync workers each, "
           f"{args.clients} clients, {args.seconds:g} s each, PostgreSQL", rows, args.json,
           extra={"workers": args.workers, "clients": args.clients, "seconds": args.seconds, "rounds": args.rounds})


if __name__ == "__main__":
    main()
