"""Demo results: about 1,300 contracts, a few thousand business meetings and leads for the running demo fair.

Deterministic (a fixed seed). Contracts are mostly in VND, some in USD, EUR, JPY, KRW and CNY at the
fair's rates; a few are cancelled or confidential, a third are verified. Meetings fill the trade
buyers' slots without ever putting either side in two meetings at once; leads are visitors who came.
Nothing is signed, scanned or concluded after the moment the demo is loaded. The demo exhibitor has
its own story: a contract, leads, a meeting held, one accepted for tomorrow and a request to answer.
"""

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from booths.applications.demo import DEMO_EXHIBITOR_EMAIL
from booths.applications.models import BoothApplication
from contracts.models import Contract, FxRate, Lead, Meeting
from contracts.money import to_vnd, vnd_to_usd
from contracts.slots import MeetingRules, fair_days
from enterprises.models import Enterprise
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE
from visitors.models import Admission, Visitor

SEED = 1300
CONTRACTS = 1300
MEETINGS = 3000
LEADS = 4000
RATES = {"USD": Decimal("25400"), "EUR": Decimal("27550"), "JPY": Decimal("168.4"), "KRW": Decimal("18.45"),
         "CNY": Decimal("3512")}
CURRENCIES = ["VND"] * 70 + ["USD"] * 18 + ["EUR"] * 4 + ["JPY"] * 4 + ["KRW"] * 2 + ["CNY"] * 2
BUYERS = [("VN", "Hà Nội", "Siêu thị {}"), ("VN", "Thành phố Hồ Chí Minh", "Công ty Phân phối {}"),
          ("VN", "Đà Nẵng", "Chuỗi cửa hàng {}"), ("VN", "Hải Phòng", "Công ty Xuất khẩu {}"),
          ("JP", None, "{} Trading K.K."), ("KR", None, "{} Corporation"), ("US", None, "{} Imports LLC"),
          ("FR", None, "{} Maison SARL"), ("DE", None, "{} Handel GmbH"), ("CN", None, "{} Trade Co."),
          ("AU", None, "{} Pty Ltd"), ("TH", None, "{} Co., Ltd.")]
BRANDS = ["Sao Mai", "Hòa Bình", "Lotus", "Golden Bridge", "Mekong", "Ruby", "Bamboo", "Lacquer", "Silk Road"]
NOTES = ["Quan tâm hàng mây tre đan xuất khẩu", "Cần báo giá 500 sản phẩm", "Hẹn thăm xưởng sau hội chợ",
         "Interested in private label", "Sample order next month", None, None]


def _amount(rng: random.Random, currency: str) -> Decimal:
    vnd = Decimal(round(rng.lognormvariate(19.3, 1.1), -4))  # median about 240 million đồng
    if currency == "VND":
        return max(vnd, Decimal(1_000_000))
    return max((vnd / RATES[currency]).quantize(Decimal(1)), Decimal(100))


def load_demo_contracts(session, now) -> list[str]:
    """Rates, contracts, meetings and leads for the demo fair (idempotent)."""
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    if fair is None:
        return []
    if session.scalar(sa.select(FxRate.id).where(FxRate.fair_id == fair.id).limit(1)) is not None:
        return ["Demo contracts: already there"]
    rng = random.Random(SEED)
    sellers = list(session.scalars(
        sa.select(Enterprise).join(BoothApplication, BoothApplication.enterprise_id == Enterprise.id)
        .where(BoothApplication.fair_id == fair.id, BoothApplication.status == "approved")
        .distinct().order_by(Enterprise.id)))
    if not sellers:
        return []
    rate_day = fair.starts_on - timedelta(days=1)
    session.execute(sa.insert(FxRate), [{"fair_id": fair.id, "currency": currency, "rate_to_vnd": rate,
                                         "valid_on": rate_day, "created_at": now} for currency, rate in RATES.items()])
    days = fair_days(fair.starts_on, fair.ends_on)
    rules = MeetingRules(length=30, hours="09:00-17:00", tables=20)
    past_days = [day for day in days if rules.starts_at(day, 0) <= now] or days[:1]
    demo = _demo_exhibitor(session, fair)
    story = _demo_exhibitor_story(session, fair, demo, rules, days, now) if demo is not None else []
    # The support demo may have recorded its supported exhibitors' contracts: top up to CONTRACTS.
    existing = session.scalar(sa.select(sa.func.count()).select_from(Contract).where(Contract.fair_id == fair.id))
    contracts = []
    for number in range(max(0, CONTRACTS - existing)):
        seller = rng.choice(sellers)
        country, province, pattern = rng.choice(BUYERS)
        currency = rng.choice(CURRENCIES)
        amount = _amount(rng, currency)
        rate = RATES.get(currency, Decimal(1))
        value_vnd = to_vnd(amount, rate)
        contracts.append({
            "fair_id": fair.id, "seller_enterprise_id": seller.id, "buyer_name": pattern.format(rng.choice(BRANDS)),
            "buyer_country": country, "buyer_province": province,
            "kind": rng.choices(["contract", "mou", "order"], [45, 30, 25])[0], "category": seller.sector,
            "amount": amount, "currency": currency, "fx_rate_to_vnd": rate, "value_vnd": value_vnd,
            "value_usd": vnd_to_usd(value_vnd, RATES["USD"]), "signed_on": rng.choice(past_days),
            "status": rng.choices(["signed", "in_progress", "cancelled"], [85, 11, 4])[0],
            "confidential": rng.random() < 0.05, "verified_at": now if number % 3 == 0 else None,
            "created_at": now, "updated_at": now})
    session.execute(sa.insert(Contract), contracts)
    meetings = _demo_meetings(session, fair, sellers, rng, days, now, rules, story)
    leads = _demo_leads(session, fair, sellers, rng, past_days, now, demo)
    return [f"Demo contracts: {existing + len(contracts)} contracts, {meetings} meetings, {leads} leads"]


