"""Names in place of codes where people read: template filters for countries, provinces and sectors."""

from collections.abc import Mapping

from flask import Flask
from flask_babel import force_locale

from core.i18n import current_language
from core.reference.countries import country_choices, country_name
from core.reference.provinces import province_choices, province_label
from core.reference.sectors import SECTORS
from core.text import fold


def country_label(code: str | None) -> str:
    """The country's name in the active language ("Nhật Bản" for JP)."""
    return country_name(code, current_language()) if code else ""


def sector_label(code: str | None) -> str:
    """The sector's name in the active language; an unknown code as it is."""
    return str(SECTORS.get(code, code or "")) if code else ""


def province_name(recorded: str | None, full: bool = False, history: bool = False) -> str:
    """Today's unit of a recorded province name, in the active language."""
    return province_label(recorded, current_language(), full=full, history=history)


def origin_label(holder, history: bool = False) -> str:
    """Where an enterprise or a person comes from: today's province for Vietnam, else the country."""
    province = getattr(holder, "province", None)
    country = getattr(holder, "country", None)
    if province and (country or "VN") == "VN":
        return province_name(province, history=history)
    return country_label(country)


def label_index(labels: Mapping[str, object]) -> dict[str, str]:
    """Folded codes and labels (in Vietnamese and in English) to codes, so an import accepts either."""
    index = {fold(code): code for code in labels}
    for language in ("en", "vi"):
        with force_locale(language):
            for code, label in labels.items():
                index.setdefault(fold(str(label)), code)
    return index


def code_for(text: str | None, index: Mapping[str, str]) -> str:
    """The code a cell names (by code or label, accents and case optional); the text itself when unknown."""
    value = (text or "").strip()
    return index.get(fold(value), value)


def country_options() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country for a select, Vietnam first, then in the reader's alphabetical order."""
    return country_choices(current_language())


def province_options() -> tuple[tuple[str, str], ...]:
    """(stored name, shown name) of today's 34 units for a select, in the reader's alphabetical order."""
    return province_choices(current_language())


def register_reference_filters(app: Flask) -> None:
    """Expose the filters `country`, `sector`, `province`, `origin` and the select options to templates."""
    app.jinja_env.filters.update(country=country_label, sector=sector_label, province=province_name,
                                 origin=origin_label)
    app.jinja_env.globals.update(country_options=country_options, province_options=province_options)
