"""Floor plans of halls: the data behind the drawing, the drawing itself and grid previews."""

import re
from collections.abc import Collection, Iterable

import sqlalchemy as sa
from flask_babel import gettext as _

from booths.layout.floorplan import (
    LegendEntry,
    PlanBooth,
    PlanHall,
    PlanZone,
    group_colours,
    legend,
    render_hall_svg,
)
from booths.layout.grid import GridSpec, generate_grid
from booths.layout.models import Booth, Hall, Zone
from booths.layout.occupancy import hall_holders
from booths.layout.services import grid_rows, import_booths, list_halls, list_zones
from booths.layout.vocabulary import COLOUR_MODES
from core.errors import NotFound, ValidationFailed
from core.reference.countries import country_name
from core.reference.provinces import province_label
from fairs.lifecycle import PUBLIC_STATUSES
from fairs.models import Fair

# The most booths one drawing holds (about 2.5 MB of SVG): a fair past it is drawn one hall at a time.
MAX_DRAWN_BOOTHS = 10_000
# Whose names a plan shows: None is everyone's; a set of enterprise ids shows only theirs (the default: none).
EVERYONE = None
PLAN_PUBLISHED_STATUSES = PUBLIC_STATUSES[PUBLIC_STATUSES.index("published"):]


def plan_published(fair: Fair) -> bool:
    """Whether the fair's floor plan is published: from then on who holds which booth is public."""
    return fair.status in PLAN_PUBLISHED_STATUSES


def occupants_shown(fair: Fair, *, manager: bool, own: Iterable[int] = ()) -> frozenset[int] | None:
    """Whose names, provinces and countries a plan may show this viewer.

    Organizers (`manager`) see every occupant; once the plan is published everyone sees what the public
    directory shows (every placed exhibitor); before that an exhibitor sees only its own booths (`own`:
    its enterprise ids), and every other taken booth is just taken.
    """
    if manager or plan_published(fair):
        return EVERYONE
    return frozenset(own)


def plan_zones(zones: list[Zone], language: str) -> list[PlanZone]:
    """Legend entries of the fair's zones in `language`."""
    return [PlanZone(zone.id, zone.name(language), zone.colour) for zone in zones]


_DRAWN_COLUMNS = (Booth.id, Booth.code, Booth.x_cm, Booth.y_cm, Booth.width_cm, Booth.depth_cm, Booth.zone_id,
                  Booth.booth_type, Booth.price_vnd, Booth.blocked)


class _Nobody:
    """The holder of a free booth (or one whose holder this viewer may not see): no name, no origin."""

    legal_name = province = country = ""


def build_hall_plan(session, fair: Fair, hall: Hall, *, extra: list[PlanBooth] = (),
                    proposed: dict | None = None, language: str = "vi",
                    reveal: frozenset[int] | None = frozenset()) -> PlanHall:
    """A hall's booths ready to draw, plus `extra` (a grid preview not yet saved).

    `proposed` (booth id -> enterprise, from an allocation preview) draws those booths as held by them.
    Occupants' origins are names in `language`: today's province (never a former one), the country's name.
    `reveal` (from `occupants_shown`) says whose names are drawn; other taken booths carry no occupant.
    """
    # Plain rows, not ORM objects: a hall of 5,000 booths loads in a tenth of the time.
    booths = session.execute(sa.select(*_DRAWN_COLUMNS).where(Booth.hall_id == hall.id).order_by(Booth.code)).all()
    taken = hall_holders(session, hall.id)
    # The holders are the hall's assigned booths: no second query binding thousands of booth ids.
    statuses = {booth.id: "blocked" if booth.blocked else "assigned" if booth.id in taken else "available"
                for booth in booths}
    if proposed:
        taken = {**taken, **proposed}
        statuses = {**statuses, **{booth_id: "held" for booth_id in proposed}}
    if reveal is not EVERYONE:
        taken = {booth_id: holder for booth_id, holder in taken.items() if holder.id in reveal}
    provinces = {name: province_label(name, language) for name in {holder.province for holder in taken.values()}}
    countries = {code: country_name(code, language) for code in {holder.country for holder in taken.values()}}
    nobody = _Nobody()
    plan = PlanHall(hall.name, hall.width_cm, hall.depth_cm, [
        PlanBooth(booth.code, booth.x_cm, booth.y_cm, booth.width_cm, booth.depth_cm, booth.zone_id,
                  booth.booth_type, booth.price_vnd, statuses[booth.id], occupant=holder.legal_name,
                  occupant_province=provinces.get(holder.province, ""),
                  occupant_country=countries.get(holder.country, ""))
        for booth in booths for holder in (taken.get(booth.id, nobody),)
    ])
    plan.booths.extend(extra)
    return plan


