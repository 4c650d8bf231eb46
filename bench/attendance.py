"""Benchmark: the visitors side of a scale fair (attendance dashboard and exports, visitor, desk, staff, gate
pages, the badge list and the visitors API lists), as the organizer and as gate staff.

Run, on a database loaded by `python -m bench.scale_data --scale hanoi|x10|canton`:
    DATABASE_URL=sqlite:////tmp/scale.sqlite3 APP_ENV=development python -m bench.attendance [--runs 7]
                                                                              [--json bench/attendance.json]

Requests go through the WSGI app (Flask's test client, logged in through the login form); each route is
opened once to warm the process (`first_ms`: it folds the attendance tally, see visitors/attendance_tally.py),
then `--runs` times; p50 and p95 (the slowest run below 20) are reported, with the statements of the last.
A gate staff account assigned to the fair is created if missing.
"""

import argparse
import statistics
import time

import sqlalchemy as sa

from accounts.models import User
from accounts.services import issue_api_token
from app import create_app
from bench.common import report
from booths.applications.models import BoothApplication
from core.db import utcnow
from core.extensions import db
from fairs.models import Fair, FairStaff
from visitors.models import Visitor

STAFF_EMAIL = "gate@scale.hoicho.vn"
PASSWORD = "scale-2026!"

# (name, role, path template, API?)
ROUTES = [
    ("attendance dashboard", "organizer", "/fairs/{fair}/attendance", False),
    ("attendance CSV", "organizer", "/fairs/{fair}/attendance.csv", False),
    ("attendance XLSX", "organizer", "/fairs/{fair}/attendance.xlsx", False),
    ("visitor list", "organizer", "/fairs/{fair}/visitors", False),
    ("visitor list, type filter", "organizer", "/fairs/{fair}/visitors?type=trade_buyer", False),
    ("visitor list, search", "organizer", "/fairs/{fair}/visitors?q=Kh%C3%A1ch%20199", False),
    ("visitor detail", "organizer", "/fairs/{fair}/visitors/{visitor}", False),
    ("desk", "organizer", "/fairs/{fair}/desk", False),
    ("desk search", "organizer", "/fairs/{fair}/desk?q=v1999%40scale.vn", False),
    ("exhibitor staff page", "organizer", "/applications/{application}/staff", False),
    ("gate home (staff)", "staff", "/gate?list=1", False),
    ("scanner (staff)", "staff", "/fairs/{fair}/scan", False),
    ("attendance dashboard (staff)", "staff", "/fairs/{fair}/attendance", False),
    ("api attendance", "organizer", "/api/v1/fairs/{fair}/attendance", True),
    ("api visitors", "organizer", "/api/v1/fairs/{fair}/visitors", True),
    ("api visitors, type filter", "organizer", "/api/v1/fairs/{fair}/visitors?visitor_type=trade_buyer", True),
    ("api visitors, country filter", "organizer", "/api/v1/fairs/{fair}/visitors?country=JP", True),
    ("api scans", "organizer", "/api/v1/fairs/{fair}/scans", True),
    ("api staff", "organizer", "/api/v1/applications/{application}/staff", True),
    ("api badge list (staff)", "staff", "/api/v1/fairs/{fair}/badges", True),
]


def _ids(session) -> dict:
    fair = session.scalars(sa.select(Fair).order_by(Fair.id.desc())).first()
    staff = session.scalar(sa.select(User).where(User.email == STAFF_EMAIL))
    if staff is None:
        now = utcnow()
        staff = User(email=STAFF_EMAIL, display_name="Scale gate", role="staff", locale="vi", active=True,
                     created_at=now, email_confirmed_at=now)
        staff.set_password(PASSWORD)
        session.add(staff)
        session.flush()
        session.add(FairStaff(fair_id=fair.id, user_id=staff.id, assigned_at=now))
        session.commit()
    organizer = session.scalar(sa.select(User).where(User.email == "organizer@scale.hoicho.vn"))
    tokens = {"organizer": issue_api_token(session, organizer, "bench", now=utcnow()),
              "staff": issue_api_token(session, staff, "bench", now=utcnow())}
    session.commit()
    visitor = session.scalar(sa.select(Visitor.id).where(Visitor.fair_id == fair.id).order_by(Visitor.id)
                             .offset(1999).limit(1))
    application = session.scalar(sa.select(BoothApplication.id).where(BoothApplication.fair_id == fair.id)
                                 .order_by(BoothApplication.id).limit(1))
    return {"fair": fair.id, "visitor": visitor, "application": application, "tokens": tokens,
            "emails": {"organizer": organizer.email, "staff": STAFF_EMAIL}}


def main() -> None:
    """Time every route of the list and print (and optionally write) the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="", help="only routes whose name contains this")
    parser.add_argument("--json")
    args = parser.parse_args()
    app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    statements = [0]
    with app.app_context():
        ids = _ids(db.session)
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))
    clients = {}
    for role, email in ids["emails"].items():
        clients[role] = app.test_client()
        response = clients[role].post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, (role, response.status_code)
    rows = []
    for name, role, template, api in ROUTES:
        if args.only not in name:
            continue
        path = template.format(**ids)
        headers = {"Authorization": f"Bearer {ids['tokens'][role]}"} if api else {}
        client = app.test_client() if api else clients[role]
        times = []
        for _run in range(args.runs + 1):
            statements[0] = 0
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            body = response.get_data()
            times.append(time.perf_counter() - start)
        first = times.pop(0)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        rows.append({"route": name, "status": response.status_code, "first_ms": round(first * 1000),
                     "p50_ms": round(statistics.median(times) * 1000),
                     "p95_ms": round(p95 * 1000), "statements": statements[0], "bytes": len(body)})
        print(rows[-1], flush=True)
    with app.app_context():
        url = db.engine.url
    report(f"visitors side, {url.get_backend_name()}", rows, args.json)


if __name__ == "__main__":
    main()
