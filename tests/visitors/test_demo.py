"""The demo fair has thousands of visitors whose entries over its days add up on the dashboard."""

from datetime import timedelta

import sqlalchemy as sa

from accounts.models import User
from accounts.setup import DEMO_PASSWORD
from core.db import utcnow
from fairs.models import Fair, FairStaff
from fairs.setup import DEMO_FAIR_CODE, demo_today
from tests.booths.test_demo import run_demo
from visitors.attendance import attendance
from visitors.models import Admission, Badge, Scan, Visitor


def test_the_demo_has_thousands_of_visitors_with_entries_on_the_days_so_far(app, session):
    """3,000 visitors and the demo exhibitor's 3 staff with a badge each; admissions on the fair's days up to
    now and never later (the fair runs from the day before yesterday); a second run adds nothing."""
    loaded_at = utcnow()
    run_demo(app)
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    visitors = session.scalar(sa.select(sa.func.count()).select_from(Visitor).where(Visitor.fair_id == fair.id))
    assert visitors == 3003
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor).where(
        Visitor.visitor_type == "exhibitor_staff", Visitor.application_id.is_not(None))) == 3
    assert session.scalar(sa.select(sa.func.count()).select_from(Badge)) == visitors
    today = demo_today(loaded_at)
    days = set(session.scalars(sa.select(Admission.day).distinct()))
    assert {fair.starts_on, fair.starts_on + timedelta(days=1)} <= days
    assert max(days) <= today < fair.ends_on
    assert session.scalar(sa.select(sa.func.max(Admission.admitted_at))) <= utcnow()
    assert session.scalar(sa.select(sa.func.max(Scan.scanned_at))) <= utcnow()
    figures = attendance(session, fair, timezone="Asia/Ho_Chi_Minh")
    assert figures["registered"] == 3003 and 1000 < figures["unique_visitors"] < 3000
    assert sum(day["admitted"] for day in figures["by_day"]) == session.scalar(
        sa.select(sa.func.count()).select_from(Admission))
    assert max(figures["by_hour"], key=lambda item: item["entries"])["hour"] in (9, 10, 14, 15)
    run_demo(app)
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 3003


def test_the_demo_gate_staff_work_at_the_demo_fair_and_land_there(app, session, client):
    """The demo's gate staff account is assigned to the running demo fair (once, however often the demo runs),
    so its scanner opens; logging in leads to the gate staff's home, which goes straight to that scanner."""
    run_demo(app)
    run_demo(app)
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    staff = session.scalar(sa.select(User).where(User.email == "staff@demo.hoicho.vn"))
    assigned = session.scalars(sa.select(FairStaff.fair_id).where(FairStaff.user_id == staff.id)).all()
    assert fair.id in assigned and len(assigned) == len(set(assigned))
    response = client.post("/login", data={"email": staff.email, "password": DEMO_PASSWORD})
    assert response.headers["Location"].endswith("/gate")
    assert client.get("/gate").headers["Location"].endswith(f"/fairs/{fair.id}/scan")
    assert client.get(f"/fairs/{fair.id}/scan").status_code == 200
