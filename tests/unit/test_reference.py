"""Countries (ISO 3166 with Vietnamese names) and sector codes."""

import pytest

from core.collation import sort_key
from core.reference.countries import country_choices, country_name, is_country_code, resolve_country
from core.reference.provinces import province_label, resolve_province
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


@pytest.mark.parametrize("code,name", [
    ("AT", "Áo"), ("ID", "Indonesia"), ("AZ", "Azerbaijan"), ("PH", "Philippines"), ("NL", "Hà Lan"),
    ("CZ", "Séc"), ("TR", "Thổ Nhĩ Kỳ"), ("LU", "Luxembourg"), ("US", "Hoa Kỳ"), ("KR", "Hàn Quốc"),
])
def test_vietnamese_country_names_are_cldr_names_not_archaic_ones(code, name):
    """Indonesia, not "Nam Dương"; Hà Lan, not "Hoà Lan"; Séc, not "Czechia"."""
    assert country_name(code, "vi") == name


def test_country_choices_follow_vietnamese_alphabetical_order():
    """After Vietnam, names run a ă â … d đ … in Vietnamese order: Áo before Ấn Độ, Đức after Dominica."""
    choices = country_choices("vi")
    names = [name for _code, name in choices[1:]]
    assert names == sorted(names, key=sort_key)
    position = {name: index for index, name in enumerate(names)}
    assert position["Ai Cập"] < position["Áo"] < position["Ấn Độ"] < position["Ba Lan"]
    assert position["Dominica"] < position["Đức"] < position["Eritrea"]
    assert position["Indonesia"] < position["Zimbabwe"]


@pytest.mark.parametrize("text,code", [
    ("jp", "JP"), ("Nhật Bản", "JP"), ("nhat ban", "JP"), ("Japan", "JP"), ("Áo", "AT"), ("Austria", "AT"),
    ("Hà Lan", "NL"), ("Netherlands", "NL"), ("Türkiye", "TR"), ("Thổ Nhĩ Kỳ", "TR"), ("Việt Nam", "VN"),
])
def test_a_country_is_found_by_its_code_or_its_name_in_either_language(text, code):
    """Imports accept what people write: the code, or the name with or without accents."""
    assert resolve_country(text) == code


def test_an_unknown_country_name_is_not_guessed():
    """A name that is no country resolves to nothing."""
    assert resolve_country("Atlantis") is None and resolve_country("") is None


def test_provinces_are_named_in_full_where_a_document_names_them():
    """Thành phố Hồ Chí Minh, Thành phố Huế, Tỉnh Bắc Ninh; in English Ho Chi Minh City, Bac Ninh Province."""
    assert resolve_province("TP HCM").full_name("vi") == "Thành phố Hồ Chí Minh"
    assert resolve_province("Thừa Thiên Huế").full_name("vi") == "Thành phố Huế"
    assert resolve_province("Bắc Ninh").full_name("vi") == "Tỉnh Bắc Ninh"
    assert resolve_province("Hồ Chí Minh").full_name("en") == "Ho Chi Minh City"
    assert resolve_province("Bắc Ninh").full_name("en") == "Bac Ninh Province"


def test_a_former_province_shows_as_todays_unit_with_its_history_only_when_asked():
    """Bắc Giang reads Bắc Ninh; with its history, "Bắc Ninh (trước sắp xếp: tỉnh Bắc Giang)"."""
    assert province_label("Bắc Giang") == "Bắc Ninh"
    assert province_label("Bắc Giang", history=True) == "Bắc Ninh (trước sắp xếp: tỉnh Bắc Giang)"
    assert province_label("Hà Tây", full=True, history=True) == "Thành phố Hà Nội (trước sắp xếp: tỉnh Hà Tây)"
    assert province_label("Bắc Ninh", history=True) == "Bắc Ninh"
    assert province_label("Tỉnh Bắc Ninh", history=True) == "Bắc Ninh"
    assert province_label("Bac Giang", "en", history=True) == "Bac Ninh (before the 2025 merger: Bắc Giang Province)"
    assert province_label("Nowhere") == "Nowhere"


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
