"""Draw a hall's floor plan as SVG, to scale (1 unit = 1 cm). Pure module.

Booths are coloured by status, zone, or the occupant's province or country; each
booth is a <g> carrying data-booth-code and what the details panel shows. Coloured by origin,
each group also gets a short label written on its booths ("HN" for Hà Nội), and groups whose
booths touch never share a colour.
"""

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from html import escape

from booths.layout.geometry import Rect, neighbour_pairs
from core.collation import sort_key

STATUS_COLOURS = {"available": "#cdebd3", "held": "#f7d58b", "assigned": "#9fc3ee", "blocked": "#c4c0bb",
                  "conflict": "#f29a93"}  # conflict: a previewed booth that cannot be created
UNASSIGNED_COLOUR = "#ece8e3"
PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a8", "#f032e6", "#9a6324",
           "#808000", "#008080", "#e6a8d7", "#5a7d9a", "#aa6e28", "#2f4f4f", "#b8860b", "#6b8e23",
           "#ffd8b1", "#aaffc3", "#dcbeff", "#fabed4", "#bfef45", "#42d4f4", "#800000", "#000075")
# Prefixes a province's full name carries that say nothing on a 3 m booth.
_NAME_PREFIXES = ("thành phố ", "tỉnh ", "city of ", "province of ")


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


def group_of(booth: PlanBooth, mode: str) -> str:
    """The province or country a booth's occupant stands for in `mode` ('' for none or another mode)."""
    if mode == "province":
        return booth.occupant_province
    if mode == "country":
        return booth.occupant_country
    return ""


def _initials(name: str) -> str:
    folded = name.strip()
    for prefix in _NAME_PREFIXES:
        if folded.casefold().startswith(prefix):
            folded = folded[len(prefix):]
    words = [word for word in re.split(r"[\s\-–]+", folded) if word]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:4].upper()
    return "".join(word[0] for word in words).upper()[:4]


def group_labels(names: Iterable[str]) -> dict[str, str]:
    """A short, unique label per group name for writing on booths: initials ("HN", "HCM", "TQ")
    or a short name ("HUẾ", "LÀO"); a clash gets a number ("LC", "LC2"), in the names' sorted order."""
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=sort_key):
        base = unicodedata.normalize("NFC", _initials(name))
        label, number = base, 2
        while label in taken:
            label, number = f"{base}{number}", number + 1
        labels[name] = label
        taken.add(label)
    return labels


def group_colours(booths: Iterable[PlanBooth], mode: str) -> dict[str, str]:
    """A palette colour per group such that two groups with booths sharing an edge never share a colour.

    Groups are coloured greedily, most-neighboured first (ties by name), each taking the first palette
    colour none of its neighbours has, starting from its stable hashed colour so that a group keeps
    its colour from one drawing to the next when it can. With more neighbours than palette colours
    (not seen in real halls) it takes the colour its fewest neighbours share.
    """
    placed = [booth for booth in booths if group_of(booth, mode) and booth.status != "blocked"]
    group = {index: group_of(booth, mode) for index, booth in enumerate(placed)}
    touching: dict[str, set[str]] = {name: set() for name in group.values()}
    rects = [Rect(index, booth.x, booth.y, booth.width, booth.depth) for index, booth in enumerate(placed)]
    for a, b in neighbour_pairs(rects):
        if group[a] != group[b]:
            touching[group[a]].add(group[b])
            touching[group[b]].add(group[a])
    colours: dict[str, str] = {}
    for name in sorted(touching, key=lambda n: (-len(touching[n]), sort_key(n))):
        used = [colours[other] for other in touching[name] if other in colours]
        start = PALETTE.index(group_colour(name))
        candidates = [PALETTE[(start + step) % len(PALETTE)] for step in range(len(PALETTE))]
        free = [colour for colour in candidates if colour not in used]
        colours[name] = free[0] if free else min(candidates, key=used.count)
    return colours


