"""The demo fair has thousands of visitors whose entries over its days add up on the dashboard."""

from datetime import timedelta

import sqlalchemy as sa

from accounts.models import User
from accounts.setup import DEMO_PASSWORD
from fairs.models import Fair, FairStaff
from fairs.setup import DEMO_FAIR_CODE
from tests.booths.test_demo import run_demo
from visitors.attendance import attendance
from visitors.models import Admission, Badge, Visitor


def test_the_demo_has_thousands_of_visitors_with_entries_over_the_fairs_days(app, session):
    """3,000 visitors with a badge each; admissions on every day of the fair; a second run adds nothing."""
    run_demo(app)
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    visitors = session.scalar(sa.select(sa.func.count()).select_from(Visitor).where(Visitor.fair_id == fair.id))
    assert visitors == 3000
    assert session.scalar(sa.select(sa.func.count()).select_from(Badge)) == visitors
    days = set(session.scalars(sa.select(Admission.day).distinct()))
    assert days == {fair.starts_on + timedelta(days=offset) for offset in range(4)}
    figures = attendance(session, fair, timezone="Asia/Ho_Chi_Minh")
    assert figures["registered"] == 3000 and 1500 < figures["unique_visitors"] < 3000
    assert sum(day["admitted"] for day in figures["by_day"]) == session.scalar(
        sa.select(sa.func.count()).select_from(Admission))
    assert max(figures["by_hour"], key=lambda item: item["entries"])["hour"] in (9, 10, 14, 15)
    run_demo(app)
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 3000


def test_the_demo_gate_staff_work_at_the_demo_fair_and_land_there(app, session, client):
    """The demo's gate staff account is assigned to the demo fair (once, however often the demo runs), so its
    scanner opens; logging in leads to the gate staff's home."""
    run_demo(app)
    run_demo(app)
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    staff = session.scalar(sa.select(User).where(User.email == "staff@demo.hoicho.vn"))
    assert session.scalars(sa.select(FairStaff.fair_id).where(FairStaff.user_id == staff.id)).all() == [fair.id]
    response = client.post("/login", data={"email": staff.email, "password": DEMO_PASSWORD})
    assert response.headers["Location"].endswith("/gate")
    assert client.get(f"/fairs/{fair.id}/scan").status_code == 200
