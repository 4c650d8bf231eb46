"""Small SVG bar charts for dashboards and reports (no JavaScript, printable). Pure module.

Values are written by `value_format`, or as whole numbers the `lang` way (1.250 in Vietnamese).
"""

from collections.abc import Callable
from html import escape

from core.locale import format_number


def _formatter(value_format: Callable | None, lang: str) -> Callable:
    return value_format or (lambda value: format_number(round(value), lang))


def bar_chart_svg(items: list[tuple[str, float]], *, title: str, colour: str = "#b3261e", width: int = 720,
                  height: int = 220, value_format: Callable | None = None, lang: str = "vi") -> str:
    """Vertical bars with labels under them and values above; an accessible title; escaped text."""
    if not items:
        return ""
    value_format = _formatter(value_format, lang)
    top, bottom, left, right = 22, 34, 8, 8
    plot_height = height - top - bottom
    slot = (width - left - right) / len(items)
    bar = max(2.0, slot * 0.7)
    peak = max((value for _label, value in items), default=0) or 1
    label_every = max(1, round(len(items) / 24))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" y2="{top + plot_height}" '
             f'stroke="#c9c3bd"/>']
    for index, (label, value) in enumerate(items):
        bar_height = plot_height * (value / peak)
        x = left + index * slot + (slot - bar) / 2
        y = top + plot_height - bar_height
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height:.1f}" fill="{colour}" '
                     f'rx="2"><title>{escape(str(label))}: {escape(value_format(value))}</title></rect>')
        if value and len(items) <= 31:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11" '
                         f'fill="#3d3935">{escape(value_format(value))}</text>')
        if index % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                         f'font-size="11" fill="#5f5a55">{escape(str(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart_svg(items: list[tuple[str, float]], *, title: str, colour: str = "#1d5fa8", width: int = 640,
                   row_height: int = 24, label_width: int = 190, value_format: Callable | None = None,
                   lang: str = "vi") -> str:
    """Horizontal bars, one row per item with its label on the left: fits long names (provinces, sectors)."""
    if not items:
        return ""
    value_format = _formatter(value_format, lang)
    height = row_height * len(items) + 8
    value_room = 110
    plot = width - label_width - value_room
    peak = max((value for _label, value in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for index, (label, value) in enumerate(items):
        y = 4 + index * row_height
        bar = max(1.0, plot * (value / peak)) if value else 0
        text = str(label) if len(str(label)) <= 28 else str(label)[:27] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="#3d3935">{escape(text)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="{row_height - 6}" '
                     f'fill="{colour}" rx="2"><title>{escape(str(label))}: '
                     f'{escape(value_format(value))}</title></rect>')
        parts.append(f'<text x="{label_width + bar + 6:.1f}" y="{y + row_height / 2 + 4:.1f}" font-size="11" '
                     f'fill="#5f5a55">{escape(value_format(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)
