"""Benchmark: the fair summary on a big fair, against a single-table count in the same run.

Run: python -m bench.summary [--contracts 30000] [--checkins 300000]
                             [--postgres postgresql+psycopg://user@host:port/db] [--json bench/summary.json]

For each database (SQLite always; PostgreSQL when --postgres names a database it may empty and fill)
it builds one fair with 2,000 booths, 1,500 exhibitors, 100,000 visitors, `--checkins` gate scans
(with their admissions), `--contracts` contracts, 5,000 meetings and 10,000 leads, then times:
  - baseline: SELECT count(*) FROM contract WHERE fair_id = … (the cheapest query on the same data);
  - summary: reports.summary.fair_summary (every headline figure, aggregated in SQL);
  - API: GET /api/v1/fairs/{id}/summary through the app (auth, serialization included);
  - breakdowns: contracts by kind, seller province, buyer country and sector.
It also checks that the summary's contract count and value equal the raw rows' sums.
"""

import argparse
import random
import tempfile
import uuid
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from accounts.services import issue_api_token
from app import create_app
from bench.common import best_of, report
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth, Hall, Zone
from contracts.models import Contract, Lead, Meeting
from core.db import utcnow
from core.extensions import db
from enterprises.models import Enterprise
from fairs.models import Fair
from reports.summary import contract_breakdowns, fair_summary
from tests.factories import make_fair, make_user
from visitors.models import Admission, Scan, Visitor

PROVINCES = ["Hà Nội", "Huế", "Đồng Nai", "Bắc Ninh", "Lào Cai", "An Giang", "Cao Bằng", "Quảng Ninh"]
COUNTRIES = ["JP", "KR", "US", "FR", "DE", "CN", "TH", "AU"]


def _chunks(rows: list[dict], size: int = 20000):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _insert(session, model, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        session.execute(sa.insert(model), chunk)


def build(session, *, contracts: int, checkins: int, rng: random.Random) -> int:
    """One big fair; returns its id."""
    now = utcnow()
    fair = make_fair(session, status="running", code=f"SUM-{uuid.uuid4().hex[:6]}".upper())
    hall = Hall(fair_id=fair.id, name="A", width_cm=100_000, depth_cm=100_000)
    session.add(hall)
    zones = [Zone(fair_id=fair.id, name_vi=f"Khu {k}", name_en=k, kind=k, colour="#888888")
             for k in ("domestic", "international", "technical")]
    session.add_all(zones)
    session.flush()
    _insert(session, Booth, [{"fair_id": fair.id, "hall_id": hall.id, "zone_id": zones[i % 3].id, "code": f"B{i}",
                              "x_cm": (i % 300) * 300, "y_cm": (i // 300) * 400, "width_cm": 300, "depth_cm": 300,
                              "booth_type": "standard", "price_vnd": 12_000_000, "blocked": False}
                             for i in range(2000)])
    tax = uuid.uuid4().int % 10**6
    _insert(session, Enterprise, [
        {"legal_name": f"Doanh nghiệp {tax}-{i}", "kind": "enterprise", "country": "VN" if i % 5 else rng.choice(
            COUNTRIES), "province": rng.choice(PROVINCES) if i % 5 else None, "sector": "handicraft",
         "is_rural_industry": False, "created_at": now, "updated_at": now} for i in range(1500)])
    sellers = list(session.scalars(sa.select(Enterprise.id).where(
        Enterprise.legal_name.like(f"Doanh nghiệp {tax}-%"))))
    _insert(session, BoothApplication, [
        {"fair_id": fair.id, "enterprise_id": e, "booths_requested": 1, "status": "approved",
         "payment_status": "paid", "zone_preferences": [], "preferred_booths": [], "neighbour_enterprise_ids": [],
         "avoid_enterprise_ids": [], "staff_count": 2, "created_at": now, "updated_at": now} for e in sellers])
    applications = list(session.scalars(sa.select(BoothApplication.id).where(BoothApplication.fair_id == fair.id)))
    booths = list(session.scalars(sa.select(Booth.id).where(Booth.fair_id == fair.id)))
    _insert(session, BoothAssignment, [{"booth_id": b, "application_id": a, "source": "auto", "locked": False,
                                        "assigned_at": now} for b, a in zip(booths, applications, strict=False)])
    visitors = 100_000
    _insert(session, Visitor, [{"fair_id": fair.id, "full_name": f"Khách {i}", "email": f"v{i}@bench.vn",
                                "country": "VN", "province": rng.choice(PROVINCES),
                                "visitor_type": "trade_buyer" if i % 4 == 0 else "visitor", "sectors": [],
                                "source": "demo", "created_at": now} for i in range(visitors)])
    visitor_ids = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id).order_by(Visitor.id)))
    days = [fair.starts_on + timedelta(days=d) for d in range(4)]
    admissions, scans, seen = [], [], set()
    while len(scans) < checkins:
        visitor, day = rng.choice(visitor_ids), rng.choice(days)
        at = datetime.combine(day, time(rng.randrange(1, 11), rng.randrange(60)), tzinfo=UTC)
        result = "already_admitted" if (visitor, day) in seen else "admitted"
        if result == "admitted":
            seen.add((visitor, day))
            admissions.append({"fair_id": fair.id, "visitor_id": visitor, "day": day, "gate": "A",
                               "admitted_at": at})
        scans.append({"fair_id": fair.id, "nonce": uuid.uuid4().hex, "gate": "A", "code": "bench", "result": result,
                      "visitor_id": visitor, "scanned_at": at, "received_at": at})
    _insert(session, Admission, admissions)
    _insert(session, Scan, scans)
    rate = Decimal("25400")
    rows = []
    for number in range(contracts):
        value = Decimal(rng.randrange(1_000_000, 5_000_000_000))
        rows.append({"fair_id": fair.id, "seller_enterprise_id": rng.choice(sellers), "buyer_name": f"Buyer {number}",
                     "buyer_country": rng.choice(COUNTRIES), "kind": rng.choice(["mou", "contract", "order"]),
                     "category": "handicraft", "amount": value, "currency": "VND", "fx_rate_to_vnd": 1,
                     "value_vnd": value, "value_usd": (value / rate).quantize(Decimal("0.01")),
                     "signed_on": rng.choice(days), "status": rng.choice(["signed"] * 9 + ["cancelled"]),
                     "confidential": number % 20 == 0, "created_at": now, "updated_at": now})
    _insert(session, Contract, rows)
    buyers = visitor_ids[::4]
    _insert(session, Meeting, [{"fair_id": fair.id, "buyer_visitor_id": buyers[i], "enterprise_id": sellers[i %
                                len(sellers)], "day": days[i % 4], "start_minute": 540 + 30 * (i % 16), "minutes": 30,
                                "place": "booth", "status": "accepted", "outcome": "follow_up" if i % 2 else None,
                                "requested_at": now} for i in range(5000)])
    pairs = {(rng.choice(sellers), rng.choice(visitor_ids)) for _ in range(10_000)}
    _insert(session, Lead, [{"fair_id": fair.id, "enterprise_id": e, "visitor_id": v, "scans": 1,
                             "first_scanned_at": now, "last_scanned_at": now} for e, v in pairs])
    session.commit()
    return fair.id


