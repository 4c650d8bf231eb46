"""Countries from ISO 3166 (pycountry), with names in Vietnamese or English."""

import gettext
from functools import lru_cache

import pycountry

# pycountry's Vietnamese catalogue uses a few old or unusual names; these are the
# ones exhibitors expect to read.
_VI_OVERRIDES = {
    "JP": "Nhật Bản",
    "KR": "Hàn Quốc",
    "KP": "Triều Tiên",
    "US": "Hoa Kỳ",
    "CN": "Trung Quốc",
    "TW": "Đài Loan",
    "GB": "Vương quốc Anh",
    "RU": "Nga",
    "LA": "Lào",
    "VN": "Việt Nam",
}


@lru_cache(maxsize=4)
def _translator(locale: str):
    if locale == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return gettext.NullTranslations()


def is_country_code(code: str | None) -> bool:
    """True for a known ISO 3166-1 alpha-2 code."""
    return bool(code) and len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def country_name(code: str, locale: str = "vi") -> str:
    """The country's common name in `locale`; the code itself if unknown."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    if locale == "vi" and country.alpha_2 in _VI_OVERRIDES:
        return _VI_OVERRIDES[country.alpha_2]
    english = getattr(country, "common_name", None) or country.name
    return _translator(locale).gettext(country.name) if locale != "en" else english


@lru_cache(maxsize=4)
def country_choices(locale: str = "vi") -> tuple[tuple[str, str], ...]:
    """(code, name) pairs sorted by name, Vietnam first."""
    pairs = sorted(
        ((c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries),
        key=lambda pair: pair[1].casefold(),
    )
    return tuple([("VN", country_name("VN", locale))] + [p for p in pairs if p[0] != "VN"])
