"""Demo applications: about 450 enterprises from 26 provinces and 7 countries apply to the demo fair.

Deterministic (a fixed seed). Every domestic enterprise comes from a real craft village or
speciality with its own province, sector and products (Bát Tràng makes ceramics in Hà Nội, Vạn Phúc
weaves silk in Hà Nội, Đồng Kỵ carves wood in Bắc Ninh…), and every tax code passes the product's
own check (`enterprises.identity`). A share of rural establishments ask for khuyến công support;
domestic demand is about 1.3 times the domestic booths. The demo exhibitor's cooperative is
approved, so the allocation gives it booths and its portal has something to show.
"""

import random
from datetime import timedelta

import sqlalchemy as sa
from stdnum.vn import mst

from accounts.services import find_user_by_email
from booths.applications.models import BoothApplication
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair

SEED = 2019
DOMESTIC_APPLICATIONS = 390
DEMO_EXHIBITOR_EMAIL = "exhibitor@demo.hoicho.vn"
DEMO_EXHIBITOR = {
    "legal_name": "Hợp tác xã Gốm sứ Bát Tràng", "name_en": "Bat Trang Ceramics Cooperative",
    "kind": "cooperative", "country": "VN", "province": "Hà Nội", "sector": "handicraft",
    "address": "Thôn Giang Cao, xã Bát Tràng, Hà Nội",
    "products": "Gốm sứ Bát Tràng: bình hoa men lam, bộ ấm chén, gạch gốm trang trí",
    "contact_person": "Nguyễn Văn Hùng", "phone": "024 3874 0123", "email": DEMO_EXHIBITOR_EMAIL,
    "employees": 45, "is_rural_industry": True,
}
FOREIGN = {
    "JP": [("Sakura Crafts Co., Ltd.", "handicraft"), ("Kyoto Washi Studio", "handicraft"),
           ("Arita Porcelain Trading", "handicraft"), ("Nara Lacquer Works", "handicraft")],
    "KR": [("Hanji Living Co.", "handicraft"), ("Seoul Celadon House", "handicraft"),
           ("Jeonju Craft Union", "handicraft")],
    "CN": [("Jingdezhen Ceramics Export", "handicraft"), ("Hangzhou Silk Road Trading", "textiles_garments"),
           ("Suzhou Embroidery Co.", "textiles_garments")],
    "TH": [("Chiang Mai Handmade Co., Ltd.", "handicraft"), ("Siam Rattan Design", "wood_furniture")],
    "IN": [("Jaipur Block Print Exports", "textiles_garments"), ("Moradabad Brassware House", "handicraft")],
    "US": [("Pacific Home Decor Imports", "wood_furniture"), ("Artisan Bridge LLC", "handicraft")],
    "FR": [("Maison de l'Artisanat Lyon", "handicraft"), ("Atelier Provence Textiles", "textiles_garments")],
}
# A craft village or local speciality: (place, province today, craft in the name, sector, products).
PLACES = [
    ("Bát Tràng", "Hà Nội", "Gốm sứ", "handicraft", "Gốm sứ men lam, bình hoa, bộ ấm chén"),
    ("Vạn Phúc", "Hà Nội", "Lụa tơ tằm", "textiles_garments", "Lụa tơ tằm, khăn lụa, áo dài"),
    ("Phú Vinh", "Hà Nội", "Mây tre đan", "handicraft", "Mây tre đan xuất khẩu, giỏ, khay"),
    ("Hạ Thái", "Hà Nội", "Sơn mài", "handicraft", "Tranh sơn mài, hộp, khay sơn mài"),
    ("Quất Động", "Hà Nội", "Thêu ren", "textiles_garments", "Tranh thêu tay, khăn trải bàn thêu"),
    ("Chuông", "Hà Nội", "Nón lá", "handicraft", "Nón lá, nón quai thao"),
    ("Chàng Sơn", "Hà Nội", "Quạt giấy", "handicraft", "Quạt giấy, quạt nan tre"),
    ("Đồng Kỵ", "Bắc Ninh", "Gỗ mỹ nghệ", "wood_furniture", "Đồ gỗ mỹ nghệ, tủ, sập chạm khắc"),
    ("Phù Lãng", "Bắc Ninh", "Gốm", "handicraft", "Gốm men da lươn, tranh gốm"),
    ("Đông Hồ", "Bắc Ninh", "Tranh dân gian", "handicraft", "Tranh dân gian Đông Hồ"),
    ("Đại Bái", "Bắc Ninh", "Đúc đồng", "handicraft", "Đồ đồng gò, lư hương, tranh đồng"),
    ("Chu Đậu", "Hải Phòng", "Gốm", "handicraft", "Gốm Chu Đậu vẽ lam"),
    ("Bảo Hà", "Hải Phòng", "Tượng gỗ", "wood_furniture", "Tượng gỗ, con rối nước"),
    ("Kim Sơn", "Ninh Bình", "Cói", "handicraft", "Thảm cói, túi cói, hộp cói"),
    ("Hoa Lư", "Ninh Bình", "Thêu ren", "textiles_garments", "Thêu ren Văn Lâm, khăn thêu"),
    ("Tân Cương", "Thái Nguyên", "Chè", "agro_processing", "Chè búp Tân Cương"),
    ("Hạ Long", "Quảng Ninh", "Chả mực", "food_processing", "Chả mực, hải sản khô"),
    ("Nga Sơn", "Thanh Hóa", "Cói", "handicraft", "Chiếu cói, thảm cói Nga Sơn"),
    ("Nam Đàn", "Nghệ An", "Tương", "food_processing", "Tương Nam Đàn, nước chấm"),
    ("Làng Sình", "Huế", "Tranh dân gian", "handicraft", "Tranh giấy làng Sình"),
    ("Thanh Tiên", "Huế", "Hoa giấy", "handicraft", "Hoa giấy Thanh Tiên"),
    ("Hội An", "Đà Nẵng", "Đèn lồng", "handicraft", "Đèn lồng lụa, đèn lồng tre"),
    ("Thanh Hà", "Đà Nẵng", "Gốm", "handicraft", "Gốm đất nung Thanh Hà"),
    ("Phước Kiều", "Đà Nẵng", "Đúc đồng", "handicraft", "Chiêng, cồng, đồ đồng đúc"),
    ("Mỹ Nghiệp", "Khánh Hòa", "Thổ cẩm", "textiles_garments", "Thổ cẩm dệt tay Chăm"),
    ("Buôn Ma Thuột", "Đắk Lắk", "Cà phê", "agro_processing", "Cà phê Robusta rang xay"),
    ("Bảo Lộc", "Lâm Đồng", "Lụa tơ tằm", "textiles_garments", "Lụa tơ tằm Bảo Lộc"),
    ("Phú Quốc", "An Giang", "Nước mắm", "food_processing", "Nước mắm truyền thống"),
    ("Tân Châu", "An Giang", "Lụa", "textiles_garments", "Lãnh Mỹ A, lụa Tân Châu"),
    ("Chợ Lách", "Vĩnh Long", "Kẹo dừa", "food_processing", "Kẹo dừa, bánh tráng dừa"),
    ("Sa Đéc", "Đồng Tháp", "Bột", "food_processing", "Bột gạo, hủ tiếu Sa Đéc"),
    ("Thủ Dầu Một", "Hồ Chí Minh", "Sơn mài", "handicraft", "Tranh sơn mài Tương Bình Hiệp"),
    ("Biên Hòa", "Đồng Nai", "Gốm", "handicraft", "Gốm Biên Hòa men màu"),
    ("Trảng Bàng", "Tây Ninh", "Bánh tráng", "food_processing", "Bánh tráng phơi sương"),
    ("Ninh Kiều", "Cần Thơ", "Bánh kẹo", "food_processing", "Bánh pía, kẹo trái cây"),
    ("Ngọc Hiển", "Cà Mau", "Tôm khô", "food_processing", "Tôm khô, mật ong rừng U Minh"),
    ("Mộ Đức", "Quảng Ngãi", "Đường phèn", "food_processing", "Đường phèn, mạch nha"),
    ("Phú Thọ", "Phú Thọ", "Chè", "agro_processing", "Chè xanh, chè Shan tuyết"),
    ("Như Quỳnh", "Hưng Yên", "Nhãn lồng", "agro_processing", "Long nhãn Hưng Yên"),
    ("Sa Pa", "Lào Cai", "Thổ cẩm", "textiles_garments", "Thổ cẩm Mông, Dao đỏ"),
    ("Mộc Châu", "Sơn La", "Chè", "agro_processing", "Chè Ô long Mộc Châu"),
    ("Pleiku", "Gia Lai", "Cà phê", "agro_processing", "Cà phê, hồ tiêu"),
]
# Where a place was before the 2025 merger of provinces (records made then name the old province).
FORMER_PROVINCES = {"Vạn Phúc": "Hà Tây", "Phú Vinh": "Hà Tây", "Hạ Thái": "Hà Tây", "Quất Động": "Hà Tây",
                    "Chuông": "Hà Tây", "Chàng Sơn": "Hà Tây", "Chu Đậu": "Hải Dương", "Hội An": "Quảng Nam",
                    "Thanh Hà": "Quảng Nam", "Phước Kiều": "Quảng Nam", "Mỹ Nghiệp": "Ninh Thuận",
                    "Phú Quốc": "Kiên Giang", "Chợ Lách": "Bến Tre", "Thủ Dầu Một": "Bình Dương"}