def on_dark(colour: str) -> bool:
    """True when dark text would be hard to read on `colour` (#rrggbb): its relative luminance is low."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour or ""):
        return False
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] < 0.2


def booth_fill(booth: PlanBooth, mode: str, zones: dict[int, PlanZone],
               colours: dict[str, str] | None = None) -> str:
    """The fill colour of a booth in colour `mode` (`colours`: each group's, from group_colours)."""
    if booth.status == "blocked":
        return STATUS_COLOURS["blocked"]
    if mode == "zone":
        zone = zones.get(booth.zone_key)
        return zone.colour if zone else UNASSIGNED_COLOUR
    if mode in ("province", "country"):
        name = group_of(booth, mode)
        if not name:
            return UNASSIGNED_COLOUR
        return (colours or {}).get(name) or group_colour(name)
    return STATUS_COLOURS.get(booth.status, UNASSIGNED_COLOUR)


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: its colour, its words, the short label on its booths and which booths it names."""

    colour: str
    label: str
    short: str = ""
    match: str = ""  # a CSS selector of the booths it stands for, for highlighting on the page
    count: int = 0


def legend(hall: PlanHall, mode: str, zones: dict[int, PlanZone], labels: dict[str, str],
           colours: dict[str, str] | None = None) -> list[LegendEntry]:
    """The legend of `mode`, groups in alphabetical order, each with how many booths it covers."""
    if mode == "zone":
        counts: dict[int, int] = {}
        for booth in hall.booths:
            if booth.status != "blocked":
                counts[booth.zone_key] = counts.get(booth.zone_key, 0) + 1
        used = sorted(key for key in counts if key in zones)  # the organizer's order of zones
        return [LegendEntry(zones[key].colour, zones[key].name, match=f'.booth[data-zone="{key}"]:not(.blocked)',
                            count=counts[key]) for key in used] + [
            LegendEntry(STATUS_COLOURS["blocked"], labels["blocked"], match=".booth.blocked")]
    if mode in ("province", "country"):
        counts = {}
        for booth in hall.booths:
            name = group_of(booth, mode)
            if name and booth.status != "blocked":
                counts[name] = counts.get(name, 0) + 1
        colours = colours if colours is not None else group_colours(hall.booths, mode)
        shorts = group_labels(counts)
        return [LegendEntry(colours.get(name) or group_colour(name), name, short=shorts[name],
                            match=f'.booth[data-g="{_attr(shorts[name])}"]', count=counts[name])
                for name in sorted(counts, key=sort_key)] + [
            LegendEntry(UNASSIGNED_COLOUR, labels["unassigned"], match=".booth:not([data-g]):not(.blocked)"),
            LegendEntry(STATUS_COLOURS["blocked"], labels["blocked"], match=".booth.blocked")]
    shown = ["available", "held", "assigned", "blocked"]
    if any(booth.status == "conflict" for booth in hall.booths):
        shown.append("conflict")
    return [LegendEntry(STATUS_COLOURS[status], labels[status], match=f".booth.{status}") for status in shown]


def legend_entries(hall: PlanHall, mode: str, zones: dict[int, PlanZone],
                   labels: dict[str, str]) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend of `mode`."""
    return [(entry.colour, entry.label) for entry in legend(hall, mode, zones, labels)]


# Characters XML 1.0 forbids even escaped; a pasted one would make the whole drawing unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _attr(value) -> str:
    return escape(_NOT_XML.sub("", str(value)), quote=True)


SVG_STYLE = (".booth rect{stroke:#5c5650;stroke-width:4}.booth text{fill:#1d1b1a;pointer-events:none}"
             ".booth[data-ink] text,.legend-item[data-ink] text.g{fill:#fff}"
             ".booth.blocked rect{stroke-dasharray:16 10}.booth:hover rect,.booth.sel rect{stroke:#b3261e;"
             "stroke-width:12}")


def render_hall_svg(hall: PlanHall, *, mode: str, zones: Iterable[PlanZone], labels: dict[str, str],
                    title: str = "", embed_style: bool = True, with_legend: bool = True,
                    highlight: Collection[str] = ()) -> str:
    """The hall as SVG; `labels` translates statuses and legend words; the booths `highlight` names (a search's
    finds) carry the class `match`, so the page's stylesheet lights them up without JavaScript.

    `embed_style=False` leaves the <style> out for pages whose CSP forbids inline styles
    (the page's stylesheet carries the same rules); `with_legend=False` leaves the legend to the
    page, which shows it as text that stays legible at any zoom (see `legend`).
    """
    zone_map = {zone.key: zone for zone in zones}
    margin = max(100, min(hall.width, hall.depth) // 40)
    colours = group_colours(hall.booths, mode) if mode in ("province", "country") else {}
    entries = legend(hall, mode, zone_map, labels, colours) if with_legend else []
    shorts = group_labels(group_of(booth, mode) for booth in hall.booths if group_of(booth, mode))
    highlight = frozenset(highlight)
    swatch = max(80, hall.width // 50)
    legend_columns = max(1, min(len(entries), hall.width // (swatch * 8)))
    legend_rows = -(-len(entries) // legend_columns)
    legend_height = legend_rows * swatch * 1.6 + swatch if entries else 0
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
        fill = booth_fill(booth, mode, zone_map, colours)
        font = max(20, min(booth.width // 4, booth.depth // 3, 90))
        # Kept lean: 10,000 booths must stay under 3 MB. Size comes from the <rect>,
        # status from the class, and a standard type is left implicit.
        extra = f' data-occupant="{_attr(booth.occupant)}"' if booth.occupant else ""
        if booth.booth_type != "standard":
            extra += f' data-type="{booth.booth_type}"'
        group = group_of(booth, mode) if booth.status != "blocked" else ""
        short = ""
        if group:
            extra += f' data-g="{_attr(shorts[group])}"'
            # The group's short label under the code, in the booth's own contrast, so neighbours read apart.
            short = (f'<text x="{booth.x + booth.width // 2}" y="{booth.y + booth.depth // 2 + font * 4 // 3}" '
                     f'font-size="{font}" font-weight="700" text-anchor="middle" class="g">'
                     f'{_attr(shorts[group])}</text>')
        dark = ' data-ink="light"' if on_dark(fill) else ""  # an attribute: the class stays "booth <status>"
        lit = " match" if booth.code in highlight else ""
        parts.append(
            f'<g class="booth {booth.status}{lit}"{dark} data-booth-code="{_attr(booth.code)}" '
            f'data-zone="{booth.zone_key}" '
            f'data-price="{booth.price_vnd}"{extra} tabindex="0">'
            f'<rect x="{booth.x}" y="{booth.y}" width="{booth.width}" height="{booth.depth}" fill="{fill}"/>'
            f'<text x="{booth.x + booth.width // 2}" y="{booth.y + booth.depth // 2 + font // 3}" '
            f'font-size="{font}" text-anchor="middle">{_attr(booth.code)}</text>{short}</g>'
        )
    top = hall.depth + margin
    column_width = hall.width / legend_columns
    for index, entry in enumerate(entries):
        colour, label = entry.colour, entry.label
        column, row = index % legend_columns, index // legend_columns
        x = column * column_width
        y = top + row * swatch * 1.6
        dark = ' data-ink="light"' if on_dark(colour) else ""
        parts.append(
            f'<g class="legend-item"{dark}><rect x="{x:.0f}" y="{y:.0f}" width="{swatch}" height="{swatch}" '
            f'fill="{colour}" stroke="#5c5650" stroke-width="3"/><text x="{x + swatch * 1.3:.0f}" '
            f'y="{y + swatch * 0.8:.0f}" font-size="{swatch * 0.8:.0f}">{_attr(label)}</text>'
            + (f'<text x="{x + swatch / 2:.0f}" y="{y + swatch * 0.68:.0f}" font-size="{swatch * 0.42:.0f}" '
               f'font-weight="700" text-anchor="middle" class="g">{_attr(entry.short)}</text>' if entry.short else "")
            + "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)
