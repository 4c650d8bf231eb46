"""Demo programmes: the national khuyến công programme and Hanoi's, for the year of the demo fair."""

from datetime import date

import sqlalchemy as sa

from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE
from support.models import SupportProgramme
from support.services import create_programme

NATIONAL = "Chương trình khuyến công quốc gia"
HANOI = "Chương trình khuyến công thành phố Hà Nội"


def load_demo_programmes(session, now) -> list[str]:
    """Two programmes of the demo fair's year (idempotent)."""
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    if fair is None:
        return []
    year = fair.starts_on.year
    if session.scalar(sa.select(SupportProgramme.id).where(SupportProgramme.year == year).limit(1)) is not None:
        return ["Demo support programmes: already there"]
    create_programme(session, {
        "name": NATIONAL, "level": "national", "year": year, "agency": "Cục Công Thương địa phương – Bộ Công Thương",
        "decision_ref": "1288/QĐ-BCT", "decision_date": date(year, 1, 15).isoformat(),
        "budget_vnd": 1_500_000_000, "booth_fee_percent": 50, "booth_fee_max_booths": 1,
        "allowed_contents": ["fair_participation", "booth_fee", "travel", "training", "machinery", "product_design"],
    }, actor=None, now=now)
    create_programme(session, {
        "name": HANOI, "level": "provincial", "province": "Hà Nội", "year": year,
        "agency": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
        "decision_ref": "1034/QĐ-UBND", "decision_date": date(year, 3, 6).isoformat(),
        "budget_vnd": 800_000_000, "booth_fee_percent": 100, "booth_fee_max_booths": 2,
        "allowed_contents": ["fair_participation", "booth_fee", "travel", "product_design"],
    }, actor=None, now=now)
    return [f"Demo support programmes: national and Hà Nội, {year}"]
