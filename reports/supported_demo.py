"""The demo's support story: grants for the demo fair's supported exhibitors, an earlier fair, contracts.

Loaded after the booths demo (it needs the approved applications and their booths) and the
support programmes. Deterministic (a fixed seed). The earlier fair is closed, one year before
the demo fair, with some of the same rural establishments supported and their contracts, so the
trend has two points. Some enterprises keep the province name they registered with before the
2025 merger (Vạn Phúc in Hà Tây, Chu Đậu in Hải Dương, Hội An in Quảng Nam…), so the report shows them
under today's units. Contracts are signed only on the fair's days already past.
"""

import random
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from booths.applications.demo import former_province
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from contracts.models import Contract
from enterprises.models import Enterprise
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE, demo_today
from support.booth_fees import grant_booth_fee
from support.demo import EARLIER_FAIR_DAYS, HANOI, NATIONAL
from support.models import SupportGrant, SupportProgramme
from support.projects import create_project, record_outcome
from support.services import record_grant

SEED = 2018
EARLIER_FAIR_CODE = "HN-GIFT-PREV"
BUYERS = [("Kyoto Trading Co.", "JP"), ("Seoul Living", "KR"), ("Maison Lyon", "FR"), ("Pacific Imports", "US"),
          ("Công ty TNHH Thương mại Sao Mai", "VN"), ("Siêu thị Hòa Bình", "VN")]
USD_RATE = Decimal("25400")


def _contracts(rng: random.Random, fair: Fair, seller: Enterprise, now, today) -> list[Contract]:
    signed_days = [day for offset in range((fair.ends_on - fair.starts_on).days + 1)
                   if (day := fair.starts_on + timedelta(days=offset)) <= today]
    contracts = []
    for _ in range(rng.choices([0, 1, 2, 3], [30, 35, 25, 10])[0]):
        buyer, country = rng.choice(BUYERS)
        value = Decimal(rng.randrange(20, 900) * 1_000_000)
        contracts.append(Contract(
            fair_id=fair.id, seller_enterprise_id=seller.id, buyer_name=buyer, buyer_country=country,
            buyer_province="Hà Nội" if country == "VN" else None, kind=rng.choice(["contract", "mou", "order"]),
            category=seller.sector, amount=value, currency="VND", fx_rate_to_vnd=Decimal(1), value_vnd=value,
            value_usd=(value / USD_RATE).quantize(Decimal("0.01")),
            signed_on=rng.choice(signed_days), status="signed", confidential=False,
            created_at=now, updated_at=now))
    return contracts


def _earlier_fair(session, fair: Fair, now) -> Fair:
    starts = fair.starts_on - timedelta(days=EARLIER_FAIR_DAYS)
    earlier = Fair(code=EARLIER_FAIR_CODE, name_vi="Hội chợ quốc tế Quà tặng hàng thủ công mỹ nghệ Hà Nội (kỳ trước)",
                   name_en="Hanoi International Gift and Handicraft Fair (previous edition)",
                   venue=fair.venue, province="Hà Nội", starts_on=starts, ends_on=starts + timedelta(days=3),
                   application_deadline=starts - timedelta(days=30), status="closed", created_at=now,
                   updated_at=now)
    session.add(earlier)
    session.flush()
    return earlier