PREFIXES = [("Công ty TNHH", "enterprise"), ("Công ty Cổ phần", "enterprise"), ("Hợp tác xã", "cooperative"),
            ("Cơ sở sản xuất", "rural_establishment"), ("Hộ kinh doanh", "household_business")]
TRADE_NAMES = ["Hưng Thịnh", "Minh Long", "Phúc An", "Thành Đạt", "Hoàng Gia", "Tân Phát", "Đức Thắng", "An Khang",
               "Việt Hưng", "Bảo Ngọc", "Quang Minh", "Thiên Phú", "Kim Ngân", "Hồng Phát", "Trường Sơn", "Nam Việt",
               "Phú Gia", "Hải Long", "Thuận Thành", "Gia Bảo", "Tiến Đạt", "Sơn Hà"]


def former_province(enterprise: Enterprise) -> str | None:
    """The province a demo enterprise's place belonged to before 2025, if another one."""
    products = enterprise.products or ""
    return next((old for place, old in FORMER_PROVINCES.items() if products.endswith(f"({place})")), None)


def demo_tax_code(rng: random.Random) -> str:
    """A ten-digit tax code that the product's own check accepts."""
    while True:
        body = "0" + "".join(str(rng.randrange(10)) for _ in range(8))
        code = normalise_tax_code(body + mst.calc_check_digit(body))
        if code is not None:
            return code


