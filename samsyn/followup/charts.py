"""The follow-up's charts, drawn by the shared library (samsyn.core.lib.charts) from the same
figures as the tables they stand by: KPI trends against their targets and traffic-light answers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samsyn.core.lib import charts

from .rules import COLOURS
from .selectors import KpiTrend, StatementResult, ThemeRow
from .templatetags.followup import kpi_value


def colour_series(names: dict[str, str]) -> list[charts.Series]:
    # The traffic lights keep their own colours (the tone), with a pattern and a figure besides.
    return [charts.Series(names.get(colour, colour), tone=colour) for colour in COLOURS]


def kpi_trend_chart(trend: KpiTrend, *, height: int = 280):
    """A KPI's values over its periods, against the target of the year the page is about (the
    trend table beside it gives each period its own year's target): the figures of
    followup/_trend_table.html."""
    kpi = trend.kpi
    return charts.line_chart(
        [(label, value) for label, value, _m in trend.points],
        title=_("Trend of %(name)s") % {"name": kpi.name},
        series_label=_("Value"),
        target=trend.target,
        target_label=_("Target %(year)s") % {"year": trend.year},
        fmt=lambda value: kpi_value(value, kpi.unit),
        empty=_("No values recorded yet."),
        describedby=f"trend-{kpi.key}-cap",
        height=height,
    )


def distribution_chart(result: StatementResult, names: dict[str, str]):
    """One statement's answers as one bar split by colour: the figures of its answers table."""
    n = result.statement.order
    return charts.bar_chart(
        [_("Statement %(n)s") % {"n": n}],
        colour_series(names),
        [[result.counts.get(colour, 0) for colour in COLOURS]],
        title=_("Answers to statement %(n)s") % {"n": n},
        stacked=True,
        total_label=_("Total"),
        describedby=f"answers-{n}-cap",
    )


def compare_chart(row: ThemeRow, years: list[int], names: dict[str, str], caption_id: str):
    """A statement's answers year by year, a bar per year split by colour (the compare table)."""
    shown = [year for year in years if year in row.by_year]
    return charts.bar_chart(
        [str(year) for year in shown],
        colour_series(names),
        [[row.by_year[year].counts.get(colour, 0) for colour in COLOURS] for year in shown],
        title=_("Answers per year: %(text)s") % {"text": row.text},
        stacked=True,
        total_label=_("Total"),
        empty=_("No answers yet."),
        describedby=caption_id,
    )
