"""Countries (ISO 3166 with Vietnamese names) and sector codes."""

from core.reference.countries import country_choices, country_name, is_country_code
from core.reference.sectors import SECTOR_CODES, is_sector


def test_country_codes_are_iso_alpha_2():
    """Known alpha-2 codes pass in any case; unknown or alpha-3 codes do not."""
    assert is_country_code("JP") and is_country_code("de")
    assert not is_country_code("XX")
    assert not is_country_code("VNM")
    assert not is_country_code("")


def test_country_names_in_vietnamese_and_english():
    """Names follow the requested language."""
    assert country_name("JP", "vi") == "Nhật Bản"
    assert country_name("FR", "vi") == "Pháp"
    assert country_name("FR", "en") == "France"
    assert country_name("KR", "en") == "South Korea"


def test_country_choices_put_vietnam_first_and_list_every_country():
    """The picker starts with Vietnam and holds all 249 ISO countries once."""
    choices = country_choices("vi")
    assert choices[0] == ("VN", "Việt Nam")
    codes = [code for code, _name in choices]
    assert len(codes) == len(set(codes)) == 249


def test_sector_codes_are_the_agreed_ten():
    """The codes other packages and reports rely on."""
    assert SECTOR_CODES == (
        "handicraft", "food_processing", "textiles_garments", "leather_footwear", "mechanical",
        "electrical_electronics", "wood_furniture", "agro_processing", "chemicals_plastics", "other",
    )
    assert is_sector("handicraft") and not is_sector("mining")
