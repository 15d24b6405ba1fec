"""Server-side SVG charts: pure functions from numbers to markup (no JavaScript).

Every chart has role="img" and a text label; pages show the same data as a table next to it.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.utils.safestring import mark_safe

from samsyn.core.lib.numbers import format_number

COLOUR_FILL = {"green": "#1b7f3b", "yellow": "#f2c200", "orange": "#e06c00", "red": "#c0262d"}


def _axis_label(value) -> str:
    # The axis top is a computed value: whole numbers as they are, others with one decimal.
    value = Decimal(value)
    return format_number(value, decimals=None if value == value.to_integral() else 1)


def trend_svg(points, label: str, target=None, width=480, height=200):
    """A line chart of (period label, value) points, with an optional dashed target line."""
    pad_left, pad_right, pad_top, pad_bottom = 60, 16, 16, 36
    values = [Decimal(v) for _, v in points]
    top = max(values + ([Decimal(target)] if target is not None else []) + [Decimal(1)])
    top = top * Decimal("1.1")
    inner_w, inner_h = width - pad_left - pad_right, height - pad_top - pad_bottom

    def x(i):
        if len(points) == 1:
            return pad_left + inner_w / 2
        return pad_left + inner_w * i / (len(points) - 1)

    def y(v):
        return pad_top + inner_h - float(Decimal(v) / top) * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{width - pad_right}" y2="{pad_top + inner_h}" stroke="#555"/>',
        f'<line x1="{pad_left}" y1="{pad_top}" x2="{pad_left}" y2="{pad_top + inner_h}" stroke="#555"/>',
        f'<text x="{pad_left - 6}" y="{pad_top + 4}" text-anchor="end" font-size="11">{_axis_label(top)}</text>',
        f'<text x="{pad_left - 6}" y="{pad_top + inner_h}" text-anchor="end" font-size="11">0</text>',
    ]
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{pad_left}" y1="{ty:.1f}" x2="{width - pad_right}" y2="{ty:.1f}" stroke="#444" stroke-dasharray="6 4"/>'
        )
    if points:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b4f8a" stroke-width="2.5"/>')
        for i, (period, value) in enumerate(points):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" fill="#0b4f8a"/>')
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="middle" font-size="11">{escape(str(period))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def distribution_svg(counts: dict[str, int], label: str, colour_names: dict[str, str], width=480, height=44):
    """One stacked bar of colour counts; each segment carries its count."""
    total = sum(counts.values())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart distribution" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="none">',
        f"<title>{escape(label)}</title>",
    ]
    if not total:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eee"/>')
    offset = 0.0
    for colour, count in counts.items():
        if not count:
            continue
        w = width * count / total
        text_fill = "#000" if colour in ("yellow", "orange") else "#fff"
        parts.append(
            f'<rect x="{offset:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{COLOUR_FILL[colour]}">'
            f"<title>{escape(colour_names.get(colour, colour))}: {count}</title></rect>"
        )
        parts.append(
            f'<text x="{offset + w / 2:.1f}" y="{height / 2 + 5:.1f}" text-anchor="middle" font-size="15" '
            f'fill="{text_fill}">{count}</text>'
        )
        offset += w
    parts.append("</svg>")
    return mark_safe("".join(parts))
