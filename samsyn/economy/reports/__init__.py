"""The economy's report kinds in the shared registry: the board's finance appendix."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.lib import charts
from samsyn.core.lib.numbers import format_kronor
from samsyn.core.lib.urls import reverse
from samsyn.core.reports import Column, Param, ReportKind, Sheet, report_register, sheet_name

from .appendix import MONEY, FinanceAppendix, finance_appendix


def finance_build(partnership, as_of: date | None = None) -> FinanceAppendix:
    return finance_appendix(partnership, as_of or timezone.localdate())


def _money(ore) -> str:
    return format_kronor(ore, unit=True)


def finance_charts(report: FinanceAppendix) -> dict[str, str]:
    """The charts of the appendix by the key of the table that holds the same figures."""
    found: dict[str, str] = {}
    if report.chart:
        found["followup"] = charts.bar_chart(
            [name for name, *_values in report.chart],
            [charts.Series(_("Budget")), charts.Series(_("Latest forecast")), charts.Series(_("Outcome"))],
            [values for _name, *values in report.chart],
            title=_("Budget, latest forecast and outcome per cost line %(year)s") % {"year": report.year},
            fmt=_money,
            describedby="t-followup",
        )
    if report.years_chart:
        found["budget_outcome"] = charts.bar_chart(
            [str(year) for year, *_values in report.years_chart],
            [charts.Series(_("Budget allocated")), charts.Series(_("Outcome"))],
            [values for _year, *values in report.years_chart],
            title=_("Budget and outcome per year, all cost lines"),
            fmt=_money,
            describedby="t-budget_outcome",
        )
    if report.pilot_chart:
        found["pilot"] = pilot_chart(report.pilot_chart, describedby="t-pilot")
    if report.leverage_chart:
        found["leverage"] = leverage_chart(report.leverage_chart, describedby="t-leverage")
    return found


def pilot_chart(years, *, describedby: str) -> str:
    """Pilot money decided and remaining per year, stacked to the year's budget: `years` are
    (year, budget, decided, remaining), the figures of the table it stands by."""
    return charts.bar_chart(
        [str(year) for year, *_values in years],
        [charts.Series(_("Decided")), charts.Series(_("Remaining"))],
        [(decided, remaining) for _year, _budget, decided, remaining in years],
        title=_("Pilot money decided and remaining"),
        fmt=_money,
        stacked=True,
        total_label=_("Budget"),
        totals=[budget for _year, budget, _decided, _remaining in years],
        describedby=describedby,
    )


def leverage_chart(years, *, describedby: str) -> str:
    """External leverage against its target per year: `years` are (year, target, external, share)."""
    return charts.goal_chart(
        [charts.GoalRow(str(year), external, target, share) for year, target, external, share in years],
        title=_("External leverage against the target"),
        value_label=_("External funding"),
        goal_label=_("Target"),
        fmt=_money,
        describedby=describedby,
    )


def finance_context(report: FinanceAppendix) -> dict:
    return {"charts": finance_charts(report), "may_history": False}


def finance_sheets(report: FinanceAppendix) -> tuple[Sheet, ...]:
    """One sheet per table, named by its title as people read it, and the reconciliation."""
    sheets: list[Sheet] = []
    for table in report.tables:
        kinds = ["money" if kind == MONEY else "percent" for kind in table.kinds]
        sheets.append(
            Sheet(
                name=sheet_name(table.title, (s.name for s in sheets)),
                title=f"{table.title} ({report.partnership}, {report.as_of.isoformat()})",
                columns=(
                    Column(table.columns[0]),
                    *[Column(h, k) for h, k in zip(table.columns[1:], kinds, strict=False)],
                ),
                rows=tuple((row.label, *row.values) for row in table.rows),
                bold_rows=frozenset(
                    i for i, row in enumerate(table.rows) if row.kind in ("subtotal", "total", "group")
                ),
                note=table.note,
                widths=(40, *[16] * (len(table.columns) - 1)),
            )
        )
    sheets.append(
        Sheet(
            name=sheet_name(_("Reconciliation"), (s.name for s in sheets)),
            title=_("Reconciliation"),
            columns=(
                Column(_("Document")),
                Column(_("Figure")),
                Column(_("Printed"), "money"),
                Column(_("Computed"), "money"),
                Column(_("Difference"), "money"),
                Column(_("Explanation")),
            ),
            rows=tuple(
                (r.document, r.label, r.printed_ore, r.computed_ore, r.difference_ore, r.explanation)
                for r in report.reconciliation
            ),
        )
    )
    return tuple(sheets)


def finance_link(partnership_slug: str, as_of: date | None = None) -> str:
    url = reverse("economy:appendix", args=[partnership_slug])
    return f"{url}?per={as_of.isoformat()}" if as_of else url


FINANCE = report_register(
    ReportKind(
        name="finance",
        title="The board's finance appendix as of a date",
        build=finance_build,
        params=(Param("as_of", date.fromisoformat, "YYYY-MM-DD (default: today)"),),
        template="economy/appendix_document.html",
        context=finance_context,
        # The document has no menus or forms: the economy's own stylesheet is all it needs.
        stylesheets=("economy/economy.css",),
        sheets=finance_sheets,
        filename=lambda report: f"finansbilaga-{report.as_of.isoformat()}",
        attachment="economy:appendix",
        attachment_label=gettext_lazy("Finance appendix"),
        link=finance_link,
        action="economy.view",
    )
)
