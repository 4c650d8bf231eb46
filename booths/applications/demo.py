"""Demo applications: about 450 enterprises from 26 provinces and 7 countries apply to the demo fair.

Deterministic (a fixed seed), with realistic names, a share of rural establishments asking for
khuyến công support, and domestic demand about 1.3 times the domestic booths.
"""

import random
from datetime import timedelta

import sqlalchemy as sa
from stdnum.vn import mst

from accounts.services import find_user_by_email
from booths.applications.models import BoothApplication
from core.reference.provinces import all_provinces
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair

SEED = 2019
DOMESTIC_APPLICATIONS = 390
FOREIGN = {
    "JP": ["Sakura Crafts Co., Ltd.", "Kyoto Washi Studio", "Arita Porcelain Trading", "Nara Lacquer Works"],
    "KR": ["Hanji Living Co.", "Seoul Celadon House", "Jeonju Craft Union"],
    "CN": ["Jingdezhen Ceramics Export", "Hangzhou Silk Road Trading", "Suzhou Embroidery Co."],
    "TH": ["Chiang Mai Handmade Co., Ltd.", "Siam Rattan Design"],
    "IN": ["Jaipur Block Print Exports", "Moradabad Brassware House"],
    "US": ["Pacific Home Decor Imports", "Artisan Bridge LLC"],
    "FR": ["Maison de l'Artisanat Lyon", "Atelier Provence Textiles"],
}
PREFIXES = [("Công ty TNHH", "enterprise"), ("Công ty Cổ phần", "enterprise"), ("Hợp tác xã", "cooperative"),
            ("Cơ sở sản xuất", "rural_establishment"), ("Hộ kinh doanh", "household_business")]
CRAFTS = [("Gốm sứ", "handicraft"), ("Mây tre đan", "handicraft"), ("Sơn mài", "handicraft"),
          ("Thêu ren", "textiles_garments"), ("Gỗ mỹ nghệ", "wood_furniture"), ("Lụa tơ tằm", "textiles_garments"),
          ("Đúc đồng", "handicraft"), ("Nón lá", "handicraft"), ("Chè", "agro_processing"),
          ("Cà phê", "agro_processing"), ("Nước mắm", "food_processing"), ("Bánh kẹo", "food_processing"),
          ("Thổ cẩm", "textiles_garments"), ("Khảm trai", "handicraft"), ("Da giày", "leather_footwear"),
          ("Cơ khí nhỏ", "mechanical"), ("Đèn lồng", "handicraft"), ("Tranh thêu", "handicraft")]
VILLAGES = ["Bát Tràng", "Phú Vinh", "Hạ Thái", "Quất Động", "Vạn Phúc", "Đồng Kỵ", "Chuông", "Kim Sơn",
            "Thanh Hà", "Phù Lãng", "Làng Sình", "Hội An", "Phước Kiều", "Chu Đậu", "Đông Hồ", "Bảo Hà",
            "Tân Châu", "Mỹ Nghiệp", "Thanh Tiên", "Đại Bái"]


def _tax_code(rng: random.Random) -> str:
    body = "0" + "".join(str(rng.randrange(10)) for _ in range(8))
    return mst.format(body + mst.calc_check_digit(body))


def load_demo_applications(session, fair: Fair, now) -> int:
    """Add the demo enterprises and their applications to `fair` unless it already has applications."""
    if session.scalar(sa.select(BoothApplication.id).where(BoothApplication.fair_id == fair.id).limit(1)):
        return 0
    rng = random.Random(SEED)
    provinces = [p.name_vi for p in all_provinces()]
    chosen = ["Hà Nội", "Bắc Ninh"] + rng.sample([p for p in provinces if p not in ("Hà Nội", "Bắc Ninh")], 24)
    weights = [6, 3] + [1] * 24  # the host city and its neighbour send the most
    used_codes: set[str] = set()
    enterprises: list[tuple[Enterprise, int]] = []
    for number in range(DOMESTIC_APPLICATIONS):
        prefix, kind = rng.choice(PREFIXES)
        craft, sector = rng.choice(CRAFTS)
        village = rng.choice(VILLAGES)
        province = rng.choices(chosen, weights)[0]
        code = _tax_code(rng)
        while code in used_codes:
            code = _tax_code(rng)
        used_codes.add(code)
        rural = kind in ("rural_establishment", "household_business", "cooperative") and rng.random() < 0.8
        enterprise = Enterprise(
            legal_name=f"{prefix} {craft} {village} {number + 1}", name_en=None, kind=kind,
            tax_code=code if kind != "household_business" else None, country="VN", province=province,
            sector=sector, products=f"{craft} {village}", employees=rng.randrange(3, 300),
            is_rural_industry=rural, created_at=now, updated_at=now)
        booths = rng.choices([1, 2, 3, 4], [68, 24, 6, 2])[0]
        enterprises.append((enterprise, booths))
    for country, names in FOREIGN.items():
        for index in range(9 if country in ("JP", "KR", "CN") else 7):
            name = names[index % len(names)] + (f" ({index // len(names) + 1})" if index >= len(names) else "")
            enterprise = Enterprise(legal_name=name, name_en=name, kind="enterprise", country=country,
                                    foreign_registration=f"{country}-{rng.randrange(10**6, 10**7)}",
                                    sector=rng.choice(CRAFTS)[1], employees=rng.randrange(10, 500),
                                    is_rural_industry=False, created_at=now, updated_at=now)
            enterprises.append((enterprise, rng.choice([1, 1, 2])))
    session.add_all(enterprise for enterprise, _booths in enterprises)
    session.flush()
    demo_exhibitor = find_user_by_email(session, "exhibitor@demo.hoicho.vn")
    if demo_exhibitor is not None:
        first = enterprises[0][0]
        first.legal_name, first.kind, first.province = "Hợp tác xã Gốm Bát Tràng", "cooperative", "Hà Nội"
        session.add(EnterpriseMember(user_id=demo_exhibitor.id, enterprise_id=first.id, role="owner", joined_at=now))
    statuses = ["approved"] * 60 + ["submitted"] * 30 + ["waitlisted"] * 7 + ["rejected"] * 3
    for index, (enterprise, booths) in enumerate(enterprises):
        status = "submitted" if index == 0 else rng.choice(statuses)
        session.add(BoothApplication(
            fair_id=fair.id, enterprise_id=enterprise.id, booths_requested=booths, booth_type=None,
            zone_preferences=["international"] if enterprise.country != "VN" else [], preferred_booths=[],
            neighbour_enterprise_ids=[], avoid_enterprise_ids=[], products=enterprise.products,
            staff_count=rng.randrange(1, 6), support_requested=enterprise.is_rural_industry and rng.random() < 0.7,
            status=status, decision_reason=("Hết gian hàng khu trong nước / domestic zone full"
                                            if status in ("waitlisted", "rejected") else None),
            payment_status="unpaid",
            submitted_at=now - timedelta(days=rng.randrange(1, 40), minutes=rng.randrange(600)),
            decided_at=now if status != "submitted" else None,
            created_at=now, updated_at=now))
    session.flush()
    return len(enterprises)
