"""Server-side SVG charts: pure functions from numbers to markup, for the page and the PDF alike.

No JavaScript: WeasyPrint lays the same markup out in PDFs. Every chart
- is an <svg role="img"> with a <title> and an aria-label that says the figures in words,
  and the page shows the same figures in a table next to it (the table alternative);
- has a visible legend, value labels in Swedish number format (samsyn.core.lib.numbers) and a
  pattern per series, so that colour never carries the meaning alone;
- takes its colours from CSS classes (samsyn/static/samsyn/css/charts.css on Designsystemet's
  tokens; print-tokens.css gives those tokens plain values for WeasyPrint), never raw colours;
- is drawn in a viewBox as wide as the content column with text of 15 units, so that it reads at
  about 15 px on a wide screen.

The caller passes every text (translated) and a formatter for the values: money is integer öre
(format_kronor), counts and measures exact numbers (format_number). Geometry alone uses floats.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString

from .numbers import format_number, format_percent

Value = int | Decimal
Formatter = Callable[[Any], str]  # a Value; None only where the chart says "–" itself

WIDTH = 720
FONT = 15
SMALL = 14
LINE = 20  # height of a line of text
CHAR = 0.6  # average width of a character of DejaVu Sans, in font sizes
PATTERNS = 4  # solid, stripes, dots, cross-hatch: then again with the next colour
COLOURS = 6
MAX_SUMMARY_ITEMS = 24  # an aria-label longer than this says "…": the table has the rest


class Chart(SafeString):
    """A chart's markup, safe in a template, with its title as `name` (str.title is a method):
    the frame that lets a wide chart scroll on a phone (core/_chart_figure.html) is named by it."""

    name: str


def _chart(parts: list[str], title: str) -> Chart:
    chart = Chart("".join(parts))
    chart.name = title
    return chart


@dataclass(frozen=True)
class Series:
    """One series of a chart: its legend text and, optionally, a tone (a CSS class suffix such as
    "green") that fixes its colour where the colour means something (the traffic lights)."""

    label: str
    tone: str = ""


@dataclass(frozen=True)
class GoalRow:
    """One bar against a goal: `share` is the caller's own computation of value / goal in per
    cent (the same figure its table shows), or None to leave the share unsaid."""

    label: str
    value: Value
    goal: Value
    share: Decimal | None = None


# ------------------------------------------------------------------ helpers


def _f(x: float) -> str:
    """A coordinate with at most one decimal, without a trailing .0."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def _wrap(text: str, width: float, size: int = FONT, max_lines: int = 3) -> list[str]:
    """Words into lines that fit `width`; a word longer than a line is cut, and the last line
    ends in "…" when the text does not fit in `max_lines`."""
    per_line = max(4, int(width / (size * CHAR)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines or [""]


def _uid(prefix: str, *data) -> str:
    """An id for the chart's patterns, unique per chart on a page and the same on every render."""
    return prefix + hashlib.sha1(repr(data).encode()).hexdigest()[:8]


def _num(value) -> float:
    return float(value) if value is not None else 0.0


def _summary(title: str, parts: Sequence[str]) -> str:
    items = list(parts)
    if len(items) > MAX_SUMMARY_ITEMS:
        items = [*items[:MAX_SUMMARY_ITEMS], "…"]
    # A title that ends a sentence of its own (a statement's text) keeps its one full stop.
    return f"{title.rstrip('.')}. " + "; ".join(items) + ("." if items else "")


def _open(kind: str, title: str, summary: str, height: float, describedby: str | None) -> list[str]:
    described = f' aria-describedby="{escape(describedby)}"' if describedby else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'aria-label="{escape(summary)}"{described} viewBox="0 0 {WIDTH} {_f(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-size="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]


def _defs(uid: str) -> str:
    """The patterns laid over a series' colour: stripes, dots and a cross-hatch (index 1-3)."""
    return (
        "<defs>"
        f'<pattern id="{uid}-p1" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="8" class="chart-hatch" stroke-width="3"/></pattern>'
        f'<pattern id="{uid}-p2" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<circle cx="4" cy="4" r="1.8" class="chart-hatch-dot"/></pattern>'
        f'<pattern id="{uid}-p3" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<path d="M0 4H8M4 0V8" class="chart-hatch" stroke-width="1.5"/></pattern>'
        "</defs>"
    )


def _colour_class(index: int, series: Series) -> str:
    return f"chart-tone-{series.tone}" if series.tone else f"chart-c{index % COLOURS + 1}"


def _rect(x: float, y: float, w: float, h: float, index: int, series: Series, uid: str) -> str:
    """A bar or segment: its colour, then its pattern over it."""
    if w <= 0 or h <= 0:
        return ""
    box = f'x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}"'
    parts = [f'<rect {box} class="{_colour_class(index, series)}"/>']
    pattern = index % PATTERNS
    if pattern:
        parts.append(f'<rect {box} fill="url(#{uid}-p{pattern})" class="chart-pattern"/>')
    return "".join(parts)


def _text(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "", size: int = FONT) -> str:
    attrs = f'x="{_f(x)}" y="{_f(y)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if cls:
        attrs += f' class="{cls}"'
    if size != FONT:
        attrs += f' font-size="{size}"'
    return f"<text {attrs}>{escape(text)}</text>"


def _legend(
    series: Sequence[Series], uid: str, y: float, extra: Sequence[tuple[str, str]] = ()
) -> tuple[list[str], float]:
    """Swatches with their pattern and text, wrapped over lines; returns the parts and the height.
    `extra` adds (markup of a 24×14 swatch at 0,0, text) entries such as the target line."""
    parts = ['<g class="chart-legend">']
    x, line_y = 0.0, y
    entries = [(None, i, s.label) for i, s in enumerate(series)] + [(swatch, -1, text) for swatch, text in extra]
    for swatch, index, label in entries:
        width = 24 + 8 + _text_width(label) + 24
        if x > 0 and x + width > WIDTH:
            x, line_y = 0.0, line_y + LINE + 6
        if swatch is None:
            parts.append(_rect(x, line_y, 24, 16, index, series[index], uid))
            parts.append(f'<rect x="{_f(x)}" y="{_f(line_y)}" width="24" height="16" class="chart-swatch-edge"/>')
        else:
            parts.append(f'<g transform="translate({_f(x)} {_f(line_y)})">{swatch}</g>')
        parts.append(_text(x + 32, line_y + 13, label))
        x += width
    parts.append("</g>")
    return parts, line_y - y + LINE + 10


def _ticks(low: float, high: float) -> tuple[float, float]:
    """Round the domain outwards to a "nice" step so the axis ends at a round number."""
    span = high - low
    if span <= 0:
        return low, high
    step = 10 ** len(str(int(span))) / 10 if span >= 1 else 1
    for factor in (0.1, 0.2, 0.25, 0.5, 1):
        if span / (step * factor * 10) <= 1:
            step = step * factor
            break
    return math.floor(low / step) * step if low < 0 else low, math.ceil(high / step) * step


def _empty(kind: str, title: str, empty: str, describedby: str | None) -> Chart:
    parts = _open(kind, title, _summary(title, []) + empty, 60, describedby)
    parts.append(_text(0, 36, empty, cls="chart-empty"))
    parts.append("</svg>")
    return _chart(parts, title)


def percent_of(value: Value, goal: Value) -> Decimal | None:
    """value / goal in per cent with one decimal, or None for a goal of zero or less."""
    if goal is None or goal <= 0:
        return None
    return (Decimal(value) * 100 / Decimal(goal)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------ horizontal bars


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[Value | None]],
    *,
    title: str,
    fmt: Formatter = format_number,
    stacked: bool = False,
    total_label: str = "",
    totals: Sequence[Value] | None = None,
    empty: str = "",
    describedby: str | None = None,
) -> Chart:
    """Horizontal bars, one group per category (its name on a line above its bars), one bar per
    series side by side, or `stacked` into one bar with the total after it: `totals[i]` where the
    caller has it (the budget the parts make up), else the sum of the positive parts.
    `values[i][j]` is category i's value of series j; None is drawn as nothing and said as "–".
    Negative values go left of a zero line (grouped bars; a stacked bar draws them as zero)."""
    if not categories or not series:
        return _empty("bars", title, empty, describedby)
    rows = [list(row) for row in values]
    uid = _uid("cb", title, categories, [s.label for s in series], rows)
    if stacked:
        bar_sums = [sum(max(_num(v), 0) for v in row) for row in rows]
        low, high = 0.0, max([*bar_sums, 0.0])
    else:
        flat = [_num(v) for row in rows for v in row]
        low, high = min([*flat, 0.0]), max([*flat, 0.0])
    low = low if not stacked else 0.0
    if high == low:
        high = low + 1
    # Room for the value label after the longest bar.
    shown = [v for row in rows for v in row if v is not None] + list(totals or [])
    longest_label = max((_text_width(fmt(v)) for v in shown), default=0) + (
        _text_width(f"{total_label} ") if stacked else 0
    )
    negatives = [v for row in rows for v in row if v is not None and v < 0]
    plot_left = (
        min(max(_text_width(fmt(v), SMALL) for v in negatives) + 8, WIDTH / 3) if negatives and not stacked else 0.0
    )
    plot_width = WIDTH - plot_left - longest_label - 12
    if plot_width < WIDTH / 3:
        plot_width = WIDTH / 3

    def x(v: float) -> float:
        return plot_left + (v - low) / (high - low) * plot_width

    zero = x(0.0)
    parts: list[str] = []
    legend, y = _legend(series, uid, 0)
    parts += legend
    plot_top = y
    bar = 22 if stacked else 18
    body: list[str] = []
    summary_parts = []
    for i, category in enumerate(categories):
        label_lines = _wrap(category, WIDTH)
        for line in label_lines:
            y += LINE
            body.append(_text(0, y - 5, line, cls="chart-category"))
        y += 2
        row = rows[i] if i < len(rows) else []
        said = []
        if stacked:
            offset = 0.0
            for j, s in enumerate(series):
                v = row[j] if j < len(row) else None
                amount = max(_num(v), 0)
                left, right = x(offset), x(offset + amount)
                body.append(_rect(left, y, right - left, bar, j, s, uid))
                text = fmt(v) if v is not None else ""
                if text and right - left > _text_width(text, SMALL) + 8:
                    body.append(
                        _text(
                            (left + right) / 2,
                            y + bar / 2 + 5,
                            text,
                            anchor="middle",
                            cls=f"chart-on-{_colour_class(j, s)}",
                            size=SMALL,
                        )
                    )
                offset += amount
                said.append(f"{s.label} {fmt(v) if v is not None else '–'}")
            total = totals[i] if totals is not None else sum((v for v in row if v is not None and v > 0), start=0)
            total_text = f"{total_label} {fmt(total)}".strip()
            body.append(_text(x(offset) + 6, y + bar / 2 + 5, total_text, cls="chart-value"))
            said.append(total_text)
            y += bar + 14
        else:
            for j, s in enumerate(series):
                v = row[j] if j < len(row) else None
                value = _num(v)
                left, right = sorted((zero, x(value)))
                body.append(_rect(left, y, right - left, bar - 2, j, s, uid))
                if v is not None:
                    text = fmt(v)
                    if value < 0:
                        body.append(_text(left - 4, y + bar - 5, text, anchor="end", cls="chart-value", size=SMALL))
                    else:
                        body.append(_text(right + 4, y + bar - 5, text, cls="chart-value", size=SMALL))
                said.append(f"{s.label} {fmt(v) if v is not None else '–'}")
                y += bar
            y += 12
        summary_parts.append(f"{category}: " + ", ".join(said))
    if low < 0:
        body.append(f'<line x1="{_f(zero)}" y1="{_f(plot_top)}" x2="{_f(zero)}" y2="{_f(y)}" class="chart-axis"/>')
    parts = [*_open("bars", title, _summary(title, summary_parts), y, describedby), _defs(uid), *parts, *body]
    parts.append("</svg>")
    return _chart(parts, title)


# ------------------------------------------------------------------ progress against a goal


def _goal_swatch() -> str:
    return '<line x1="12" y1="-2" x2="12" y2="18" class="chart-target"/>'


def goal_chart(
    rows: Sequence[GoalRow],
    *,
    title: str,
    value_label: str,
    goal_label: str,
    fmt: Formatter = format_number,
    empty: str = "",
    describedby: str | None = None,
) -> Chart:
    """One bar per row against its goal: a track, the value as a bar and the goal as a dashed
    line with its figure. All rows share one scale, so a value far above its goal shows as a
    bar past the goal line; a negative value draws no bar but is said."""
    if not rows:
        return _empty("goal", title, empty, describedby)
    uid = _uid("cg", title, [(r.label, r.value, r.goal) for r in rows])
    value_series = Series(value_label)
    legend, y = _legend([value_series], uid, 0, [(_goal_swatch(), goal_label)])
    texts = [
        f"{fmt(r.value)}" + (f" ({format_percent(r.share, decimals=1)})" if r.share is not None else "") for r in rows
    ]
    room = max(_text_width(t) for t in texts) + 12
    plot_width = max(WIDTH - room, WIDTH / 2)
    high = max([_num(r.goal) for r in rows] + [_num(r.value) for r in rows] + [1.0])
    body: list[str] = []
    said = []
    bar = 26
    for row, text in zip(rows, texts, strict=True):
        for line in _wrap(row.label, WIDTH):
            y += LINE
            body.append(_text(0, y - 5, line, cls="chart-category"))
        y += LINE  # the goal's figure stands above the track
        goal_x = _num(row.goal) / high * plot_width if row.goal > 0 else 0.0
        goal_text = f"{goal_label} {fmt(row.goal)}"
        anchor = "end" if goal_x + _text_width(goal_text, SMALL) / 2 > WIDTH else "middle"
        if goal_x - _text_width(goal_text, SMALL) / 2 < 0:
            anchor = "start"
        body.append(_text(goal_x, y - 5, goal_text, anchor=anchor, cls="chart-goal-text", size=SMALL))
        body.append(f'<rect x="0" y="{_f(y)}" width="{_f(plot_width)}" height="{bar}" class="chart-track"/>')
        width = max(_num(row.value), 0) / high * plot_width
        body.append(_rect(0, y, width, bar, 0, value_series, uid))
        body.append(_text(width + 6, y + bar / 2 + 5, text, cls="chart-value"))
        body.append(
            f'<line x1="{_f(goal_x)}" y1="{_f(y - 3)}" x2="{_f(goal_x)}" y2="{_f(y + bar + 3)}" class="chart-target"/>'
        )
        y += bar + 16
        said.append(f"{row.label}: {value_label} {text}, {goal_label} {fmt(row.goal)}")
    parts = [*_open("goal", title, _summary(title, said), y, describedby), _defs(uid), *legend, *body]
    parts.append("</svg>")
    return _chart(parts, title)


# ------------------------------------------------------------------ a line over time


def _axis_value(v: float) -> Value:
    """An axis figure for the formatter: whole numbers as int, others as an exact Decimal."""
    return int(v) if float(v).is_integer() else Decimal(str(round(v, 2)))


def _line_swatch() -> str:
    return '<line x1="0" y1="8" x2="24" y2="8" class="chart-line"/><circle cx="12" cy="8" r="4" class="chart-point"/>'


def line_chart(
    points: Sequence[tuple[str, Value]],
    *,
    title: str,
    series_label: str,
    target: Value | None = None,
    target_label: str = "",
    fmt: Formatter = format_number,
    empty: str = "",
    describedby: str | None = None,
    height: int = 280,
) -> Chart:
    """A line through (period, value) points with each value written by its point, and the
    target as a dashed line with its figure. One point stands in the middle; negative values
    take the zero line up from the bottom."""
    if not points:
        return _empty("line", title, empty, describedby)
    uid = _uid("cl", title, points, target)
    extra = [(_line_swatch(), series_label)]
    if target is not None:
        extra.append(('<line x1="0" y1="8" x2="24" y2="8" class="chart-target"/>', target_label))
    legend, top = _legend([], uid, 0, extra)
    values = [_num(v) for _, v in points]
    bounds = values + ([_num(target)] if target is not None else [])
    low, high = _ticks(min([*bounds, 0.0]), max([*bounds, 0.0]))
    if high == low:
        high = low + 1
    ticks = [low, (low + high) / 2, high] if low >= 0 else [low, 0.0, high]
    pad_left = max(_text_width(fmt(_axis_value(t)), SMALL) for t in ticks) + 10
    pad_right = 16
    plot_top = top + LINE
    plot_bottom = top + height - 2 * LINE
    inner_w = WIDTH - pad_left - pad_right

    def x(i: int) -> float:
        if len(points) == 1:
            return pad_left + inner_w / 2
        return pad_left + 12 + (inner_w - 24) * i / (len(points) - 1)

    def y(v: float) -> float:
        return plot_bottom - (v - low) / (high - low) * (plot_bottom - plot_top)

    body: list[str] = []
    for t in ticks:
        body.append(
            f'<line x1="{_f(pad_left)}" y1="{_f(y(t))}" x2="{_f(WIDTH - pad_right)}" y2="{_f(y(t))}" class="chart-grid"/>'
        )
        body.append(_text(pad_left - 6, y(t) + 5, fmt(_axis_value(t)), anchor="end", cls="chart-axis-text", size=SMALL))
    if target is not None:
        ty = y(_num(target))
        body.append(
            f'<line x1="{_f(pad_left)}" y1="{_f(ty)}" x2="{_f(WIDTH - pad_right)}" y2="{_f(ty)}" class="chart-target"/>'
        )
        body.append(
            _text(
                WIDTH - pad_right,
                ty - 6,
                f"{target_label} {fmt(target)}",
                anchor="end",
                cls="chart-goal-text",
                size=SMALL,
            )
        )
    if len(points) > 1:
        path = " ".join(f"{_f(x(i))},{_f(y(v))}" for i, v in enumerate(values))
        body.append(f'<polyline points="{path}" class="chart-line"/>')
    # Every label fits when there are few points; with many, every k-th and the last.
    step = max(1, math.ceil(len(points) * 70 / inner_w))
    for i, (period, value) in enumerate(points):
        body.append(f'<circle cx="{_f(x(i))}" cy="{_f(y(values[i]))}" r="5" class="chart-point"/>')
        if i % step == 0 or i == len(points) - 1:
            body.append(_text(x(i), y(values[i]) - 10, fmt(value), anchor="middle", cls="chart-value", size=SMALL))
            body.append(
                _text(x(i), plot_bottom + LINE + 2, str(period), anchor="middle", cls="chart-axis-text", size=SMALL)
            )
    said = [f"{series_label}: " + ", ".join(f"{p} {fmt(v)}" for p, v in points)]
    if target is not None:
        said.append(f"{target_label} {fmt(target)}")
    parts = _open("line", title, _summary(title, said), top + height, describedby) + legend + body
    parts.append("</svg>")
    return _chart(parts, title)


# ------------------------------------------------------------------ stacked columns over time


def column_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[Value | None]],
    *,
    title: str,
    fmt: Formatter = format_number,
    total_label: str = "",
    empty: str = "",
    describedby: str | None = None,
    height: int = 300,
) -> Chart:
    """Columns over time, each stacked from its series (`values[i][j]` is period i's value of
    series j), with each segment's figure inside it where it fits and the total above. Negative
    values count as zero."""
    if not periods or not series:
        return _empty("columns", title, empty, describedby)
    rows = [[max(_num(v), 0) for v in row] for row in values]
    uid = _uid("cc", title, periods, [s.label for s in series], rows)
    legend, top = _legend(series, uid, 0)
    totals = [sum(row) for row in rows]
    _low, high = _ticks(0.0, max([*totals, 1.0]))
    plot_top = top + LINE + 4
    plot_bottom = top + height - LINE - 8
    slot = WIDTH / len(periods)
    column = min(90.0, slot * 0.7)

    def y(v: float) -> float:
        return plot_bottom - v / high * (plot_bottom - plot_top)

    body = [f'<line x1="0" y1="{_f(plot_bottom)}" x2="{WIDTH}" y2="{_f(plot_bottom)}" class="chart-axis"/>']
    said = []
    for i, period in enumerate(periods):
        left = slot * i + (slot - column) / 2
        offset = 0.0
        raw = values[i] if i < len(values) else []
        row = rows[i] if i < len(rows) else []
        for j, s in enumerate(series):
            amount = row[j] if j < len(row) else 0.0
            top_y, bottom_y = y(offset + amount), y(offset)
            body.append(_rect(left, top_y, column, bottom_y - top_y, j, s, uid))
            v = raw[j] if j < len(raw) else None
            if amount and bottom_y - top_y >= SMALL + 4 and column >= _text_width(fmt(v), SMALL) + 4:
                body.append(
                    _text(
                        left + column / 2,
                        (top_y + bottom_y) / 2 + 5,
                        fmt(v),
                        anchor="middle",
                        cls=f"chart-on-{_colour_class(j, s)}",
                        size=SMALL,
                    )
                )
            offset += amount
        total = sum((v for v in raw if v is not None and v > 0), start=0)
        body.append(_text(left + column / 2, y(offset) - 6, fmt(total), anchor="middle", cls="chart-value", size=SMALL))
        body.append(_text(left + column / 2, plot_bottom + LINE, str(period), anchor="middle", cls="chart-axis-text"))
        parts_said = [
            f"{s.label} {fmt(raw[j]) if j < len(raw) and raw[j] is not None else '–'}" for j, s in enumerate(series)
        ]
        said.append(f"{period}: " + ", ".join([*parts_said, f"{total_label} {fmt(total)}".strip()]))
    parts = [*_open("columns", title, _summary(title, said), top + height, describedby), _defs(uid), *legend, *body]
    parts.append("</svg>")
    return _chart(parts, title)


