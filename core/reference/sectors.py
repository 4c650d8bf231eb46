"""Industry sectors used for enterprises, contracts and reports."""

from flask_babel import lazy_gettext as _l

SECTORS = {
    "handicraft": _l("Handicrafts"),
    "food_processing": _l("Food processing"),
    "textiles_garments": _l("Textiles and garments"),
    "leather_footwear": _l("Leather and footwear"),
    "mechanical": _l("Mechanical engineering"),
    "electrical_electronics": _l("Electrical and electronics"),
    "wood_furniture": _l("Wood and furniture"),
    "agro_processing": _l("Agricultural processing"),
    "chemicals_plastics": _l("Chemicals and plastics"),
    "other": _l("Other"),
}

SECTOR_CODES = tuple(SECTORS)


def is_sector(code: str | None) -> bool:
    """True for one of the sector codes."""
    return code in SECTORS
