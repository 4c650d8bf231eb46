"""Demo visitors: 3,000 people registered for the running demo fair, and their entries on its days so far.

Deterministic (a fixed seed): buyers, visitors, press and VIPs from many provinces and countries;
most come once or twice, some re-enter, a few scans are refused, and the hours follow a fair's
day (a morning and an afternoon peak), so the attendance dashboard has a story to tell. Entries
happen only before the moment the demo is loaded (the fair runs from the day before yesterday), and
the demo exhibitor has registered three of its staff, each with a badge.
"""

import random
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, has_app_context

from accounts.services import find_user_by_email
from booths.applications.demo import DEMO_EXHIBITOR_EMAIL
from booths.applications.models import BoothApplication
from core.reference.provinces import all_provinces
from enterprises.models import Enterprise
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE
from visitors.badge_codes import MAX_SERIAL
from visitors.models import Admission, Badge, Scan, Visitor
from visitors.staff import register_staff

SEED = 2026
VISITORS = 3000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", "Hoài"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam",
         "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]
# Foreign visitors: names of their own country, and the kind of firm a buyer from there works for.
FOREIGN = {
    "JP": (["Sato Yuki", "Tanaka Kenji", "Suzuki Aiko", "Watanabe Ren"], "{} Trading K.K."),
    "KR": (["Kim Min-jun", "Lee Seo-yeon", "Park Ji-hoon"], "{} Corporation"),
    "CN": (["Li Wei", "Wang Fang", "Zhang Min"], "{} Trade Co., Ltd."),
    "TH": (["Somchai Prasert", "Naree Wong"], "{} Co., Ltd."),
    "US": (["Emily Carter", "James Wilson", "Olivia Brown"], "{} Imports LLC"),
    "FR": (["Luc Martin", "Camille Dubois"], "{} Maison SARL"),
    "DE": (["Anna Schmidt", "Jonas Weber"], "{} Import GmbH"),
    "IN": (["Raj Patel", "Priya Sharma"], "{} Exports Pvt. Ltd."),
    "AU": (["Olivia Brown", "Jack Taylor"], "{} Pty Ltd"),
    "SG": (["Tan Wei Ling", "Lim Jun Jie"], "{} Pte. Ltd."),
    "MY": (["Siti Rahma", "Ahmad Faiz"], "{} Sdn. Bhd."),
    "GB": (["James Wilson", "Sophie Clarke"], "{} Home & Living Ltd"),
    "NL": (["Daan de Vries", "Sanne Jansen"], "{} B.V."),
    "LA": (["Souksavanh Phommachanh"], "{} Trading Co."),
    "KH": (["Sokha Chan"], "{} Trading Co."),
}
BRANDS = ["Sao Mai", "Hòa Bình", "Lotus", "Asia", "Golden", "Mekong", "Ruby"]
DOMESTIC_BUYERS = ["Công ty TNHH Thương mại {}", "Siêu thị {}", "Công ty Xuất nhập khẩu {}", "Cửa hàng Quà tặng {}"]
PRESS = ["Báo Công Thương", "Tạp chí Thủ công mỹ nghệ", "Đài Truyền hình Hà Nội", "VnExpress", "NHK World"]
GATES = ["Cổng 1", "Cổng 2", "Cổng 3", "Cổng 4"]
TYPES = (["trade_buyer"] * 45 + ["visitor"] * 45 + ["press"] * 5 + ["vip"] * 5)
DEMO_STAFF = ({"full_name": "Nguyễn Thị Lan", "job_title": "Trưởng gian hàng", "email": "lan.nt@gombattrang.vn",
               "phone": "0912 345 678"},
              {"full_name": "Trần Văn Minh", "job_title": "Nghệ nhân", "email": "minh.tv@gombattrang.vn"},
              {"full_name": "Phạm Thu Hà", "job_title": "Nhân viên kinh doanh", "email": "ha.pt@gombattrang.vn"})
SECTORS = ["handicraft", "handicraft", "textiles_garments", "wood_furniture", "food_processing", "agro_processing"]
HOUR_WEIGHTS = {8: 6, 9: 14, 10: 16, 11: 10, 12: 5, 13: 7, 14: 12, 15: 13, 16: 10, 17: 6, 18: 3, 19: 1}


def _entry_time(rng: random.Random, day, zone: ZoneInfo) -> datetime:
    hour = rng.choices(list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values()))[0]
    local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC"))


