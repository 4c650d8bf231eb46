"""Wire fairs into the app: template globals and the demo fair."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask

from core.auth import register_landing_page
from core.demo import register_demo_loader
from fairs.labels import STATUS_LABELS
from fairs.models import Fair
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


def init_fairs(app: Flask) -> None:
    """Register the fairs package's template globals and demo loader."""
    app.jinja_env.globals["FAIR_STATUS_LABELS"] = STATUS_LABELS
    register_demo_loader(20, "fairs", load_demo_fair)
    register_landing_page("organizer", "fairs.index")
