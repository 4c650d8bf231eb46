"""The demo fairs' layouts: the running fair's three halls with international, pavilion, domestic and technical
zones (652 booths), and one hall of 120 booths for the fair open for applications."""

from booths.layout.edits import set_booth_blocked
from booths.layout.grid import GridSpec
from booths.layout.services import create_grid, create_hall, create_zone, get_booth
from fairs.models import Fair

# (hall name, width m, depth m, blocks); a block: (zone key, prefix, first number, rows, columns, price VND)
DEMO_HALLS = (
    ("Nhà A – Quốc tế", 64, 46, (
        ("international", "A-", 1, 6, 18, 25_000_000),
        ("pavilion_jp", "A-", 109, 2, 18, 25_000_000),
        ("pavilion_kr", "A-", 145, 2, 18, 25_000_000),
    )),
    ("Nhà B – Trong nước", 85, 82, (
        ("domestic", "B-", 1, 14, 24, 12_000_000),
        ("pavilion_hn", "B-", 337, 2, 24, 12_000_000),
        ("pavilion_bn", "B-", 385, 2, 24, 12_000_000),
    )),
    ("Nhà C – Hỗ trợ kỹ thuật", 40, 20, (
        ("technical", "C-", 1, 4, 10, 0),
    )),
)
DEMO_ZONES = {
    "international": {"name_vi": "Khu quốc tế", "name_en": "International zone", "kind": "international"},
    "pavilion_jp": {"name_vi": "Gian Nhật Bản", "name_en": "Japan pavilion", "kind": "pavilion", "country": "JP",
                    "colour": "#c0392b"},
    "pavilion_kr": {"name_vi": "Gian Hàn Quốc", "name_en": "Korea pavilion", "kind": "pavilion", "country": "KR",
                    "colour": "#2e6da4"},
    "domestic": {"name_vi": "Khu trong nước", "name_en": "Domestic zone", "kind": "domestic"},
    "pavilion_hn": {"name_vi": "Gian Hà Nội", "name_en": "Hanoi pavilion", "kind": "pavilion", "province": "Hà Nội",
                    "colour": "#d35400"},
    "pavilion_bn": {"name_vi": "Gian Bắc Ninh", "name_en": "Bac Ninh pavilion", "kind": "pavilion",
                    "province": "Bắc Ninh", "colour": "#8e44ad"},
    "technical": {"name_vi": "Khu hỗ trợ kỹ thuật và kết nối", "name_en": "Technical support and matching",
                  "kind": "technical"},
}
OPEN_FAIR_HALLS = (
    ("Nhà triển lãm Giảng Võ", 48, 52, (
        ("pavilion_hn", "H-", 1, 4, 12, 9_000_000),
        ("domestic", "D-", 1, 4, 12, 9_000_000),
        ("international", "Q-", 1, 2, 12, 15_000_000),
    )),
)
OPEN_FAIR_ZONES = {
    "pavilion_hn": {"name_vi": "Khu làng nghề Hà Nội", "name_en": "Hanoi craft villages", "kind": "pavilion",
                    "province": "Hà Nội", "colour": "#d35400"},
    "domestic": {"name_vi": "Khu sản phẩm OCOP các tỉnh", "name_en": "OCOP products from the provinces",
                 "kind": "domestic"},
    "international": {"name_vi": "Khu quốc tế", "name_en": "International zone", "kind": "international"},
}
BLOCK_ROW_STEP_CM = 2 * 300 + 300  # two rows back to back, then a 3 m aisle


def load_demo_halls(session, fair: Fair, now, *, halls=DEMO_HALLS, zone_values=DEMO_ZONES,
                    blocked=("B-001", "B-024")) -> int:
    """Lay out the demo halls, zones and booths (emergency exits blocked); return how many booths."""
    zones = {key: create_zone(session, fair, values, actor=None, now=now) for key, values in zone_values.items()}
    total = 0
    for name, width, depth, blocks in halls:
        hall = create_hall(session, fair, name=name, width_m=width, depth_m=depth, actor=None, now=now)
        origin_y = 200
        for zone_key, prefix, first, rows, columns, price in blocks:
            spec = GridSpec(prefix=prefix, rows=rows, columns=columns, booth_width=300, booth_depth=300,
                            aisle_every=6 if columns > 10 else 5, aisle_width=300, origin_x=200, origin_y=origin_y,
                            rows_per_block=2, first_number=first)
            total += create_grid(session, fair, spec, hall, zones[zone_key], booth_type="standard",
                                 price_vnd=price, actor=None, now=now)
            origin_y += (rows // 2) * BLOCK_ROW_STEP_CM
    for code in blocked:
        set_booth_blocked(session, get_booth(session, fair, code), blocked=True,
                          reason="Lối thoát hiểm / emergency exit", actor=None, now=now)
    return total