def load_demo_visitors(session, now, *, timezone: str = "Asia/Ho_Chi_Minh") -> list[str]:
    """Register the demo fair's visitors with badges, admissions and scans (idempotent)."""
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    if fair is None:
        return []
    if session.scalar(sa.select(Visitor.id).where(Visitor.fair_id == fair.id).limit(1)) is not None:
        return ["Demo visitors: already there"]
    rng = random.Random(SEED)
    zone = ZoneInfo(timezone)
    provinces = [p.name_vi for p in all_provinces()]
    province_weights = [12 if name in ("Thành phố Hà Nội", "Hà Nội") else 2 for name in provinces]
    visitors = []
    for number in range(1, VISITORS + 1):
        country = rng.choice(list(FOREIGN)) if rng.random() < 0.3 else "VN"
        visitor_type = rng.choice(TYPES)
        if country == "VN":
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            firm = rng.choice(DOMESTIC_BUYERS)
        else:
            names, firm = FOREIGN[country]
            name = rng.choice(names)
        organisation = rng.choice(PRESS) if visitor_type == "press" else firm.format(rng.choice(BRANDS))
        visitors.append({
            "fair_id": fair.id, "full_name": name, "email": f"visitor{number}@demo.hoicho.vn",
            "organisation": None if visitor_type == "visitor" and rng.random() < 0.6 else organisation,
            "country": country, "province": None if country != "VN" else rng.choices(provinces, province_weights)[0],
            "visitor_type": visitor_type, "sectors": sorted(set(rng.sample(SECTORS, rng.choice([1, 1, 2])))),
            "source": "demo",
            "consent_at": now, "created_at": now - timedelta(days=rng.randrange(1, 40))})
    session.execute(sa.insert(Visitor), visitors)
    ids = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id).order_by(Visitor.id)))
    serials = rng.sample(range(1, MAX_SERIAL), len(ids))
    session.execute(sa.insert(Badge), [{"fair_id": fair.id, "visitor_id": visitor_id, "serial": serial,
                                        "issued_at": now} for visitor_id, serial in zip(ids, serials, strict=True)])
    all_days = [fair.starts_on + timedelta(days=offset)
                for offset in range((fair.ends_on - fair.starts_on).days + 1)]
    days = [day for day in all_days if day <= now.astimezone(zone).date()] or all_days[:1]
    admissions, scans = [], []
    for visitor_id, serial in zip(ids, serials, strict=True):
        if rng.random() > 0.72:
            continue  # registered, never came
        for day in rng.sample(days, min(len(days), rng.choices([1, 2, 3], [70, 22, 8])[0])):
            gate = rng.choice(GATES)
            first = _entry_time(rng, day, zone)
            if first > now:
                continue  # later today: not yet
            admissions.append({"fair_id": fair.id, "visitor_id": visitor_id, "day": day, "gate": gate,
                               "admitted_at": first})
            scans.append(_scan(fair.id, gate, "admitted", visitor_id, serial, first, None, None))
            again = first + timedelta(hours=rng.randint(1, 4))
            if rng.random() < 0.15 and again < now:  # came back in after lunch
                scans.append(_scan(fair.id, rng.choice(GATES), "already_admitted", visitor_id, serial, again,
                                   first, gate))
    for _ in range(40):  # a few refused scans: photocopies, other fairs' badges
        at = min(_entry_time(rng, rng.choice(days), zone), now)
        scans.append(_scan(fair.id, rng.choice(GATES), rng.choice(["invalid", "wrong_fair"]), None, None, at,
                           None, None))
    session.execute(sa.insert(Admission), admissions)
    session.execute(sa.insert(Scan), scans)
    staff = _demo_staff(session, fair, now)
    return [f"Demo visitors: {len(ids)} registered, {len(admissions)} admissions over {len(days)} days so far, "
            f"{len(scans)} scans; {staff} staff badges of the demo exhibitor"]


def _demo_staff(session, fair: Fair, now) -> int:
    """The demo exhibitor registers its people through the same rule as its staff page."""
    user = find_user_by_email(session, DEMO_EXHIBITOR_EMAIL)
    application = session.scalar(sa.select(BoothApplication).join(Enterprise).where(
        BoothApplication.fair_id == fair.id, Enterprise.email == DEMO_EXHIBITOR_EMAIL))
    if user is None or application is None:
        return 0
    per_9m2 = current_app.config.get("STAFF_PER_9M2", 3) if has_app_context() else 3
    for values in DEMO_STAFF:
        register_staff(session, application, dict(values), actor=user, now=now, per_9m2=per_9m2)
    return len(DEMO_STAFF)


def _scan(fair_id, gate, result, visitor_id, serial, at, first_at, first_gate) -> dict:
    return {"fair_id": fair_id, "nonce": uuid.uuid4().hex, "gate": gate,
            "code": "demo", "result": result, "visitor_id": visitor_id, "serial": serial,
            "first_admitted_at": first_at, "first_gate": first_gate, "scanned_at": at, "received_at": at}
