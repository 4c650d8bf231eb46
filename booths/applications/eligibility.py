"""Which zones an applicant may ask for, and why not the others. Pure module.

A Vietnamese enterprise may have the domestic zones and its own province's pavilion; a foreign one
the international zones and its own country's pavilion. Technical zones (seminars, business
matching) are the organizer's to give. The allocation engine places applications that name no zone
by the same rule (`booths.allocation.engine.eligible_zones`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ZoneFacts:
    """What the rule needs to know of a zone."""

    id: int
    kind: str
    province: str | None = None
    country: str | None = None


def closed_reason(zone: ZoneFacts, *, country: str, province: str | None) -> str | None:
    """None if an applicant from (`country`, `province`) may ask for `zone`, else why not (a reason code).

    `province` and the zone's province are today's unit names (the caller resolves former names).
    """
    domestic = country == "VN"
    if zone.kind == "technical":
        return "technical"
    if zone.kind == "pavilion":
        if zone.country and zone.country != "VN":
            return None if zone.country == country else "other_country"
        return None if domestic and zone.province == province else "other_province"
    if zone.kind == "international":
        return None if not domestic else "international"
    if zone.kind == "domestic":
        return None if domestic else "domestic"
    return None


def open_zone_ids(zones: list[ZoneFacts], *, country: str, province: str | None) -> list[int]:
    """The ids of the zones the applicant may ask for, in the given order."""
    return [zone.id for zone in zones if closed_reason(zone, country=country, province=province) is None]
