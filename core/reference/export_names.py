"""Names in place of codes in the first two columns (section, key) of the results and attendance exports."""

from collections.abc import Callable, Mapping

from flask_babel import gettext as _

from core.reference.countries import country_name
from core.reference.provinces import province_label
from core.reference.sectors import SECTORS


def section_names() -> dict[str, str]:
    """The sections of the flat exports, in the active language."""
    return {
        "total": _("Total"), "booths": _("Booths"), "booths_by_zone_kind": _("Booths by kind of zone"),
        "exhibitors": _("Exhibitors"), "visitors": _("Visitors"), "contracts": _("Contracts"),
        "meetings": _("Business-matching meetings"), "leads": _("Leads"),
        "contracts_by_kind": _("Contracts by kind"),
        "contracts_by_seller_province": _("Contracts by seller's province"),
        "contracts_by_buyer_country": _("Contracts by buyer's country"),
        "contracts_by_sector": _("Contracts by sector"),
        "day": _("Day"), "hour": _("Hour"), "gate": _("Gate"), "type": _("Visitor type"), "country": _("Country"),
        "province": _("Province or city"),
    }


def key_names() -> dict[str, str]:
    """The figures' own keys (the rest are names already, or codes named by their section)."""
    return {
        "total": _("Total"), "assigned": _("Assigned"), "provinces": _("Provinces and cities"),
        "countries": _("Countries"), "registered": _("Registered"), "checked_in": _("Checked in"),
        "entries": _("Entries"), "unique_visitors": _("Unique visitors"), "verified": _("Verified"),
        "accepted": _("Accepted"), "held": _("Held"), "refused_scans": _("Refused scans"),
    }


def name_rows(rows: list[list], language: str, labels: Mapping[str, Mapping[str, object]]) -> list[list]:
    """`rows` with the section and key read as names; `labels` names the codes of sections like "sector"."""
    sections, keys = section_names(), key_names()
    by_section: dict[str, Callable[[object], str]] = {
        "country": lambda key: country_name(str(key), language) if key else "—",
        "contracts_by_buyer_country": lambda key: country_name(str(key), language) if key else "—",
        "province": lambda key: province_label(str(key), language) if key else "—",
        "contracts_by_seller_province": lambda key: province_label(str(key), language) if key else _("Abroad"),
        "contracts_by_sector": lambda key: str(SECTORS.get(key, key)),
    }
    for section, names in labels.items():
        by_section[section] = lambda key, names=names: str(names.get(key, key))
    named = []
    for section, key, *rest in rows:
        namer = by_section.get(section)
        label = namer(key) if namer else keys.get(key, key) if isinstance(key, str) else key
        named.append([sections.get(section, section), label, *rest])
    return named
