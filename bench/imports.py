"""Benchmark: 100,000-row imports as jobs (booths, visitors, delegations, grants), booths also in the request.

Run: python -m bench.imports [--kind booths|visitors|delegations|grants] [--rows 100000] [--postgres URL]
     [--json bench/imports.json]

`--kind booths` (the default) is described below; the other kinds run only as a job, the same way, each through
the door an organizer uses: grants through `POST /api/v1/support/programmes/{id}/grants/import` (10 rows for each
of rows/10 enterprises on file, a national programme whose budget they fit), visitors through the fair's import
page (`POST /fairs/{id}/visitors/import`, one new buyer a row, each with a badge), delegations through the fair's
applications import page (`POST /fairs/{id}/applications/import`, one new enterprise and application a row,
named by a tax code); the pages answer 303 to `?job=`, and the bench follows the same `GET /api/v1/jobs/{id}`.

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
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from stdnum.vn import mst

from accounts.services import issue_api_token
from app import create_app
from bench.common import report
from booths.applications.models import BoothApplication
from booths.layout.models import Booth, BoothAdjacency, Hall, Zone
from core.db import utcnow
from core.extensions import db
from enterprises.models import Enterprise
from support.models import SupportGrant
from support.services import create_programme
from tests.factories import TEST_PASSWORD, make_fair, make_user
from visitors.models import Badge

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


def tax_codes(count: int) -> list[str]:
    """`count` valid, distinct Vietnamese tax codes (10 digits, the last a check digit)."""
    codes, base = [], 10_100_000
    while len(codes) < count:
        code = f"0{base}{mst.calc_check_digit(f'0{base}')}"
        if mst.is_valid(code):
            codes.append(code)
        base += 1
    return codes


def grant_file(session, rows: int) -> tuple[str, bytes]:
    """Rows/10 enterprises on file and a programme; its import URL and a file of 10 grants for each enterprise."""
    now = utcnow()
    codes = tax_codes(-(-rows // 10))
    session.add_all([Enterprise(legal_name=f"Công ty Bench {n}", kind="enterprise", country="VN", province="Hà Nội",
                                sector="handicraft", tax_code=code, created_at=now, updated_at=now)
                     for n, code in enumerate(codes)])
    fair = make_fair(session, status="open", code="BENCH-GRANTS")
    programme = create_programme(session, {"name": "Bench", "level": "national", "year": 2026,
                                           "decision_ref": "1/QĐ-BCT", "decision_date": "2026-01-05",
                                           "budget_vnd": 10**15}, actor=None, now=now)
    session.commit()
    statuses, contents = ("approved", "planned", "disbursed"), ("training", "travel", "booth_fee")
    lines = ["tax_code,content,amount_vnd,fair_code,status"] + [
        f"{codes[n // 10]},{contents[n % 3]},{1_000_000 + n},{fair.code if n % 2 else ''},{statuses[n % 3]}"
        for n in range(rows)]
    return f"/api/v1/support/programmes/{programme.id}/grants/import", ("\n".join(lines) + "\n").encode()


def visitor_file(session, rows: int) -> tuple[str, bytes]:
    """An open fair; its import page and a file of one new trade buyer a row."""
    fair = make_fair(session, status="open", code="BENCH-VISITORS")
    session.commit()
    lines = ["full_name,email,country,province,visitor_type,organisation"] + [
        f"Nguyễn Văn {n},buyer{n:06d}@example.vn,VN,Hà Nội,trade_buyer,Công ty Mua {n % 500}" for n in range(rows)]
    return f"/fairs/{fair.id}/visitors/import", ("\n".join(lines) + "\n").encode()


def delegation_file(session, rows: int) -> tuple[str, bytes]:
    """A fair taking applications; its import page and a file of one new enterprise (with a tax code) a row."""
    fair = make_fair(session, status="open", code="BENCH-DELEGATIONS")
    session.commit()
    lines = ["name,kind,country,province,sector,booths_requested,tax_code"] + [
        f"Công ty Đoàn {n},enterprise,VN,Hà Nội,handicraft,{1 + n % 2},{code}"
        for n, code in enumerate(tax_codes(rows))]
    return f"/fairs/{fair.id}/applications/import", ("\n".join(lines) + "\n").encode()


FILES = {"grants": grant_file, "visitors": visitor_file, "delegations": delegation_file}
COUNTS = {"booths": lambda fair_id: sa.select(sa.func.count()).select_from(Booth).where(Booth.fair_id == fair_id),
          "grants": lambda _id: sa.select(sa.func.count()).select_from(SupportGrant),
          "visitors": lambda _id: sa.select(sa.func.count()).select_from(Badge),
          "delegations": lambda _id: sa.select(sa.func.count()).select_from(BoothApplication)}


def post(client, kind: str, url: str, data: bytes, headers: dict):
    """The upload as an organizer sends it: the API's CSV body, or the import page's form with the file."""
    if kind in ("booths", "grants"):
        return client.post(url, data=data, headers=headers)
    return client.post(url, data={"file": (io.BytesIO(data), f"{kind}.csv")}, content_type="multipart/form-data")


def job_url(kind: str, response) -> str:
    """Where the job started by the upload is followed: the 202's Location, or the job of the page's 303."""
    if kind in ("booths", "grants"):
        assert response.status_code == 202, response.get_data(as_text=True)[:500]
        return response.headers["Location"]
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return f"/api/v1/jobs/{parse_qs(urlsplit(response.headers['Location']).query)['job'][0]}"


def run(url: str, rows: int, way: str, kind: str = "booths") -> dict:
    """Import `kind`'s table one way ("request" or "job") on a fresh database at `url`; the figures."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "REDIS_URL": "",
                      "APP_ENV": "development", "WTF_CSRF_ENABLED": False,
                      "DATA_KEY_FILE": str(Path(tempfile.mkdtemp()) / "data.key")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        organizer = make_user(db.session, role="organizer")
        token = issue_api_token(db.session, organizer, "bench", now=utcnow())
        db.session.commit()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
        client = app.test_client()
        if kind == "booths":
            fair_id = build_fair(db.session, "BENCH-IMPORT")
            target, data = f"/api/v1/fairs/{fair_id}/booths/import", booth_csv(rows)
        else:
            fair_id = None
            target, data = FILES[kind](db.session, rows)
            assert client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD}).status_code == 302
            db.session.remove()  # the enterprises made for the grants file: not the import's memory
        app.config["IMPORT_BACKGROUND_ROWS"] = rows + 1 if way == "request" else 2000
        memory = peak_mb()
        start = time.perf_counter()
        response = post(client, kind, target, data, headers)
        answered = time.perf_counter() - start
        seen, polls, slowest, refused = [], 0, 0.0, []
        if way == "request":
            assert response.status_code == 201, response.get_data(as_text=True)[:500]
        else:
            location = job_url(kind, response)
            while True:
                time.sleep(0.2)
                poll_start = time.perf_counter()
                answer = client.get(location, headers=headers)
                slowest, polls = max(slowest, time.perf_counter() - poll_start), polls + 1
                if answer.status_code != 200:  # e.g. 503 "database is locked": what the progress bar would show
                    refused.append(answer.status_code)
                    continue
                state = answer.get_json()
                if not seen or seen[-1] != state["progress"]:
                    seen.append(state["progress"])
                if state["status"] in ("done", "failed"):
                    break
            assert state["status"] == "done", str(state)[:2000]
            for thread in app.extensions.get("job_threads", []):
                thread.join()
        total = time.perf_counter() - start
        created = db.session.scalar(COUNTS[kind](fair_id))
        pairs = db.session.scalar(sa.select(sa.func.count()).select_from(BoothAdjacency))
        assert created == rows, created
        engine = db.engine.dialect.name
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return {"database": engine, "way": "in the request (before)" if way == "request" else "job (after)",
            "rows": rows, "pairs": pairs, "request_s": round(answered, 2), "total_s": round(total, 2),
            "polls": polls, "progress_values": len(seen), "slowest_poll_ms": round(slowest * 1000),
            "peak_rss_mb": round(peak_mb()), "rss_growth_mb": round(peak_mb() - memory), "progress_seen": seen,
            "refused_polls": refused}


