"""A scale data set: one coherent running fair of a chosen size, loaded in bulk into DATABASE_URL.

Run: DATABASE_URL=sqlite:////tmp/scale.sqlite3 python -m bench.scale_data --scale hanoi|x10|canton [--json out.json]

hanoi is the demo's size (652 booths, 446 exhibitors, 3,000 visitors); x10 ten times it; canton the largest
fairs of the region (74,000 booths in 16 halls, 29,000 exhibitors approved and placed, 200,000 visitors,
1,000,000 scans over 5 days, 30,000 contracts, 20,000 meetings, 50,000 leads, 5 years of grants for 10,000
enterprises). canton takes about a minute on SQLite here (59 s, 229 MB peak, a 380 MB file): keep it for the
final measurements.

Rows go in through SQLAlchemy Core `insert` in chunks of 20,000 (the bulk path the imports use), generated as
they are written, so memory stays flat; the tables are created if the database is empty (`db.create_all`).
It prints each step's time, the total and the peak memory (max RSS), and the ids the page walk needs. At the end
it folds the fair's attendance tally (`visitors.attendance_tally.fold_tally`, as `flask attendance fold` does), so
that no page of the walk pays the first fold of a million scans.
Users: organizer, exhibitor (the first exhibitor's owner) and officer, e-mail `<role>@scale.hoicho.vn`,
password `scale-2026!`.
"""

import argparse
import os
import resource
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from accounts.models import User
from app import create_app
from bench.common import report
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth, Hall, Zone
from contracts.models import Contract, Lead, Meeting
from core.db import insert_rows
from core.extensions import db
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair
from support.models import SupportGrant, SupportProgramme
from visitors.attendance_tally import fold_tally
from visitors.models import Admission, Badge, Scan, Visitor

SCALES = {
    "hanoi": {"halls": 3, "booths": 652, "enterprises": 446, "visitors": 3000, "scans": 6000, "contracts": 300,
              "meetings": 200, "leads": 500, "grant_enterprises": 100},
    "x10": {"halls": 6, "booths": 6520, "enterprises": 4460, "visitors": 30000, "scans": 60000, "contracts": 3000,
            "meetings": 2000, "leads": 5000, "grant_enterprises": 1000},
    "canton": {"halls": 16, "booths": 74000, "enterprises": 29000, "visitors": 200000, "scans": 1000000,
               "contracts": 30000, "meetings": 20000, "leads": 50000, "grant_enterprises": 10000},
}
FAIR_DAYS = 5
GRANT_YEARS = 5
CHUNK = 20000
PASSWORD = "scale-2026!"
PROVINCES = ["Hà Nội", "Huế", "Đồng Nai", "Bắc Ninh", "Lào Cai", "An Giang", "Cao Bằng", "Quảng Ninh"]
COUNTRIES = ["JP", "KR", "US", "FR", "DE", "CN", "TH", "AU"]
BOOTHS_PER_ROW = 100


def _insert(session, model, rows) -> int:
    """Insert the generated `rows` in chunks of CHUNK (the imports' bulk path); return how many."""
    return insert_rows(session, model, rows, chunk=CHUNK)


def _ids(session, column, *where) -> list[int]:
    return list(session.scalars(sa.select(column).where(*where).order_by(column)))


def _user(session, role: str, now: datetime) -> User:
    user = User(email=f"{role}@scale.hoicho.vn", display_name=f"Scale {role}", role=role, locale="vi", active=True,
                created_at=now, email_confirmed_at=now)
    user.set_password(PASSWORD)
    session.add(user)
    session.flush()
    return user