def status_labels() -> dict[str, str]:
    """Legend words in the active language."""
    return {"available": _("Available"), "held": _("Held"), "assigned": _("Assigned"),
            "blocked": _("Blocked"), "unassigned": _("Not assigned"), "conflict": _("Cannot be created")}


def render_hall(session, fair: Fair, hall: Hall, *, mode: str, language: str, embed_style: bool = True,
                extra: list[PlanBooth] = (), proposed: dict | None = None,
                reveal: frozenset[int] | None = frozenset(), highlight: Collection[str] = ()) -> str:
    """The SVG floor plan of one hall, coloured by `mode`, naming the occupants `reveal` allows, the booths
    `highlight` names lit up."""
    plan = build_hall_plan(session, fair, hall, extra=list(extra), proposed=proposed, language=language,
                           reveal=reveal)
    return render_hall_svg(plan, mode=mode if mode in COLOUR_MODES else "status",
                           zones=plan_zones(list_zones(session, fair), language), labels=status_labels(),
                           title=f"{fair.code} · {hall.name}", embed_style=embed_style, highlight=highlight)


def draw_hall_with_legend(session, fair: Fair, hall: Hall, *, mode: str, language: str,
                          reveal: frozenset[int] | None = frozenset(),
                          highlight: Collection[str] = ()) -> tuple[str, list[LegendEntry]]:
    """A page's plan of one hall: the SVG without its legend (the booths `highlight` names lit up), and the legend
    for the page to show as text."""
    mode = mode if mode in COLOUR_MODES else "status"
    plan = build_hall_plan(session, fair, hall, language=language, reveal=reveal)
    zones = plan_zones(list_zones(session, fair), language)
    svg = render_hall_svg(plan, mode=mode, zones=zones, labels=status_labels(), title=f"{fair.code} · {hall.name}",
                          embed_style=False, with_legend=False, highlight=highlight)
    colours = group_colours(plan.booths, mode) if mode in ("province", "country") else None
    return svg, legend(plan, mode, {zone.key: zone for zone in zones}, status_labels(), colours)


def preview_grid(session, fair: Fair, spec: GridSpec, hall: Hall, zone: Zone) -> tuple[list[PlanBooth], list[dict]]:
    """The booths a grid would create (amber, or red where they cannot be), and the problems it would meet."""
    rows = grid_rows(spec, hall, zone, booth_type="standard", price_vnd=0)
    errors: list[dict] = []
    try:
        with session.begin_nested() as savepoint:
            import_booths(session, fair, rows, actor=None, now=fair.updated_at)
            savepoint.rollback()
    except ValidationFailed as error:
        errors = error.errors
    failing_rows = {error.get("row") for error in errors}
    booths = [PlanBooth(booth.code, booth.x, booth.y, booth.width, booth.depth, zone.id, "standard", 0,
                        "conflict" if number in failing_rows else "held")
              for number, booth in enumerate(generate_grid(spec), start=1)]
    return booths, errors


def render_fair_svg(session, fair: Fair, *, hall: str | None, mode: str, language: str,
                    reveal: frozenset[int] | None = frozenset()) -> str:
    """One hall's SVG (by id or name), or every hall stacked top to bottom in one SVG, naming the occupants
    `reveal` allows. Every hall is drawn only up to MAX_DRAWN_BOOTHS booths: past that the caller names a hall."""
    halls = list_halls(session, fair)
    if hall:
        chosen = [h for h in halls if str(h.id) == hall or h.name.casefold() == hall.casefold()]
        if not chosen:
            raise NotFound(_("No such hall."))
        return render_hall(session, fair, chosen[0], mode=mode, language=language, reveal=reveal)
    booths = session.scalar(sa.select(sa.func.count()).select_from(Booth).where(Booth.fair_id == fair.id))
    if booths > MAX_DRAWN_BOOTHS:
        raise ValidationFailed([{"field": "hall", "message": _(
            "This fair has %(n)d booths, too many for one drawing: ask for one hall at a time.", n=booths)}])
    if not halls:
        return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" data-booth-count="0"></svg>'
    drawings = [render_hall(session, fair, h, mode=mode, language=language, reveal=reveal) for h in halls]
    # Nest each hall's drawing at its own height; the outer box is as wide as the widest hall.
    boxes = [[float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()] for svg in drawings]
    width = max(box[2] for box in boxes)
    parts, y = [], 0.0
    for svg, box in zip(drawings, boxes, strict=True):
        parts.append(svg.replace("<svg ", f'<svg x="0" y="{y:.0f}" width="{box[2]:.0f}" height="{box[3]:.0f}" ', 1))
        y += box[3]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {y:.0f}" data-halls="{len(halls)}">'
            + "".join(parts) + "</svg>")