def _domestic(rng: random.Random, now, used_names: set[str], used_codes: set[str]) -> Enterprise:
    weights = [6 if province == "Hà Nội" else 3 if province == "Bắc Ninh" else 1 for _p, province, *_ in PLACES]
    while True:
        place, province, craft, sector, products = rng.choices(PLACES, weights)[0]
        prefix, kind = rng.choice(PREFIXES)
        name = f"{prefix} {craft} {place} {rng.choice(TRADE_NAMES)}"
        if name not in used_names:
            break
    used_names.add(name)
    code = None
    if kind != "household_business":
        code = demo_tax_code(rng)
        while code in used_codes:
            code = demo_tax_code(rng)
        used_codes.add(code)
    rural = kind in ("rural_establishment", "household_business", "cooperative") and rng.random() < 0.8
    return Enterprise(legal_name=name, name_en=None, kind=kind, tax_code=code, country="VN", province=province,
                      sector=sector, products=f"{products} ({place})", employees=rng.randrange(3, 300),
                      is_rural_industry=rural, created_at=now, updated_at=now)


def load_demo_applications(session, fair: Fair, now) -> int:
    """Add the demo enterprises and their applications to `fair` unless it already has applications."""
    if session.scalar(sa.select(BoothApplication.id).where(BoothApplication.fair_id == fair.id).limit(1)):
        return 0
    rng = random.Random(SEED)
    used_names: set[str] = {DEMO_EXHIBITOR["legal_name"]}
    used_codes: set[str] = set()
    demo_code = demo_tax_code(random.Random("Bát Tràng"))
    used_codes.add(demo_code)
    enterprises: list[tuple[Enterprise, int]] = [
        (Enterprise(**DEMO_EXHIBITOR, tax_code=demo_code, created_at=now, updated_at=now), 2)]
    for _number in range(DOMESTIC_APPLICATIONS - 1):
        enterprises.append((_domestic(rng, now, used_names, used_codes), rng.choices([1, 2, 3, 4], [68, 24, 6, 2])[0]))
    for country, names in FOREIGN.items():
        for index in range(9 if country in ("JP", "KR", "CN") else 7):
            name, sector = names[index % len(names)]
            name += f" ({index // len(names) + 1})" if index >= len(names) else ""
            enterprise = Enterprise(legal_name=name, name_en=name, kind="enterprise", country=country,
                                    foreign_registration=f"{country}-{rng.randrange(10**6, 10**7)}",
                                    sector=sector, employees=rng.randrange(10, 500),
                                    is_rural_industry=False, created_at=now, updated_at=now)
            enterprises.append((enterprise, rng.choice([1, 1, 2])))
    session.add_all(enterprise for enterprise, _booths in enterprises)
    session.flush()
    demo_exhibitor = find_user_by_email(session, DEMO_EXHIBITOR_EMAIL)
    if demo_exhibitor is not None:
        session.add(EnterpriseMember(user_id=demo_exhibitor.id, enterprise_id=enterprises[0][0].id, role="owner",
                                     joined_at=now))
    statuses = ["approved"] * 60 + ["submitted"] * 30 + ["waitlisted"] * 7 + ["rejected"] * 3
    for index, (enterprise, booths) in enumerate(enterprises):
        status = "approved" if index == 0 else rng.choice(statuses)
        session.add(BoothApplication(
            fair_id=fair.id, enterprise_id=enterprise.id, booths_requested=booths, booth_type=None,
            zone_preferences=["international"] if enterprise.country != "VN" else [], preferred_booths=[],
            neighbour_enterprise_ids=[], avoid_enterprise_ids=[], products=enterprise.products,
            staff_count=3 if index == 0 else rng.randrange(1, 6),
            support_requested=index == 0 or (enterprise.is_rural_industry and rng.random() < 0.7),
            status=status, decision_reason=("Hết gian hàng khu trong nước / domestic zone full"
                                            if status in ("waitlisted", "rejected") else None),
            payment_status="unpaid",
            submitted_at=now - timedelta(days=rng.randrange(35, 75), minutes=rng.randrange(600)),
            decided_at=now - timedelta(days=33) if status != "submitted" else None,
            created_at=now, updated_at=now))
    session.flush()
    return len(enterprises)


