"""Countries: ISO 3166 codes (pycountry) named as CLDR names them (Babel), in Vietnamese or English."""

from functools import lru_cache

import pycountry
from babel import Locale

from core.collation import sort_key
from core.text import fold

# CLDR's names are the reference; these few are shortened where CLDR spells out a status or an
# alternative that a list of countries does not need.
_OVERRIDES = {
    "vi": {"HK": "Hồng Kông (Trung Quốc)", "MO": "Ma Cao (Trung Quốc)", "MM": "Myanmar", "PS": "Palestine"},
    "en": {"HK": "Hong Kong", "MO": "Macao", "MM": "Myanmar", "PS": "Palestine"},
}


def _language(locale: str | None) -> str:
    return "en" if str(locale or "vi").split("_")[0] == "en" else "vi"


@lru_cache(maxsize=2)
def _names(language: str) -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its name in `language`."""
    territories = Locale(language).territories
    names = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names[code] = (_OVERRIDES[language].get(code) or territories.get(code)
                       or getattr(country, "common_name", None) or country.name)
    return names


def is_country_code(code: str | None) -> bool:
    """True for a known ISO 3166-1 alpha-2 code."""
    return bool(code) and len(code) == 2 and code.upper() in _names("en")


def country_name(code: str | None, locale: str = "vi") -> str:
    """The country's name in `locale` ("Áo", "Hà Lan"); the code itself if unknown."""
    return _names(_language(locale)).get((code or "").upper(), code or "")


@lru_cache(maxsize=4)
def country_choices(locale: str = "vi") -> tuple[tuple[str, str], ...]:
    """(code, name) pairs in the alphabetical order of `locale`, Vietnam first."""
    language = _language(locale)
    names = _names(language)
    ordered = sorted((code for code in names if code != "VN"), key=lambda code: sort_key(names[code], language))
    return (("VN", names["VN"]),) + tuple((code, names[code]) for code in ordered)


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    """Folded names in both languages (and ISO's official and common names) to codes."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                index.setdefault(fold(name), country.alpha_2)
    for language in ("en", "vi"):  # CLDR's names win over ISO's where they differ
        for code, name in _names(language).items():
            index[fold(name)] = code
    return index


def resolve_country(text: str | None) -> str | None:
    """The alpha-2 code for a code or a country name in Vietnamese or English (accents optional)."""
    value = (text or "").strip()
    if not value:
        return None
    if is_country_code(value):
        return value.upper()
    return _lookup().get(fold(value))
