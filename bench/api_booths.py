"""Benchmark: GET /api/v1/fairs/{id}/booths of a 50,000-booth fair, a page at a time, against a count.

Run: python -m bench.api_booths [--booths 50000] [--runs 7] [--json bench/api_booths.json]

Builds one fair (SQLite) with `--booths` booths in 10 halls, a tenth of them assigned and a hundredth blocked, and
times through the app (auth, filters, serialization included): the first page, a page in the middle, a page of
1,000, a filtered page (one hall, available booths), against the baseline SELECT count(*) of the fair's booths.
Before pagination the same request answered every booth: 13 s and 10 MB for 50,000.
"""

import argparse
import tempfile
from pathlib import Path

import sqlalchemy as sa

from accounts.services import issue_api_token
from app import create_app
from bench.common import best_of, report
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth, Hall, Zone
from core.db import utcnow
from core.extensions import db
from tests.factories import make_enterprise, make_fair, make_user


def build(session, booths: int) -> int:
    """One fair with `booths` booths; returns its id."""
    now = utcnow()
    fair = make_fair(session, status="running", code="BENCH-BOOTHS")
    halls = [Hall(fair_id=fair.id, name=f"Hall {h}", width_cm=200_000, depth_cm=200_000) for h in range(10)]
    zone = Zone(fair_id=fair.id, name_vi="Khu trong nước", name_en="Domestic", kind="domestic", colour="#888888")
    session.add_all([*halls, zone])
    session.flush()
    per_hall = booths // len(halls)
    rows = [{"fair_id": fair.id, "hall_id": halls[i // per_hall].id, "zone_id": zone.id, "code": f"B{i:06d}",
             "x_cm": (i % per_hall % 500) * 300, "y_cm": (i % per_hall // 500) * 400, "width_cm": 300,
             "depth_cm": 300, "booth_type": "standard", "price_vnd": 12_000_000, "blocked": i % 100 == 99}
            for i in range(per_hall * len(halls))]
    for start in range(0, len(rows), 10_000):
        session.execute(sa.insert(Booth), rows[start:start + 10_000])
    application = BoothApplication(fair_id=fair.id, enterprise=make_enterprise(session), booths_requested=1,
                                   status="approved", payment_status="paid", zone_preferences=[], preferred_booths=[],
                                   neighbour_enterprise_ids=[], avoid_enterprise_ids=[], staff_count=2,
                                   created_at=now, updated_at=now)
    session.add(application)
    session.flush()
    held = session.scalars(sa.select(Booth.id).where(Booth.fair_id == fair.id, Booth.blocked.is_(False))
                           .order_by(Booth.id).limit(booths // 10))
    session.execute(sa.insert(BoothAssignment), [{"booth_id": b, "application_id": application.id, "source": "auto",
                                                  "locked": False, "assigned_at": now} for b in held])
    session.commit()
    return fair.id


def main() -> None:
    """Build the fair, time the pages, print and save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--booths", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'booths.sqlite3'}",
                          "DATA_KEY_FILE": str(instance / "data.key"), "SECRET_KEY": "bench-secret"})
        with app.app_context():
            db.create_all()
            fair_id = build(db.session, args.booths)
            db.session.execute(sa.text("ANALYZE"))
            token = issue_api_token(db.session, make_user(db.session, role="organizer"), "bench", now=utcnow())
            db.session.commit()
            headers = {"Authorization": f"Bearer {token}"}
            client = app.test_client()
            baseline = best_of(args.runs, lambda: db.session.scalar(
                sa.select(sa.func.count()).select_from(Booth).where(Booth.fair_id == fair_id)))
            path = f"/api/v1/fairs/{fair_id}/booths"
            cases = {"page 1 (100 booths)": {}, "page 250 (100 booths)": {"page": 250},
                     "page 1 of 1,000 booths": {"page_size": 1000},
                     "hall + available, page 3": {"hall": "Hall 4", "status": "available", "page": 3}}
            rows = [{"measure": "baseline count(booths)", "best_ms": round(baseline[0] * 1000, 1),
                     "median_ms": round(baseline[1] * 1000, 1), "kb": 0}]
            for name, query in cases.items():
                timing = best_of(args.runs, lambda query=query: client.get(path, query_string=query, headers=headers))
                assert timing[2].status_code == 200, timing[2].get_data(as_text=True)[:300]
                rows.append({"measure": f"GET /booths {name}", "best_ms": round(timing[0] * 1000, 1),
                             "median_ms": round(timing[1] * 1000, 1), "kb": round(len(timing[2].data) / 1024)})
            db.session.remove()
            db.engine.dispose()
    report(f"Booth list API: {args.booths:,} booths (SQLite)", rows, args.json)


if __name__ == "__main__":
    main()