def load_demo_open_applications(session, fair: Fair, now, *, count: int = 40) -> int:
    """A few dozen of the demo enterprises (never the demo exhibitor's) apply to the open fair, waiting for review."""
    if session.scalar(sa.select(BoothApplication.id).where(BoothApplication.fair_id == fair.id).limit(1)):
        return 0
    rng = random.Random(SEED + 1)
    candidates = list(session.scalars(sa.select(Enterprise).where(
        Enterprise.country == "VN", Enterprise.email.is_(None)).order_by(Enterprise.id)))
    chosen = rng.sample(candidates, min(count, len(candidates)))
    for enterprise in chosen:
        session.add(BoothApplication(
            fair_id=fair.id, enterprise_id=enterprise.id, booths_requested=rng.choice([1, 1, 1, 2]), booth_type=None,
            zone_preferences=[], preferred_booths=[], neighbour_enterprise_ids=[], avoid_enterprise_ids=[],
            products=enterprise.products, staff_count=rng.randrange(1, 4),
            support_requested=enterprise.is_rural_industry and rng.random() < 0.6, status="submitted",
            payment_status="unpaid",
            submitted_at=now - timedelta(days=rng.randrange(1, 12), minutes=rng.randrange(600)),
            created_at=now, updated_at=now))
    session.flush()
    return len(chosen)
