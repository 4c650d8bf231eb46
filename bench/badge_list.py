"""Benchmark: the badge list a gate scanner keeps on the phone, for a fair of 200,000 visitors.

Run: python -m bench.badge_list [--visitors 200000] [--changes 1000] [--runs 3] [--no-browser]
                                [--json bench/badge_list.json]

It builds one running fair (SQLite, a temporary file) with `--visitors` visitors and badges (Vietnamese names,
organisations drawn from 8,000 delegations, 40 % without one, 1 % of the badges revoked), serves the app on a
loopback port and times, through HTTP with a bearer token:
  - baseline: the whole list (GET /api/v1/fairs/{id}/badges) built afresh, its size raw and gzipped;
  - the whole list again while nothing changed (the process keeps it per fair and ETag);
  - 304: the same request with If-None-Match (nothing changed);
  - delta: `since=<cursor>` after `--changes` badges were revoked or corrected.
Then, unless --no-browser, in Chromium (the scanner page itself, logged in as gate staff): the first load until
the whole list is in IndexedDB, the storage the origin then uses (navigator.storage.estimate), and a reload until
the list is read back from IndexedDB (what opening the scanner offline costs).
"""

import argparse
import gzip
import json
import logging
import random
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from werkzeug.serving import make_server

from accounts.services import issue_api_token
from app import create_app
from bench.common import best_of, report
from core.db import utcnow
from core.extensions import db
from tests.factories import TEST_PASSWORD, assign_gate_staff, make_fair, make_user
from visitors.badge_list import forget_badge_lists
from visitors.models import Badge, Visitor
from visitors.services import fair_key

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam",
         "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]
TYPES = ["trade_buyer", "visitor", "press", "vip", "exhibitor_staff"]


def build(session, visitors: int, rng: random.Random) -> tuple[int, str]:
    """One running fair with `visitors` badged visitors and an assigned gate staff; (fair id, staff e-mail)."""
    now = utcnow()
    fair = make_fair(session, status="running", code=f"BL-{uuid.uuid4().hex[:6]}".upper(),
                     starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=3),
                     application_deadline=None)
    email = f"bench-gate-{uuid.uuid4().hex[:6]}@example.vn"
    assign_gate_staff(session, make_user(session, role="staff", email=email), fair)
    fair_key(session, fair, now=now)
    organisations = [f"Công ty TNHH {rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}" for i in range(8000)]
    for start in range(0, visitors, 20000):
        count = min(20000, visitors - start)
        session.execute(sa.insert(Visitor), [
            {"fair_id": fair.id, "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
             "organisation": rng.choice(organisations) if rng.random() < 0.6 else None,
             "email": f"v{start + i}@example.vn", "country": "VN", "province": "Hà Nội",
             "visitor_type": rng.choice(TYPES), "sectors": [], "source": "import", "created_at": now}
            for i in range(count)])
    ids = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id)))
    serials = rng.sample(range(1, 2**48), len(ids))
    for start in range(0, len(ids), 20000):
        session.execute(sa.insert(Badge), [
            {"fair_id": fair.id, "visitor_id": v, "serial": s, "issued_at": now,
             "revoked_at": now if rng.random() < 0.01 else None, "changed_at": now - timedelta(hours=1)}
            for v, s in zip(ids[start:start + 20000], serials[start:start + 20000], strict=True)])
    session.commit()
    return fair.id, email


