"""Server-side SVG charts: plain markup that works in the page and in WeasyPrint's PDF.

Each chart has role="img" and a text label; the page shows the same data as a table.
"""

from django.utils.html import escape

from samsyn.core.lib.numbers import format_kronor

SERIES = (("budget", "#1d4f7a"), ("forecast", "#8a6d00"), ("outcome", "#2e7d32"))


def budget_chart_svg(rows, *, label: str, legend: dict) -> str:
    """Grouped horizontal bars per cost line: budget, latest forecast, outcome. `rows` are
    (name, budget_ore, forecast_ore, outcome_ore); `legend` names the three series."""
    bar, gap, label_width, width = 10, 12, 230, 640
    plot = width - label_width - 90
    top = 30
    height = top + len(rows) * (3 * bar + gap) + 10
    largest = max((max(r[1:]) for r in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'class="economy-chart" width="100%" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(label)}</title>",
    ]
    x = label_width
    for key, colour in SERIES:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="16" font-size="12">{escape(legend[key])}</text>')
        x += 130
    y = top
    for name, *values in rows:
        parts.append(f'<text x="0" y="{y + 2 * bar}" font-size="12">{escape(name[:34])}</text>')
        for i, ((_key, colour), value) in enumerate(zip(SERIES, values, strict=False)):
            w = round(plot * max(value, 0) / largest, 1)
            parts.append(f'<rect x="{label_width}" y="{y + i * bar}" width="{w}" height="{bar - 1}" fill="{colour}"/>')
            parts.append(
                f'<text x="{label_width + w + 4}" y="{y + i * bar + bar - 2}" font-size="9">{format_kronor(value)}</text>'
            )
        y += 3 * bar + gap
    parts.append("</svg>")
    return "".join(parts)