# ------------------------------------------------------------------ printing


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_TOKEN = re.compile(r"(--ds-[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
_CHART_SVG = re.compile(r'(<svg\b[^>]*\bclass="chart\b[^"]*"[^>]*>)')


def print_style(charts_css: str, tokens_css: str) -> str:
    """The rules of charts.css that style a chart's inside, each token replaced by its plain value
    from print-tokens.css. WeasyPrint draws an inline SVG with the styles inside it only, and
    resolves no var() there; a declaration whose token has no value is left out."""
    tokens = {name: value.strip() for name, value in _TOKEN.findall(_COMMENT.sub("", tokens_css))}
    rules = []
    for selector, body in _RULE.findall(_COMMENT.sub("", charts_css)):
        selectors = [part.strip() for part in selector.split(",")]
        if not all(part.startswith(".chart ") for part in selectors):
            continue
        declarations = []
        for declaration in body.split(";"):
            if not declaration.strip():
                continue
            missing = False

            def value(match, tokens=tokens):
                nonlocal missing
                found = tokens.get(match.group(1), match.group(2))
                missing = missing or found is None
                return found or ""

            text = _VAR.sub(value, declaration.strip())
            if not missing:
                declarations.append(text)
        if declarations:
            rules.append(f"{','.join(selectors)}{{{';'.join(declarations)}}}")
    return "".join(rules)


def inline_print_style(html: str, style: str) -> str:
    """`html` with `style` put inside every chart, for WeasyPrint (see print_style)."""
    if not style:
        return html
    return _CHART_SVG.sub(lambda m: f"{m.group(1)}<style>{style}</style>", html)
