"""Draw a hall's floor plan as SVG, to scale (1 unit = 1 cm). Pure module.

Booths are coloured by status, zone, or the occupant's province or country; each
booth is a <g> carrying data-booth-code and what the details panel shows.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from core.collation import sort_key

STATUS_COLOURS = {"available": "#cdebd3", "held": "#f7d58b", "assigned": "#9fc3ee", "blocked": "#c4c0bb",
                  "conflict": "#f29a93"}  # conflict: a previewed booth that cannot be created
UNASSIGNED_COLOUR = "#ece8e3"
PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a8", "#f032e6", "#9a6324",
           "#808000", "#008080", "#e6a8d7", "#5a7d9a", "#aa6e28", "#2f4f4f", "#b8860b", "#6b8e23")


@dataclass(frozen=True)
class PlanBooth:
    """What the plan needs to know about one booth."""

    code: str
    x: int
    y: int
    width: int
    depth: int
    zone_key: int
    booth_type: str
    price_vnd: int
    status: str
    occupant: str = ""
    occupant_province: str = ""
    occupant_country: str = ""


@dataclass(frozen=True)
class PlanZone:
    """A zone's legend entry."""

    key: int
    name: str
    colour: str


@dataclass
class PlanHall:
    """A hall with its booths, ready to draw."""

    name: str
    width: int
    depth: int
    booths: list[PlanBooth] = field(default_factory=list)


def group_colour(name: str) -> str:
    """A stable colour for a province or country name."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=2).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def booth_fill(booth: PlanBooth, mode: str, zones: dict[int, PlanZone]) -> str:
    """The fill colour of a booth in colour `mode`."""
    if booth.status == "blocked":
        return STATUS_COLOURS["blocked"]
    if mode == "zone":
        zone = zones.get(booth.zone_key)
        return zone.colour if zone else UNASSIGNED_COLOUR
    if mode == "province":
        return group_colour(booth.occupant_province) if booth.occupant_province else UNASSIGNED_COLOUR
    if mode == "country":
        return group_colour(booth.occupant_country) if booth.occupant_country else UNASSIGNED_COLOUR
    return STATUS_COLOURS.get(booth.status, UNASSIGNED_COLOUR)


def legend_entries(hall: PlanHall, mode: str, zones: dict[int, PlanZone],
                   labels: dict[str, str]) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend of `mode`."""
    if mode == "zone":
        used = sorted({booth.zone_key for booth in hall.booths if booth.zone_key in zones})
        return [(zones[key].colour, zones[key].name) for key in used] + [
            (STATUS_COLOURS["blocked"], labels["blocked"])]
    if mode in ("province", "country"):
        attribute = "occupant_province" if mode == "province" else "occupant_country"
        names = sorted({getattr(b, attribute) for b in hall.booths if getattr(b, attribute)}, key=sort_key)
        return [(group_colour(name), name) for name in names] + [
            (UNASSIGNED_COLOUR, labels["unassigned"]), (STATUS_COLOURS["blocked"], labels["blocked"])]
    shown = ["available", "held", "assigned", "blocked"]
    if any(booth.status == "conflict" for booth in hall.booths):
        shown.append("conflict")
    return [(STATUS_COLOURS[status], labels[status]) for status in shown]


# Characters XML 1.0 forbids even escaped; a pasted one would make the whole drawing unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _attr(value) -> str:
    return escape(_NOT_XML.sub("", str(value)), quote=True)


SVG_STYLE = (".booth rect{stroke:#5c5650;stroke-width:4}.booth text{fill:#1d1b1a;pointer-events:none}"
             ".booth.blocked rect{stroke-dasharray:16 10}.booth:hover rect,.booth.sel rect{stroke:#b3261e;"
             "stroke-width:12}")


def render_hall_svg(hall: PlanHall, *, mode: str, zones: Iterable[PlanZone], labels: dict[str, str],
                    title: str = "", embed_style: bool = True) -> str:
    """The hall as SVG; `labels` translates statuses and legend words.

    `embed_style=False` leaves the <style> out for pages whose CSP forbids inline styles
    (the page's stylesheet carries the same rules).
    """
    zone_map = {zone.key: zone for zone in zones}
    margin = max(100, min(hall.width, hall.depth) // 40)
    legend = legend_entries(hall, mode, zone_map, labels)
    swatch = max(80, hall.width // 50)
    legend_columns = max(1, min(len(legend), hall.width // (swatch * 8)))
    legend_rows = -(-len(legend) // legend_columns)
    legend_height = legend_rows * swatch * 1.6 + swatch
    total_width = hall.width + 2 * margin
    total_height = hall.depth + 2 * margin + legend_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-margin} {-margin} {total_width} {total_height:.0f}" '
        f'class="floorplan-svg" data-hall="{_attr(hall.name)}" data-booth-count="{len(hall.booths)}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" role="img" aria-label="{_attr(title or hall.name)}">',
        f"<style>{SVG_STYLE}</style>" if embed_style else "",
        f'<rect x="0" y="0" width="{hall.width}" height="{hall.depth}" fill="#f7f5f2" stroke="#3d3a36" '
        f'stroke-width="10" class="hall-outline"/>',
    ]
    if title:
        parts.append(f'<text x="0" y="{-margin // 3}" font-size="{margin // 2}" font-weight="700">'
                     f'{_attr(title)}</text>')
    for booth in hall.booths:
        fill = booth_fill(booth, mode, zone_map)
        font = max(20, min(booth.width // 4, booth.depth // 3, 90))
        # Kept lean: 10,000 booths must stay under 3 MB. Size comes from the <rect>,
        # status from the class, and a standard type is left implicit.
        extra = f' data-occupant="{_attr(booth.occupant)}"' if booth.occupant else ""
        if booth.booth_type != "standard":
            extra += f' data-type="{booth.booth_type}"'
        parts.append(
            f'<g class="booth {booth.status}" data-booth-code="{_attr(booth.code)}" data-zone="{booth.zone_key}" '
            f'data-price="{booth.price_vnd}"{extra} tabindex="0">'
            f'<rect x="{booth.x}" y="{booth.y}" width="{booth.width}" height="{booth.depth}" fill="{fill}"/>'
            f'<text x="{booth.x + booth.width // 2}" y="{booth.y + booth.depth // 2 + font // 3}" '
            f'font-size="{font}" text-anchor="middle">{_attr(booth.code)}</text></g>'
        )
    top = hall.depth + margin
    column_width = hall.width / legend_columns
    for index, (colour, label) in enumerate(legend):
        column, row = index % legend_columns, index // legend_columns
        x = column * column_width
        y = top + row * swatch * 1.6
        parts.append(
            f'<g class="legend-item"><rect x="{x:.0f}" y="{y:.0f}" width="{swatch}" height="{swatch}" '
            f'fill="{colour}" stroke="#5c5650" stroke-width="3"/><text x="{x + swatch * 1.3:.0f}" '
            f'y="{y + swatch * 0.8:.0f}" font-size="{swatch * 0.8:.0f}">{_attr(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
