"""Wire fairs into the app: template globals, the gate caches' invalidation, the demo fair and its gate staff."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask

from accounts.models import User
from accounts.setup import DEMO_USERS
from core.auth import register_landing_page
from core.demo import register_demo_loader
from fairs.gates import GATE_STAFF_ROLE, changes_gates, forget_gate_caches
from fairs.labels import STATUS_LABELS
from fairs.models import Fair, FairStaff
from fairs.services import change_fair_status, create_fair

DEMO_FAIR_CODE = "HN-GIFT-DEMO"
DEMO_OPEN_FAIR_CODE = "HN-OCOP-DEMO"
DEMO_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def demo_today(now: datetime) -> date:
    """Today in Vietnam: the demo's dates are counted from it, so the demo fair runs whenever it is loaded."""
    return now.astimezone(DEMO_TIMEZONE).date()


def load_demo_fair(session, now) -> list[str]:
    """Two fairs: one modelled on the Hanoi International Gift and Handicraft Fair, running since the day
    before yesterday (the booths demo takes it through allocation and publication), and one open for applications."""
    today = demo_today(now)
    if session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE)) is None:
        starts = today - timedelta(days=2)
        fair = create_fair(session, {
            "code": DEMO_FAIR_CODE,
            "name_vi": "Hội chợ quốc tế Quà tặng hàng thủ công mỹ nghệ Hà Nội",
            "name_en": "Hanoi International Gift and Handicraft Fair",
            "venue": "Cung Văn hóa Hữu nghị Việt – Xô, 91 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội",
            "province": "Thành phố Hà Nội",
            "starts_on": starts,
            "ends_on": starts + timedelta(days=3),
            "application_deadline": starts - timedelta(days=30),
        }, actor=None, now=now)
        change_fair_status(session, fair, "open", actor=None, now=now)
    if session.scalar(sa.select(Fair).where(Fair.code == DEMO_OPEN_FAIR_CODE)) is None:
        starts = today + timedelta(days=75)
        fair = create_fair(session, {
            "code": DEMO_OPEN_FAIR_CODE,
            "name_vi": "Hội chợ Sản phẩm OCOP và làng nghề Hà Nội",
            "name_en": "Hanoi OCOP and Craft Village Products Fair",
            "venue": "Trung tâm Triển lãm Giảng Võ, 148 Giảng Võ, Ba Đình, Hà Nội",
            "province": "Hà Nội",
            "starts_on": starts,
            "ends_on": starts + timedelta(days=4),
            "application_deadline": starts - timedelta(days=30),
        }, actor=None, now=now)
        change_fair_status(session, fair, "open", actor=None, now=now)
    return [f"Demo fair running: {DEMO_FAIR_CODE} (public page /f/{DEMO_FAIR_CODE})",
            f"Demo fair open for applications: {DEMO_OPEN_FAIR_CODE} (public page /f/{DEMO_OPEN_FAIR_CODE})"]


def load_demo_gate_staff(session, now) -> list[str]:
    """Assign the demo gate staff to every demo fair (their codes say DEMO), so the scanner works at once."""
    emails = [email for email, role, _name in DEMO_USERS if role == GATE_STAFF_ROLE]
    staff = list(session.scalars(sa.select(User).where(User.email.in_(emails))))
    fairs = list(session.scalars(sa.select(Fair).where(Fair.code.contains("DEMO"))))
    assigned = {tuple(row) for row in session.execute(sa.select(FairStaff.fair_id, FairStaff.user_id))}
    for fair in fairs:
        for user in staff:
            if (fair.id, user.id) not in assigned:
                session.add(FairStaff(fair_id=fair.id, user_id=user.id, assigned_at=now))
    session.flush()
    return [f"Demo gate staff: {user.email} works at {', '.join(fair.code for fair in fairs)}" for user in staff]


def _forget_gate_caches_on_change(session, flush_context) -> None:
    """After a flush that changed a fair or a gate assignment, cached gate answers may be stale: forget them."""
    if any(changes_gates(changed) for changed in (session.new, session.dirty, session.deleted)):
        forget_gate_caches()


def init_fairs(app: Flask) -> None:
    """Register the fairs package's template globals, cache invalidation and demo loaders."""
    app.jinja_env.globals["FAIR_STATUS_LABELS"] = STATUS_LABELS
    if not sa.event.contains(so.Session, "after_flush", _forget_gate_caches_on_change):
        sa.event.listen(so.Session, "after_flush", _forget_gate_caches_on_change)
    register_demo_loader(20, "fairs", load_demo_fair)
    # After every package's demo fairs are made.
    register_demo_loader(90, "gate_staff", load_demo_gate_staff)
    register_landing_page("organizer", "fairs.index")
