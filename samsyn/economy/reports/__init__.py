"""The economy's report kinds in the shared registry: the board's finance appendix."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.reports import Column, Param, ReportKind, Sheet, report_register

from .. import charts
from .appendix import MONEY, FinanceAppendix, finance_appendix


def finance_build(partnership, as_of: date | None = None) -> FinanceAppendix:
    return finance_appendix(partnership, as_of or timezone.localdate())


def finance_chart(report: FinanceAppendix) -> str:
    legend = {"budget": _("Budget"), "forecast": _("Latest forecast"), "outcome": _("Outcome")}
    label = _(
        "Budget, latest forecast and outcome per cost line %(year)s; the same figures are in the table below."
    ) % {"year": report.year}
    return mark_safe(charts.budget_chart_svg(report.chart, label=label, legend=legend))


def finance_context(report: FinanceAppendix) -> dict:
    return {"chart_svg": finance_chart(report), "may_history": False}


def finance_sheets(report: FinanceAppendix) -> tuple[Sheet, ...]:
    """One sheet per table, named by its key, and the reconciliation."""
    sheets = []
    for table in report.tables:
        kinds = ["money" if kind == MONEY else "percent" for kind in table.kinds]
        sheets.append(
            Sheet(
                name=table.key,
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
            name="reconciliation",
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