def load(session, size: dict, *, code: str, step) -> dict:
    """Load one running fair of `size`; `step(name, count)` is told as each table is filled."""
    now = datetime.now(UTC)
    today = date.today()
    organizer, exhibitor, officer = (_user(session, role, now) for role in ("organizer", "exhibitor", "officer"))
    fair = Fair(code=code, name_vi=f"Hội chợ quy mô {code}", name_en=f"Scale fair {code}", venue="Khu hội chợ",
                province="Hà Nội", starts_on=today - timedelta(days=2), ends_on=today + timedelta(days=FAIR_DAYS - 3),
                application_deadline=None, status="running", created_at=now, updated_at=now)
    session.add(fair)
    session.flush()
    per_hall = -(-size["booths"] // size["halls"])
    rows_per_hall = -(-per_hall // BOOTHS_PER_ROW)
    halls = [Hall(fair_id=fair.id, name=f"Hall {number + 1}", width_cm=BOOTHS_PER_ROW * 300 + 600,
                  depth_cm=rows_per_hall * 500 + 600) for number in range(size["halls"])]
    zones = [Zone(fair_id=fair.id, name_vi=f"Khu {kind}", name_en=kind, kind=kind, colour="#888888")
             for kind in ("domestic", "international", "technical")]
    session.add_all(halls + zones)
    session.flush()

    def booths():
        for number in range(size["booths"]):
            hall, place = divmod(number, per_hall)
            row, column = divmod(place, BOOTHS_PER_ROW)
            yield {"fair_id": fair.id, "hall_id": halls[hall].id, "zone_id": zones[number % 3].id,
                   "code": f"H{hall + 1}-{place + 1}", "x_cm": 300 + column * 300, "y_cm": 300 + row * 500,
                   "width_cm": 300, "depth_cm": 300, "booth_type": "standard", "price_vnd": 12_000_000,
                   "blocked": False}
    step("booths", _insert(session, Booth, booths()))

    def enterprises():
        for number in range(size["enterprises"]):
            domestic = number % 5 != 0
            yield {"legal_name": f"Doanh nghiệp {code} {number}", "kind": "enterprise",
                   "country": "VN" if domestic else COUNTRIES[number % len(COUNTRIES)],
                   "province": PROVINCES[number % len(PROVINCES)] if domestic else None, "sector": "handicraft",
                   "is_rural_industry": number % 3 == 0, "created_at": now, "updated_at": now}
    step("enterprises", _insert(session, Enterprise, enterprises()))
    sellers = _ids(session, Enterprise.id, Enterprise.legal_name.like(f"Doanh nghiệp {code} %"))
    session.add(EnterpriseMember(user_id=exhibitor.id, enterprise_id=sellers[0], role="owner", joined_at=now))
    step("applications", _insert(session, BoothApplication, (
        {"fair_id": fair.id, "enterprise_id": enterprise, "booths_requested": 1, "status": "approved",
         "payment_status": "paid", "zone_preferences": [], "preferred_booths": [], "neighbour_enterprise_ids": [],
         "avoid_enterprise_ids": [], "staff_count": 2, "submitted_at": now, "decided_at": now, "created_at": now,
         "updated_at": now} for enterprise in sellers)))
    applications = _ids(session, BoothApplication.id, BoothApplication.fair_id == fair.id)
    booth_ids = _ids(session, Booth.id, Booth.fair_id == fair.id)
    step("assignments", _insert(session, BoothAssignment, (
        {"booth_id": booth, "application_id": application, "source": "auto", "locked": False, "assigned_at": now}
        for booth, application in zip(booth_ids, applications, strict=False))))
    del booth_ids, applications

    step("visitors", _insert(session, Visitor, (
        {"fair_id": fair.id, "full_name": f"Khách {number}", "organisation": f"Tổ chức {number % 5000}",
         "email": f"v{number}@scale.vn", "country": "VN" if number % 4 else COUNTRIES[number % len(COUNTRIES)],
         "province": PROVINCES[number % len(PROVINCES)] if number % 4 else None,
         "visitor_type": "trade_buyer" if number % 4 == 0 else "visitor", "sectors": [], "source": "import",
         "created_at": now} for number in range(size["visitors"]))))
    visitors = _ids(session, Visitor.id, Visitor.fair_id == fair.id)
    step("badges", _insert(session, Badge, ({"fair_id": fair.id, "visitor_id": visitor, "serial": number + 1,
                                             "issued_at": now, "changed_at": now}
                                            for number, visitor in enumerate(visitors))))
    days = [fair.starts_on + timedelta(days=offset) for offset in range(FAIR_DAYS)]

    def visit(number):  # the first scan of a visitor on a day admits them; later ones find them admitted
        day = days[(number // len(visitors)) % FAIR_DAYS]
        at = datetime(day.year, day.month, day.day, 1 + number % 9, number % 60, tzinfo=UTC)
        return visitors[number % len(visitors)], day, at, number < len(visitors) * FAIR_DAYS
    step("admissions", _insert(session, Admission, (
        {"fair_id": fair.id, "visitor_id": visitor, "day": day, "gate": "A", "admitted_at": at}
        for visitor, day, at, first in map(visit, range(size["scans"])) if first)))
    step("scans", _insert(session, Scan, (
        {"fair_id": fair.id, "nonce": f"s{number}", "gate": "A", "code": "scale", "visitor_id": visitor,
         "result": "admitted" if first else "already_admitted", "scanned_at": at, "received_at": at}
        for number, (visitor, _day, at, first) in enumerate(map(visit, range(size["scans"]))))))

    def contracts():
        for number in range(size["contracts"]):
            value = Decimal(1_000_000 + number * 7919 % 5_000_000_000)
            yield {"fair_id": fair.id, "seller_enterprise_id": sellers[number % len(sellers)],
                   "buyer_name": f"Buyer {number}", "buyer_country": COUNTRIES[number % len(COUNTRIES)],
                   "kind": ("mou", "contract", "order")[number % 3], "category": "handicraft", "amount": value,
                   "currency": "VND", "fx_rate_to_vnd": 1, "value_vnd": value,
                   "value_usd": (value / 25400).quantize(Decimal("0.01")), "signed_on": days[number % FAIR_DAYS],
                   "status": "cancelled" if number % 10 == 9 else "signed", "confidential": number % 20 == 0,
                   "created_at": now, "updated_at": now}
    step("contracts", _insert(session, Contract, contracts()))
    buyers = visitors[::4]

    def meetings():  # distinct (buyer, slot) and (exhibitor, slot) for every meeting: the unique indexes hold
        for number in range(size["meetings"]):
            rounds = number // len(sellers)
            yield {"fair_id": fair.id, "buyer_visitor_id": buyers[number % len(buyers)],
                   "enterprise_id": sellers[number % len(sellers)], "day": days[rounds % FAIR_DAYS],
                   "start_minute": 540 + 30 * (rounds // FAIR_DAYS % 16), "minutes": 30, "place": "booth",
                   "status": "accepted", "requested_at": now}
    step("meetings", _insert(session, Meeting, meetings()))
    step("leads", _insert(session, Lead, (
        {"fair_id": fair.id, "enterprise_id": sellers[number % len(sellers)],
         "visitor_id": visitors[((number // len(sellers)) * 7 + number % len(sellers)) % len(visitors)],
         "rating": 1 + number % 5, "scans": 1, "first_scanned_at": now, "last_scanned_at": now}
        for number in range(size["leads"]))))

    programmes = [SupportProgramme(name=f"Khuyến công quốc gia {today.year - back}", level="national",
                                   year=today.year - back, decision_ref=f"{back + 1}/QĐ-BCT",
                                   decision_date=date(today.year - back, 1, 15), budget_vnd=Decimal(10 ** 15),
                                   allowed_contents=["fair_participation", "booth_fee"], created_at=now)
                  for back in range(GRANT_YEARS)]
    session.add_all(programmes)
    session.flush()
    step("grants", _insert(session, SupportGrant, (
        {"programme_id": programme.id, "enterprise_id": sellers[number], "fair_id": fair.id if back == 0 else None,
         "content": "fair_participation", "amount_vnd": Decimal(5_000_000 + number % 1000 * 1000),
         "status": "disbursed" if back else "approved", "source": "import", "over_budget": False,
         "created_at": now, "updated_at": now}
        for back, programme in enumerate(programmes)
        for number in range(min(size["grant_enterprises"], len(sellers))))))
    session.commit()
    # The product's own fold, as check-in does every 5,000 rows: a bulk load leaves none of the tally behind for the
    # first dashboard request to fold (1.6 s at canton). The same as `flask attendance fold` after an upgrade.
    counts = fold_tally(session, fair.id, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    session.rollback()
    step("attendance tally", sum(counts.days.values()))
    return {"fair_id": fair.id, "fair_code": code, "hall_id": halls[0].id, "programme_id": programmes[0].id,
            "organizer_id": organizer.id, "exhibitor_id": exhibitor.id, "officer_id": officer.id}


def main() -> None:
    """Load the chosen scale into DATABASE_URL and print the time and memory it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=tuple(SCALES), default="hanoi")
    parser.add_argument("--code", help="the fair's code (default SCALE-<SCALE>)")
    parser.add_argument("--json", help="write the timings here")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        parser.error("set DATABASE_URL to the database to fill (SQLite file or PostgreSQL)")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "scale-data"})
    timings, started = [], time.perf_counter()
    last = [started]

    def step(name: str, count: int) -> None:
        moment = time.perf_counter()
        timings.append({"table": name, "rows": count, "seconds": round(moment - last[0], 2)})
        last[0] = moment
        print(f"  {name}: {count:,} rows in {moment - started:.1f} s", flush=True)

    with app.app_context():
        db.create_all()
        ids = load(db.session, SCALES[args.scale], code=args.code or f"SCALE-{args.scale.upper()}", step=step)
    total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(f"scale data {args.scale}: {total:.1f} s, peak memory {peak_mb:.0f} MB", timings, args.json,
           {"scale": args.scale, "seconds": round(total, 1), "peak_mb": round(peak_mb), "ids": ids})
    print("ids:", ids)


if __name__ == "__main__":
    main()