def main() -> None:
    """Import both ways, each in a process of its own (so peak memory is its own), print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("booths", *FILES), default="booths")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, help="a throwaway PostgreSQL database URL")
    parser.add_argument("--json", default=None)
    parser.add_argument("--one", nargs=2, metavar=("URL", "WAY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one[0], args.rows, args.one[1], args.kind)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{Path(folder) / 'imports.sqlite3'}"] + ([args.postgres] if args.postgres else [])
        for url in urls:
            for way in ("request", "job") if args.kind == "booths" else ("job",):
                done = subprocess.run([sys.executable, "-m", "bench.imports", "--kind", args.kind, "--rows",
                                       str(args.rows), "--one", url, way], capture_output=True, text=True)
                if done.returncode:
                    sys.exit(f"{way} on {url}: failed\n{done.stderr[-3000:]}")
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seen = {f"{row['database']} {row['way']}": row.pop("progress_seen") for row in rows}
    refused = {f"{row['database']} {row['way']}": row.pop("refused_polls") for row in rows}
    title = (f"Booth import of {args.rows:,} rows: in the request (before) and as a job (after)"
             if args.kind == "booths" else f"{args.kind.title()} import of {args.rows:,} rows as a job")
    report(title, rows, args.json, {"progress_seen": seen, "refused_polls": refused})


if __name__ == "__main__":
    main()
