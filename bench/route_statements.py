"""Where one route's time goes: each SQL statement of a request with its time, slowest first.

Run: APP_ENV=development python -m bench.route_statements --sqlite /tmp/scale.sqlite3 --scale canton \
         --role organizer '/applications/{application_id}' ['/fairs/{fair_id}/results' …] [--explain]

The scale data must be loaded (bench.scale_data); paths take the page walk's ids (`{fair_id}`, `{code}`,
`{application_id}`, `{hall_id}` …). Each path is requested through the test client as the role (a page through
a logged-in session, `/api/v1` with a bearer token), once to warm up and then `--repeat` times; the last
request's statements are printed with their time, and with `--explain` their query plan (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL).
"""

import argparse
import re
import time

import sqlalchemy as sa

from app import create_app
from bench.pages import DATA_KEY_FILE, SECRET
from bench.pages_walk import WsgiClient, log_in, prepare
from core.extensions import db


def profile(app, path: str, role: str, token: str | None, *, repeat: int, explain: bool) -> None:
    """Request `path` as `role`; print the wall times and the last request's statements, slowest first."""
    client = WsgiClient(app)
    if role != "anonymous" and not path.startswith("/api/"):
        log_in(client, role)
    headers = {"Authorization": f"Bearer {token}"} if token and path.startswith("/api/") else {}
    statements: list[list] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append([(time.perf_counter() - conn.info["bench_started"]) * 1000, statement, parameters])

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        times = []
        for _ in range(repeat + 1):
            statements.clear()
            started = time.perf_counter()
            status, size, _location = client.get(path, headers)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    times = sorted(times[1:])
    print(f"\n== {path} as {role}: status {status}, {size / 1024:.1f} kB, p50 {times[len(times) // 2]:.1f} ms, "
          f"max {times[-1]:.1f} ms; {len(statements)} statements, {sum(s[0] for s in statements):.1f} ms in SQL")
    for ms, statement, parameters in sorted(statements, key=lambda s: -s[0])[:8]:
        flat = re.sub(r"\s+", " ", statement)[:400]
        print(f"  {ms:8.1f} ms  {flat}  {str(parameters)[:120]}")
        if explain and ms >= 1:
            with engine.connect() as connection:
                prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
                for line in connection.exec_driver_sql(prefix + statement, parameters).all():
                    print("             |", line[-1])


def main() -> None:
    """Profile the paths given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--scale", default="canton")
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--role", default="organizer")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    url = args.postgres or f"sqlite:///{args.sqlite}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "APP_ENV": "development",
                      "DATA_KEY_FILE": DATA_KEY_FILE})
    with app.app_context():
        prepared = prepare(db.session, f"SCALE-{args.scale.upper()}", secret=SECRET,
                           badge_days=app.config["BADGE_LINK_DAYS_AFTER_FAIR"])
        db.session.remove()
    ids = prepared["ids"]
    for path in args.paths:
        profile(app, path.format(**ids), args.role, prepared["tokens"].get(args.role), repeat=args.repeat,
                explain=args.explain)


if __name__ == "__main__":
    main()
