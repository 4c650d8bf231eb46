"""Floor plans of halls: the data behind the drawing, the drawing itself and grid previews."""

import re

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
from booths.layout.models import Hall, Zone
from booths.layout.occupancy import booth_holders
from booths.layout.services import booth_statuses, grid_rows, import_booths, list_booths, list_halls, list_zones
from booths.layout.vocabulary import COLOUR_MODES
from core.errors import NotFound, ValidationFailed
from core.reference.countries import country_name
from core.reference.provinces import province_label
from fairs.models import Fair


def plan_zones(zones: list[Zone], language: str) -> list[PlanZone]:
    """Legend entries of the fair's zones in `language`."""
    return [PlanZone(zone.id, zone.name(language), zone.colour) for zone in zones]


def build_hall_plan(session, fair: Fair, hall: Hall, *, extra: list[PlanBooth] = (),
                    proposed: dict | None = None, language: str = "vi") -> PlanHall:
    """A hall's booths ready to draw, plus `extra` (a grid preview not yet saved).

    `proposed` (booth id -> enterprise, from an allocation preview) draws those booths as held by them.
    Occupants' origins are names in `language`: today's province (never a former one), the country's name.
    """
    booths = list_booths(session, fair, hall)
    statuses = booth_statuses(session, booths)
    taken = booth_holders(session, fair.id)
    if proposed:
        taken = {**taken, **proposed}
        statuses = {**statuses, **{booth_id: "held" for booth_id in proposed}}
    plan = PlanHall(hall.name, hall.width_cm, hall.depth_cm, [
        PlanBooth(booth.code, booth.x_cm, booth.y_cm, booth.width_cm, booth.depth_cm, booth.zone_id,
                  booth.booth_type, booth.price_vnd, statuses[booth.id],
                  occupant=taken[booth.id].legal_name if booth.id in taken else "",
                  occupant_province=province_label(taken[booth.id].province, language) if booth.id in taken else "",
                  occupant_country=country_name(taken[booth.id].country, language) if booth.id in taken else "")
        for booth in booths
    ])
    plan.booths.extend(extra)
    return plan


def status_labels() -> dict[str, str]:
    """Legend words in the active language."""
    return {"available": _("Available"), "held": _("Held"), "assigned": _("Assigned"),
            "blocked": _("Blocked"), "unassigned": _("Not assigned"), "conflict": _("Cannot be created")}


def render_hall(session, fair: Fair, hall: Hall, *, mode: str, language: str, embed_style: bool = True,
                extra: list[PlanBooth] = (), proposed: dict | None = None) -> str:
    """The SVG floor plan of one hall, coloured by `mode`."""
    plan = build_hall_plan(session, fair, hall, extra=list(extra), proposed=proposed, language=language)
    return render_hall_svg(plan, mode=mode if mode in COLOUR_MODES else "status",
                           zones=plan_zones(list_zones(session, fair), language), labels=status_labels(),
                           title=f"{fair.code} · {hall.name}", embed_style=embed_style)


def draw_hall_with_legend(session, fair: Fair, hall: Hall, *, mode: str,
                          language: str) -> tuple[str, list[LegendEntry]]:
    """A page's plan of one hall: the SVG without its legend, and the legend for the page to show as text."""
    mode = mode if mode in COLOUR_MODES else "status"
    plan = build_hall_plan(session, fair, hall, language=language)
    zones = plan_zones(list_zones(session, fair), language)
    svg = render_hall_svg(plan, mode=mode, zones=zones, labels=status_labels(), title=f"{fair.code} · {hall.name}",
                          embed_style=False, with_legend=False)
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


def render_fair_svg(session, fair: Fair, *, hall: str | None, mode: str, language: str) -> str:
    """One hall's SVG (by id or name), or every hall stacked top to bottom in one SVG."""
    halls = list_halls(session, fair)
    if hall:
        chosen = [h for h in halls if str(h.id) == hall or h.name.casefold() == hall.casefold()]
        if not chosen:
            raise NotFound(_("No such hall."))
        return render_hall(session, fair, chosen[0], mode=mode, language=language)
    if not halls:
        return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" data-booth-count="0"></svg>'
    drawings = [render_hall(session, fair, h, mode=mode, language=language) for h in halls]
    # Nest each hall's drawing at its own height; the outer box is as wide as the widest hall.
    boxes = [[float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()] for svg in drawings]
    width = max(box[2] for box in boxes)
    parts, y = [], 0.0
    for svg, box in zip(drawings, boxes, strict=True):
        parts.append(svg.replace("<svg ", f'<svg x="0" y="{y:.0f}" width="{box[2]:.0f}" height="{box[3]:.0f}" ', 1))
        y += box[3]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {y:.0f}" data-halls="{len(halls)}">'
            + "".join(parts) + "</svg>")
