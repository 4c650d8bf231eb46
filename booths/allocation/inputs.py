"""The allocation engine's vocabulary: booths, zones, requests in; allocation and explanations out. Pure module."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    """A booth that may be allocated."""

    id: int
    code: str
    hall_id: int
    zone_id: int
    x: int
    y: int
    blocked: bool = False
    taken_by: int | None = None  # an application holding it already (manual, locked)


@dataclass(frozen=True)
class ZoneInfo:
    """A zone and whom it is for."""

    id: int
    kind: str  # international | domestic | technical | pavilion
    province: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Request:
    """An approved application to place."""

    id: int
    booths: int
    country: str
    province: str | None
    tier: int = 0                      # lower is served first (0: supported rural establishments)
    order: int = 0                     # submission order within a tier
    zones: tuple[int, ...] = ()        # preferred zones, in order; empty: by origin
    preferred: tuple[str, ...] = ()    # preferred booth codes
    avoid: tuple[int, ...] = ()        # competitors' application ids
    near: tuple[int, ...] = ()         # wished neighbours' application ids


@dataclass(frozen=True)
class Explanation:
    """Why an application got what it got: the facts behind the one-sentence explanation."""

    group: str                          # origin: "VN:<province>" or a country code
    outcome: str                        # preferred | near | zone | leftover | repacked | waitlisted
    zone_id: int | None = None          # where it was placed (or asked first)
    zone_rank: int | None = None        # 0: its first eligible zone
    chose_zones: bool = False           # the application named its zones itself
    missed: tuple[tuple[str, str], ...] = ()  # preferred booths not granted: (code, taken_by_higher_priority |
    #                                          taken_earlier | taken_before_run | blocked | no_fit)
    share: int | None = None            # the group's fair share of the zone, in booths
    demand: int | None = None           # the group's demand for the zone, in booths
    reason: str | None = None           # the waitlist reason code: no_eligible_zone | over_fair_share |
    #                                     no_contiguous_block | competitor_beside
    competitors: tuple[int, ...] = ()   # competitor_beside: the competitors whose booths ruled out every block
    granted: int | None = None          # over_fair_share: booths the group ended with in the pool


@dataclass
class Allocation:
    """The result: booths per application, the waitlist with reasons, explanations and metrics."""

    assignments: dict[int, list[int]] = field(default_factory=dict)
    waitlist: dict[int, str] = field(default_factory=dict)
    explanations: dict[int, Explanation] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    shares: dict[tuple[tuple[int, ...], str], int] = field(default_factory=dict)  # (zone pool, origin) -> booths
    pools: dict[int, tuple[int, ...]] = field(default_factory=dict)  # request id -> the pool it was shared in


def origin_of(request: Request) -> str:
    """The group a request belongs to: its province for Vietnam, else its country."""
    return f"VN:{request.province}" if request.country == "VN" else request.country


def eligible_zones(request: Request, zones: dict[int, ZoneInfo]) -> list[int]:
    """The zones a request may be placed in, best first."""
    if request.zones:
        return [zone_id for zone_id in request.zones if zone_id in zones]
    own_pavilions = [z.id for z in zones.values() if z.kind == "pavilion" and (
        (request.country == "VN" and z.province == request.province) or
        (request.country != "VN" and z.country == request.country))]
    general = "domestic" if request.country == "VN" else "international"
    return own_pavilions + sorted(z.id for z in zones.values() if z.kind == general)


def primary_zones(request: Request, zones: dict[int, ZoneInfo]) -> tuple[int, ...]:
    """The pool of zones whose booths a request's group is given a fair share of.

    Its own pavilion if it has one, else the first zone it named, else all the general zones of
    its kind (domestic or international) together, so a province's share counts across them.
    """
    eligible = eligible_zones(request, zones)
    if not eligible:
        return ()
    if request.zones or zones[eligible[0]].kind == "pavilion":
        return (eligible[0],)
    return tuple(eligible)


def zone_tiers(request: Request, zones: dict[int, ZoneInfo]) -> list[tuple[int, ...]]:
    """The eligible zones in tiers tried one after the other: each pavilion or named zone alone, then
    the general zones of its kind together (interchangeable, so a straight run in any of them comes
    before an L in the first)."""
    tiers: list[tuple[int, ...]] = []
    general: list[int] = []
    for zone_id in eligible_zones(request, zones):
        if not request.zones and zones[zone_id].kind in ("domestic", "international"):
            general.append(zone_id)
        else:
            tiers.append((zone_id,))
    return tiers + ([tuple(general)] if general else [])
