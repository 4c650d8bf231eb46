"""Where someone comes from: an ISO country (by code or name), and for Vietnam one of today's 34 provinces."""

from flask_babel import gettext as _

from core.reference.countries import resolve_country
from core.reference.provinces import resolve_province


def clean_origin(country_text: str | None, province_text: str | None,
                 *, missing_province: str) -> tuple[str, str | None, list[dict]]:
    """(country code, today's province name or None, errors); former province names map to today's unit.

    `missing_province` is the message shown when a Vietnamese origin names no province.
    """
    errors: list[dict] = []
    country = resolve_country(country_text) or (country_text or "").strip().upper()
    if resolve_country(country_text) is None:
        errors.append({"field": "country", "message": _(
            "Unknown country: give its name (Nhật Bản or Japan) or its ISO code (JP).")})
    province = None
    named = (province_text or "").strip()
    if country == "VN":
        found = resolve_province(named or None)
        if found is None:
            errors.append({"field": "province", "message": _("Unknown province.") if named else missing_province})
        else:
            province = found.name_vi
    return country, province, errors
