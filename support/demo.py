"""Demo programmes: the national khuyến công programme and Hanoi's, for the years of the demo fairs."""

from datetime import date

import sqlalchemy as sa

from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE
from support.models import SupportProgramme
from support.services import create_programme

NATIONAL = "Chương trình khuyến công quốc gia"
HANOI = "Chương trình khuyến công thành phố Hà Nội"


def load_demo_programmes(session, now) -> list[str]:
    """Two programmes for each year a demo fair runs in (idempotent)."""
    starts = session.scalars(sa.select(Fair.starts_on).where(Fair.code.in_((DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE))))
    lines = []
    for year in sorted({day.year for day in starts}):
        if session.scalar(sa.select(SupportProgramme.id).where(SupportProgramme.year == year).limit(1)) is None:
            lines.append(_programmes_of(session, year, now))
    return lines or ["Demo support programmes: already there"]


def _programmes_of(session, year: int, now) -> str:
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
    return f"Demo support programmes: national and Hà Nội, {year}"
