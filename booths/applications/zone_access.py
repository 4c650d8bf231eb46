"""The zones an applicant may ask for at a fair, and in words why the others are closed to it."""

import sqlalchemy as sa
from flask_babel import gettext as _

from booths.applications.eligibility import ZoneFacts, closed_reason
from booths.layout.forms import ZONE_KIND_LABELS
from booths.layout.models import Booth, Zone
from core.reference.countries import country_name
from core.reference.provinces import resolve_province
from enterprises.models import Enterprise
from fairs.models import Fair


def _unit(province: str | None) -> str | None:
    unit = resolve_province(province) if province else None
    return unit.name_vi if unit is not None else province


def _reason_text(zone: Zone, code: str, language: str) -> str:
    if code == "other_province":
        return _("Pavilion of %(place)s: for exhibitors from %(place)s.", place=zone.province)
    if code == "other_country":
        return _("Pavilion of %(place)s: for exhibitors from %(place)s.", place=country_name(zone.country, language))
    if code == "international":
        return _("International zone: for exhibitors from abroad.")
    if code == "domestic":
        return _("Domestic zone: for Vietnamese exhibitors.")
    return _("Seminars and business matching: the organizer assigns these booths.")


def zones_for_applicant(session, fair: Fair, enterprise: Enterprise, *,
                        language: str) -> tuple[list[Zone], dict[int, str]]:
    """The fair's zones open to `enterprise` (in creation order) and, for the others, why not (by zone id)."""
    zones = list(session.scalars(sa.select(Zone).where(Zone.fair_id == fair.id).order_by(Zone.id)))
    province = _unit(enterprise.province)
    open_zones, closed = [], {}
    for zone in zones:
        code = closed_reason(ZoneFacts(zone.id, zone.kind, _unit(zone.province), zone.country),
                             country=enterprise.country, province=province)
        if code is None:
            open_zones.append(zone)
        else:
            closed[zone.id] = _reason_text(zone, code, language)
    return open_zones, closed


def preferred_zone_names(session, application, *, language: str) -> list[str]:
    """The application's zone preferences as names, first choice first (a zone kind by its label)."""
    zones = {zone.id: zone.name(language) for zone in session.scalars(
        sa.select(Zone).where(Zone.fair_id == application.fair_id))}
    return [zones.get(item, "?") if isinstance(item, int) else str(ZONE_KIND_LABELS.get(item, item))
            for item in application.zone_preferences or []]


def booths_in_zones(session, fair: Fair, zone_ids, codes) -> dict[str, int]:
    """Booth code → zone id for those of `codes` that name a booth of the fair in `zone_ids` (only the codes asked
    about are read: a closed zone of a Canton-sized fair holds tens of thousands of booths)."""
    codes = sorted(set(codes))
    if not zone_ids or not codes:
        return {}
    return dict(session.execute(sa.select(Booth.code, Booth.zone_id).where(
        Booth.fair_id == fair.id, Booth.zone_id.in_(list(zone_ids)), Booth.code.in_(codes))).all())