def measure(name: str, url: str, args, instance: Path) -> list[dict]:
    """Build the fair on one database and time the summary against the baseline."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DATA_KEY_FILE": str(instance / "data.key"),
                      "SECRET_KEY": "bench-secret", "APP_ENV": "development"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        fair_id = build(db.session, contracts=args.contracts, checkins=args.checkins, rng=random.Random(30))
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execute(sa.text("ANALYZE"))
        else:
            db.session.execute(sa.text("ANALYZE"))
        fair = db.session.get(Fair, fair_id)
        token = issue_api_token(db.session, make_user(db.session, role="organizer"), "bench", now=utcnow())
        db.session.commit()
        baseline = best_of(args.runs, lambda: db.session.scalar(
            sa.select(sa.func.count()).select_from(Contract).where(Contract.fair_id == fair_id)))
        summary = best_of(args.runs, lambda: fair_summary(db.session, fair))
        breakdowns = best_of(args.runs, lambda: contract_breakdowns(db.session, fair))
        client = app.test_client()
        api = best_of(args.runs, lambda: client.get(f"/api/v1/fairs/{fair_id}/summary",
                                                     headers={"Authorization": f"Bearer {token}"}))
        counted = db.session.execute(sa.select(sa.func.count(), sa.func.sum(Contract.value_vnd)).where(
            Contract.fair_id == fair_id, Contract.status != "cancelled")).one()
        figures = summary[2]
        assert (figures["contracts"]["count"], figures["contracts"]["value_vnd"]) == (counted[0], counted[1])
        assert api[2].status_code == 200
        scans = db.session.scalar(sa.select(sa.func.count()).select_from(Scan))
        db.session.remove()
        db.engine.dispose()

    def row(what, timing):
        return {"database": name, "measure": what, "best_ms": round(timing[0] * 1000, 1),
                "median_ms": round(timing[1] * 1000, 1), "x_baseline": round(timing[1] / baseline[1], 1)}
    rows = [row("baseline count(contracts)", baseline), row("fair_summary", summary),
            row("GET /summary (API)", api), row("contract breakdowns", breakdowns)]
    for item in rows:
        item.update(contracts=args.contracts, scans=scans)
    return rows


def main() -> None:
    """Parse the options, run the measurements, print and save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=30_000)
    parser.add_argument("--checkins", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        rows += measure("SQLite", f"sqlite:///{instance / 'summary.sqlite3'}", args, instance)
        if args.postgres:
            rows += measure("PostgreSQL", args.postgres, args, instance)
    report(f"Fair summary: {args.contracts:,} contracts, {args.checkins:,} check-ins", rows, args.json)


if __name__ == "__main__":
    main()