def _demo_exhibitor(session, fair: Fair) -> Enterprise | None:
    return session.scalar(sa.select(Enterprise).join(BoothApplication).where(
        BoothApplication.fair_id == fair.id, BoothApplication.status == "approved",
        Enterprise.email == DEMO_EXHIBITOR_EMAIL))


def _demo_exhibitor_story(session, fair: Fair, seller: Enterprise, rules: MeetingRules, days, now) -> list[dict]:
    """The demo exhibitor's contract (yesterday) and its meetings: held yesterday, accepted and asked for tomorrow."""
    yesterday, tomorrow = days[1], days[-1]
    value_vnd = to_vnd(Decimal(12500), RATES["USD"])
    session.add(Contract(
        fair_id=fair.id, seller_enterprise_id=seller.id, buyer_name="Kyoto Trading K.K.", buyer_country="JP",
        kind="contract", category=seller.sector, amount=Decimal(12500), currency="USD", fx_rate_to_vnd=RATES["USD"],
        value_vnd=value_vnd, value_usd=vnd_to_usd(value_vnd, RATES["USD"]), signed_on=yesterday, status="signed",
        confidential=False, created_at=now, updated_at=now))
    buyers = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id,
                                                              Visitor.visitor_type == "trade_buyer")
                                  .order_by(Visitor.id).limit(3)))
    plans = [(yesterday, 10 * 60, "accepted", "follow_up", "Muốn đặt hàng men lam cho chuỗi cửa hàng"),
             (tomorrow, 10 * 60, "accepted", None, "Interested in private label tea sets"),
             (tomorrow, 14 * 60, "requested", None, "Cần báo giá 500 bình hoa")]
    return [{"fair_id": fair.id, "buyer_visitor_id": buyer, "enterprise_id": seller.id, "day": day,
             "start_minute": start, "minutes": rules.length, "place": "booth", "table_no": None, "status": status,
             "message": message, "outcome": outcome if rules.starts_at(day, start) < now else None,
             "requested_at": now - timedelta(days=3), "decided_at": now if status != "requested" else None}
            for buyer, (day, start, status, outcome, message) in zip(buyers, plans, strict=False)]


def _demo_meetings(session, fair: Fair, sellers, rng: random.Random, days, now, rules: MeetingRules,
                   story: list[dict]) -> int:
    buyers = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id,
                                                              Visitor.visitor_type == "trade_buyer")))
    if not buyers:
        return 0
    slots = [(day, start) for day in days for start in rules.starts()]
    buyer_busy = {(row["buyer_visitor_id"], row["day"], row["start_minute"]) for row in story}
    seller_busy = {(row["enterprise_id"], row["day"], row["start_minute"]) for row in story}
    tables = {}
    rows = list(story)
    for _ in range(MEETINGS * 3):
        if len(rows) >= MEETINGS:
            break
        buyer, seller, (day, start) = rng.choice(buyers), rng.choice(sellers), rng.choice(slots)
        status = rng.choices(["accepted", "requested", "declined", "cancelled"], [78, 8, 10, 4])[0]
        if (buyer, day, start) in buyer_busy and status in ("accepted", "requested"):
            continue
        if status == "accepted" and (seller.id, day, start) in seller_busy:
            continue
        place, table = "booth", None
        if status == "accepted" and rng.random() < 0.2 and tables.get((day, start), 0) < rules.tables:
            tables[(day, start)] = table = tables.get((day, start), 0) + 1
            place = "table"
        if status in ("accepted", "requested"):
            buyer_busy.add((buyer, day, start))
        if status == "accepted":
            seller_busy.add((seller.id, day, start))
        outcome = rng.choices(["no_deal", "follow_up", "contract", None], [20, 45, 15, 20])[0] \
            if status == "accepted" and rules.starts_at(day, start) < now else None
        rows.append({"fair_id": fair.id, "buyer_visitor_id": buyer, "enterprise_id": seller.id, "day": day,
                     "start_minute": start, "minutes": rules.length, "place": place, "table_no": table,
                     "status": status, "message": rng.choice(NOTES), "outcome": outcome,
                     "requested_at": now - timedelta(days=rng.randrange(1, 20)),
                     "decided_at": now if status != "requested" else None})
    session.execute(sa.insert(Meeting), rows)
    return len(rows)


def _demo_leads(session, fair: Fair, sellers, rng: random.Random, days, now, demo: Enterprise | None) -> int:
    came = list(session.scalars(sa.select(Admission.visitor_id).where(Admission.fair_id == fair.id).distinct()
                                .order_by(Admission.visitor_id)))
    if not came:
        return 0
    pairs = {(demo.id, visitor_id) for visitor_id in came[:6]} if demo is not None else set()
    while len(pairs) < min(LEADS, len(came) * len(sellers) // 2):
        pairs.add((rng.choice(sellers).id, rng.choice(came)))
    rows = []
    for enterprise_id, visitor_id in sorted(pairs):
        at = min(datetime.combine(rng.choice(days), time(rng.randrange(2, 10), rng.randrange(60)), tzinfo=UTC), now)
        rows.append({"fair_id": fair.id, "enterprise_id": enterprise_id, "visitor_id": visitor_id,
                     "rating": rng.choice([None, 2, 3, 3, 4, 4, 5]), "notes": rng.choice(NOTES),
                     "scans": rng.choice([1, 1, 2]), "first_scanned_at": at, "last_scanned_at": at})
    session.execute(sa.insert(Lead), rows)
    return len(pairs)
