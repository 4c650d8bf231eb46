"""Benchmark: a 100,000-row booth import as a job, through the API, against the same import in the request.

Run: python -m bench.imports [--rows 100000] [--postgres URL] [--json bench/imports.json]

Builds one fair with 10 halls of 300 × 300 m, writes a CSV of `--rows` booths of 3 × 3 m (10,000 a hall), then:
- "request (before)": the same table imported the old way, in the request (`POST …/booths/import` with the
  threshold raised above the file), on a second fair: the baseline, and what a gunicorn worker used to hold;
- "job": `POST …/booths/import` answers 202 at once; the job runs in a thread of this process (no Redis, the
  embedded default) while the bench polls `GET /api/v1/jobs/{id}` every 0.2 s as the page's progress bar would,
  counting the distinct progress values seen and the slowest poll.
Peak memory is the process's peak RSS (ru_maxrss) over the run, and its growth during the job.
The database is a fresh SQLite file, or `--postgres URL` (its tables are dropped and created: a throwaway one).
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from accounts.services import issue_api_token
from app import create_app
from bench.common import report
from booths.layout.models import Booth, BoothAdjacency, Hall, Zone
from core.db import utcnow
from core.extensions import db
from tests.factories import make_fair, make_user

HALLS, PER_ROW = 10, 100
COLUMNS = "code,hall,zone,x_m,y_m,width_m,depth_m,type,price_vnd"


def booth_csv(rows: int) -> bytes:
    """`rows` booths of 3 × 3 m, 10 halls, 100 to a row: a CSV as an organizer would upload it."""
    per_hall = -(-rows // HALLS)
    lines = [COLUMNS]
    for n in range(rows):
        hall, place = divmod(n, per_hall)
        lines.append(f"B{n:06d},Hall {hall},Domestic,{place % PER_ROW * 3},{place // PER_ROW * 3},3,3,standard,"
                     "12000000")
    return ("\n".join(lines) + "\n").encode()


def build_fair(session, code: str) -> int:
    """A fair with the 10 halls and one zone the CSV names."""
    fair = make_fair(session, status="open", code=code)
    session.add_all([Hall(fair_id=fair.id, name=f"Hall {h}", width_cm=30_000, depth_cm=30_000) for h in range(HALLS)])
    session.add(Zone(fair_id=fair.id, name_vi="Khu trong nước", name_en="Domestic", kind="domestic", colour="#888888"))
    session.commit()
    return fair.id


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(url: str, rows: int, way: str) -> dict:
    """Import the table one way ("request" or "job") on a fresh database at `url`; the figures."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "REDIS_URL": "",
                      "APP_ENV": "development", "DATA_KEY_FILE": str(Path(tempfile.mkdtemp()) / "data.key")})
    data = booth_csv(rows)
    with app.app_context():
        db.drop_all()
        db.create_all()
        token = issue_api_token(db.session, make_user(db.session, role="organizer"), "bench", now=utcnow())
        db.session.commit()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
        client = app.test_client()
        fair_id = build_fair(db.session, "BENCH-IMPORT")
        app.config["IMPORT_BACKGROUND_ROWS"] = rows + 1 if way == "request" else 2000
        memory = peak_mb()
        start = time.perf_counter()
        response = client.post(f"/api/v1/fairs/{fair_id}/booths/import", data=data, headers=headers)
        answered = time.perf_counter() - start
        seen, polls, slowest = [], 0, 0.0
        if way == "request":
            assert response.status_code == 201, response.get_data(as_text=True)[:500]
        else:
            assert response.status_code == 202, response.get_data(as_text=True)[:500]
            while True:
                time.sleep(0.2)
                poll_start = time.perf_counter()
                state = client.get(response.headers["Location"], headers=headers).get_json()
                slowest, polls = max(slowest, time.perf_counter() - poll_start), polls + 1
                if not seen or seen[-1] != state["progress"]:
                    seen.append(state["progress"])
                if state["status"] in ("done", "failed"):
                    break
            assert state["status"] == "done", state
            for thread in app.extensions.get("job_threads", []):
                thread.join()
        total = time.perf_counter() - start
        created = db.session.scalar(sa.select(sa.func.count()).select_from(Booth).where(Booth.fair_id == fair_id))
        pairs = db.session.scalar(sa.select(sa.func.count()).select_from(BoothAdjacency))
        assert created == rows, created
        engine = db.engine.dialect.name
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return {"database": engine, "way": "in the request (before)" if way == "request" else "job (after)",
            "rows": rows, "pairs": pairs, "request_s": round(answered, 2), "total_s": round(total, 2),
            "polls": polls, "progress_values": len(seen), "slowest_poll_ms": round(slowest * 1000),
            "peak_rss_mb": round(peak_mb()), "rss_growth_mb": round(peak_mb() - memory), "progress_seen": seen}


def main() -> None:
    """Import both ways, each in a process of its own (so peak memory is its own), print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, help="a throwaway PostgreSQL database URL")
    parser.add_argument("--json", default=None)
    parser.add_argument("--one", nargs=2, metavar=("URL", "WAY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one[0], args.rows, args.one[1])))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{Path(folder) / 'imports.sqlite3'}"] + ([args.postgres] if args.postgres else [])
        for url in urls:
            for way in ("request", "job"):
                done = subprocess.run([sys.executable, "-m", "bench.imports", "--rows", str(args.rows), "--one",
                                       url, way], capture_output=True, text=True)
                if done.returncode:
                    sys.exit(f"{way} on {url}: failed\n{done.stderr[-3000:]}")
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seen = {f"{row['database']} {row['way']}": row.pop("progress_seen") for row in rows}
    report(f"Booth import of {args.rows:,} rows: in the request (before) and as a job (after)", rows, args.json,
           {"progress_seen": seen})


if __name__ == "__main__":
    main()
