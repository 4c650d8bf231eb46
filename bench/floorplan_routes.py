"""The plan pages, plan routes and the apply page of a scale data set, timed as each role opens them.

Used by `python -m bench.floorplan --canton DATABASE_URL`: requests go through the WSGI app (Flask's test
client), each `runs` times; the table gives the best and median seconds, the body's size and the SQL
statements of the last request. The fair is measured twice: its plan published (status running, as
bench.scale_data leaves it) and not yet published (status open, when the apply page draws the plan), then
put back as it was.
"""

import sqlalchemy as sa

from accounts.models import User
from accounts.services import issue_api_token
from app import create_app
from bench.common import best_of, report
from bench.scale_data import PASSWORD
from booths.layout.models import Hall
from core.db import utcnow
from core.extensions import db
from fairs.models import Fair

BOOTH_SEARCH = "H9-2000"  # a booth of Hall 9
EXHIBITOR_SEARCH = "doanh nghiep scale canton 12345"  # "Doanh nghiệp SCALE-CANTON 12345", typed without accents


def _routes(fair: Fair, halls: dict[str, int]) -> list[tuple[str, str, str, int]]:
    """(role, label, path, runs factor) of every plan route; the PDF and the every-hall drawings run once."""
    fid, code, first, ninth = fair.id, fair.code, halls["Hall 1"], halls["Hall 9"]
    api = f"/api/v1/fairs/{fid}/floorplan.svg"
    return [
        ("organizer", "plan (first hall)", f"/fairs/{fid}/plan", 1),
        ("organizer", "plan Hall 9 by province", f"/fairs/{fid}/halls/{ninth}/plan?colour=province", 1),
        ("organizer", "plan, search a booth code", f"/fairs/{fid}/plan?q={BOOTH_SEARCH}", 1),
        ("organizer", "plan, search an exhibitor", f"/fairs/{fid}/plan?q={EXHIBITOR_SEARCH}", 1),
        ("organizer", "allocation page (its plan)", f"/fairs/{fid}/allocation", 1),
        ("organizer", "plan PDF (one hall)", f"/fairs/{fid}/halls/{first}/plan.pdf", 0),
        ("organizer", "API floorplan.svg, every hall", api, 0),
        ("organizer", "API floorplan.svg, one hall", f"{api}?hall={first}", 1),
        ("exhibitor", "API floorplan.svg, every hall", api, 0),
        ("exhibitor", "API floorplan.svg, one hall", f"{api}?hall={first}", 1),
        ("exhibitor", "apply page", f"/f/{code}/apply", 1),
        ("exhibitor", "public plan", f"/f/{code}/plan", 1),
        ("anonymous", "public plan", f"/f/{code}/plan", 1),
        ("anonymous", "public plan, search a booth code", f"/f/{code}/plan?q={BOOTH_SEARCH}", 1),
        ("anonymous", "public plan, search an exhibitor", f"/f/{code}/plan?q={EXHIBITOR_SEARCH}", 1),
    ]


def _clients(app, fair_code: str) -> dict:
    """A logged-in test client per role (anonymous: none), and a bearer token header per API role."""
    clients, headers = {}, {}
    with app.app_context():
        users = {role: db.session.scalar(sa.select(User).where(User.email == f"{role}@scale.hoicho.vn"))
                 for role in ("organizer", "exhibitor")}
        for role, user in users.items():
            headers[role] = {"Authorization": f"Bearer {issue_api_token(db.session, user, 'bench', now=utcnow())}"}
        db.session.commit()
    for role in ("organizer", "exhibitor"):
        client = app.test_client()
        answer = client.post("/login", data={"email": f"{role}@scale.hoicho.vn", "password": PASSWORD})
        assert answer.status_code in (302, 303), f"{role} could not log in ({answer.status_code})"
        clients[role] = client
    clients["anonymous"] = app.test_client()
    return {"clients": clients, "headers": headers}


def measure_routes(url: str, *, runs: int, json_path: str | None, only: str = "") -> None:
    """Time every plan route of the scale fair (those whose label contains `only`) in both states; print the table
    and write JSON."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    statements = [0]
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.__setitem__(0, statements[0] + 1))
        fair = db.session.scalar(sa.select(Fair).where(Fair.code.like("SCALE-%")).order_by(Fair.id.desc()))
        halls = dict(db.session.execute(sa.select(Hall.name, Hall.id).where(Hall.fair_id == fair.id)).all())
        fair_id, original = fair.id, fair.status
        routes = [route for route in _routes(fair, halls) if only in route[1]]
        booths = db.session.scalar(sa.text("SELECT count(*) FROM booth WHERE fair_id = :f"), {"f": fair_id})
    access = _clients(app, fair.code)
    rows = []
    try:
        for state, status in (("published", "running"), ("not published", "open")):
            with app.app_context():
                db.session.execute(sa.update(Fair).where(Fair.id == fair_id).values(status=status))
                db.session.commit()
            for role, label, path, factor in routes:
                client = access["clients"]["anonymous" if path.startswith("/api/") else role]
                headers = access["headers"].get(role, {}) if path.startswith("/api/") else {}
                answers = []

                def fetch(client=client, path=path, headers=headers, answers=answers):
                    statements[0] = 0
                    answers.append(client.get(path, headers=headers))

                best, median, _last = best_of(max(1, runs * factor), fetch)
                answer = answers[-1]
                rows.append({"state": state, "role": role, "route": label, "status": answer.status_code,
                             "best_s": round(best, 3), "median_s": round(median, 3),
                             "KB": round(len(answer.get_data()) / 1024), "statements": statements[0]})
                print(rows[-1], flush=True)
    finally:
        with app.app_context():
            db.session.execute(sa.update(Fair).where(Fair.id == fair_id).values(status=original))
            db.session.commit()
    report(f"Floor plan routes at scale ({booths:,} booths in {len(halls)} halls)", rows, json_path,
           extra={"booths": booths, "halls": len(halls), "runs": runs, "database": url.split(":", 1)[0]})