def load_demo_support(session, now) -> list[str]:
    """Grants at the demo fair and an earlier one, contracts of the supported exhibitors (idempotent)."""
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    programmes = {p.name: p for p in session.scalars(sa.select(SupportProgramme).where(
        SupportProgramme.year == fair.starts_on.year))} if fair is not None else {}
    if fair is None or NATIONAL not in programmes or HANOI not in programmes:
        return []
    if session.scalar(sa.select(SupportGrant.id).where(SupportGrant.fair_id == fair.id).limit(1)) is not None:
        return ["Demo support grants: already there"]
    rng = random.Random(SEED)
    today = demo_today(now)
    applications = list(session.scalars(sa.select(BoothApplication).where(
        BoothApplication.fair_id == fair.id, BoothApplication.status == "approved",
        BoothApplication.support_requested.is_(True)).order_by(BoothApplication.id)))
    earlier = _earlier_fair(session, fair, now)
    earlier_national = session.scalar(sa.select(SupportProgramme).where(
        SupportProgramme.name == NATIONAL, SupportProgramme.year == earlier.starts_on.year))
    if earlier_national is None:
        return []
    grants = contracts = 0
    for index, application in enumerate(applications):
        enterprise = application.enterprise
        prices = list(session.scalars(sa.select(Booth.price_vnd)
                                      .join(BoothAssignment, BoothAssignment.booth_id == Booth.id)
                                      .where(BoothAssignment.application_id == application.id)))
        if grant_booth_fee(session, enterprise=enterprise, fair=fair, prices=prices, hint=None, actor=None, now=now):
            grants += 1
        if enterprise.province == "Hà Nội" and rng.random() < 0.4:
            record_grant(session, {"enterprise_id": enterprise.id, "fair_id": fair.id, "content": "travel",
                                   "amount_vnd": rng.choice([2, 3, 5]) * 1_000_000, "status": "approved"},
                         actor=None, now=now, programme=programmes[HANOI])
            grants += 1
        former = former_province(enterprise)
        if index % 3 == 0 and former and enterprise.email is None:
            enterprise.province = former  # registered before the 2025 merger
        batch = _contracts(rng, fair, enterprise, now, today)
        if index % 2 == 0:  # half of them were supported at the previous edition too
            session.add(BoothApplication(
                fair_id=earlier.id, enterprise_id=enterprise.id, booths_requested=1, zone_preferences=[],
                preferred_booths=[], neighbour_enterprise_ids=[], avoid_enterprise_ids=[], staff_count=2,
                support_requested=True, status="approved", payment_status="paid", submitted_at=now,
                decided_at=now, created_at=now, updated_at=now))
            record_grant(session, {"enterprise_id": enterprise.id, "fair_id": earlier.id,
                                   "content": "fair_participation", "amount_vnd": 6_000_000, "status": "disbursed"},
                         actor=None, now=now, override=True, programme=earlier_national)
            grants += 1
            batch += _contracts(rng, earlier, enterprise, now, today)
        session.add_all(batch)
        contracts += len(batch)
    session.flush()
    outcomes = _training_outcomes(session, programmes[HANOI], [a.enterprise for a in applications], fair, now, rng)
    return [f"Demo support: {grants} grants to {len(applications)} supported exhibitors at two fairs "
            f"({EARLIER_FAIR_CODE} earlier), {contracts} of their contracts, {outcomes} project outcomes"]


def _training_outcomes(session, programme: SupportProgramme, enterprises: list[Enterprise], fair: Fair, now,
                       rng: random.Random) -> int:
    """A vocational-training and design project of Hanoi's programme, with what it gave Hanoi's supported firms."""
    project = create_project(session, programme, {
        "code": "ĐA-01", "name": "Đào tạo nghề, truyền nghề và thiết kế mẫu sản phẩm mới cho cơ sở CNNT",
        "content": "training", "decision_ref": "215/QĐ-TTKC", "decision_date": programme.decision_date.isoformat(),
        "implementing_unit": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
        "state_budget_vnd": 120_000_000, "counterpart_vnd": 45_000_000, "status": "accepted"}, actor=None, now=now)
    recorded = 0
    for enterprise in [e for e in enterprises if e.province == "Hà Nội"][:8]:
        trainees = rng.randrange(10, 35)
        record_outcome(session, project, {
            "enterprise_id": enterprise.id, "recorded_on": (fair.starts_on - timedelta(days=20)).isoformat(),
            "trainees": trainees, "employed_after": trainees - rng.randrange(0, 6), "jobs_created": rng.randrange(2, 9),
            "new_designs": rng.randrange(1, 6), "typical_products": rng.choice([0, 0, 1]),
            "typical_product_level": "cấp thành phố", "machines": rng.choice([0, 1])}, actor=None, now=now)
        recorded += 1
    return recorded