def _get(url: str, token: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", **(headers or {})})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:  # 304 comes as an "error"
        return error.code, error.read(), dict(error.headers)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def http_rows(base: str, app, fair_id: int, token: str, changes: int, runs: int) -> list[dict]:
    """The full list, a 304 and a delta over HTTP."""
    url = f"{base}/api/v1/fairs/{fair_id}/badges"

    def built():
        forget_badge_lists()
        return _get(url, token)

    best, median, (status, body, headers) = best_of(runs, built)
    assert status == 200
    full = json.loads(body)
    gzipped = len(gzip.compress(body, 6))
    rows = [{"measure": "baseline: whole list, built (200)", "best": _ms(best), "median": _ms(median),
             "× baseline": "1", "size": _mb(len(body)), "gzip": _mb(gzipped), "badges": len(full["badges"])}]
    base_median = median
    best, median, (status, body, headers) = best_of(runs, lambda: _get(url, token))
    rows.append({"measure": "whole list, kept by the process (200)", "best": _ms(best), "median": _ms(median),
                 "× baseline": f"{median / base_median:.3f}", "size": _mb(len(body)), "gzip": _mb(gzipped),
                 "badges": len(full["badges"])})
    etag = headers["ETag"]
    best, median, (status, body, _h) = best_of(runs, lambda: _get(url, token, {"If-None-Match": etag}))
    assert status == 304
    rows.append({"measure": "unchanged (If-None-Match: 304)", "best": _ms(best), "median": _ms(median),
                 "× baseline": f"{median / base_median:.3f}", "size": "0", "gzip": "0", "badges": 0})
    with app.app_context():
        touched = list(db.session.scalars(sa.select(Badge).where(Badge.fair_id == fair_id).limit(changes)))
        for index, badge in enumerate(touched):
            if index % 2:
                badge.revoked_at = utcnow()
            else:
                badge.visitor.full_name += " (sửa)"
        db.session.commit()
    since = urllib.parse.quote(full["cursor"])
    best, median, (status, body, _h) = best_of(runs, lambda: _get(f"{url}?since={since}", token,
                                                                   {"If-None-Match": etag}))
    delta = json.loads(body)
    assert status == 200 and len(delta["badges"]) == changes, (status, len(delta["badges"]))
    rows.append({"measure": f"delta after {changes} changes (since=cursor)", "best": _ms(best),
                 "median": _ms(median), "× baseline": f"{median / base_median:.3f}", "size": _mb(len(body)),
                 "gzip": _mb(len(gzip.compress(body, 6))), "badges": len(delta["badges"])})
    return rows


def browser_rows(base: str, fair_id: int, email: str, visitors: int) -> list[dict]:
    """The scanner page in Chromium: the whole list into IndexedDB, the storage used, a reload from IndexedDB."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return []
    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 390, "height": 844})
        context.set_default_timeout(120_000)
        page = context.new_page()
        page.goto(f"{base}/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"**/fairs/{fair_id}/scan")
        page.locator(f"[data-scanner][data-badge-list='{visitors}']").wait_for(state="attached")
        page.evaluate("""() => new Promise((resolve) => {
          const request = indexedDB.deleteDatabase("gate-scanner");
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        })""")  # an empty phone again: the timed load fetches the whole list
        forget_badge_lists()  # and the server builds it
        start = time.perf_counter()
        page.reload()
        page.locator(f"[data-scanner][data-badge-list='{visitors}']").wait_for(state="attached")
        first = time.perf_counter() - start
        page.wait_for_timeout(1000)  # let IndexedDB settle before measuring it
        usage = page.evaluate("navigator.storage.estimate().then((e) => e.usageDetails || {usage: e.usage})")
        stored = usage.get("indexedDB", usage.get("usage", 0))
        rows.append({"measure": "scanner: first load (list built, fetched, parsed, into IndexedDB)",
                     "time": _ms(first),
                     "on the phone": _mb(stored)})
        context.set_offline(True)
        start = time.perf_counter()
        page.reload()
        page.locator(f"[data-scanner][data-badge-list='{visitors}']").wait_for(state="attached")
        rows.append({"measure": "scanner: reload offline, list read from IndexedDB",
                     "time": _ms(time.perf_counter() - start), "on the phone": _mb(stored)})
        context.close()
    return rows


def main() -> None:
    """Build the fair, measure, print and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=200_000)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    rng = random.Random(23)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "bench",
                          "DATA_KEY_FILE": str(Path(folder) / "data.key"), "WTF_CSRF_ENABLED": True})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            fair_id, email = build(db.session, args.visitors, rng)
            token = issue_api_token(db.session, make_user(db.session, role="organizer"), "bench", now=utcnow())
            db.session.commit()
            print(f"built {args.visitors} badges in {time.perf_counter() - started:.1f} s")
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            browser = [] if args.no_browser else browser_rows(base, fair_id, email, args.visitors)
            rows = http_rows(base, app, fair_id, token, args.changes, args.runs)
        finally:
            server.shutdown()
            thread.join(timeout=5)
            with app.app_context():
                db.engine.dispose()
    report(f"Badge list, {args.visitors} badges, HTTP on loopback ({args.runs} runs)", rows, None)
    if browser:
        report("Badge list in Chromium (the scanner page)", browser, None)
    if args.json:
        report("Badge list", rows, args.json, {"visitors": args.visitors, "changes": args.changes,
                                               "browser": browser})


if __name__ == "__main__":
    main()
