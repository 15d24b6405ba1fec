"""Reads of the economy app. Every function runs a fixed number of queries, whatever the data size."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from . import rules_appendix as rules
from .models import (
    BudgetAllocation,
    Leverage,
    LeverageTarget,
    Outcome,
    PilotGrant,
)


@dataclass(frozen=True)
class YearSummary:
    """A year of a partnership's economy in öre, as it stood on `as_of`."""

    year: int
    as_of: date
    budget_ore: int
    outcome_ore: int
    leverage_external_ore: int
    leverage_internal_ore: int
    leverage_target_ore: int
    pilot_decided_ore: int


def _as_of(year, as_of):
    return as_of or date(year, 12, 31)


def allocation_rows(partnership, as_of: date):
    """Every budget revision decided on or before `as_of`: (cost_line_id, year, decided_on, pk, amount_ore)."""
    return list(
        BudgetAllocation.objects.filter(partnership=partnership, decided_on__lte=as_of).values_list(
            "cost_line_id", "year", "decided_on", "pk", "amount_ore"
        )
    )


def outcome_sums(partnership, as_of: date, *, year=None):
    """Outcome summed in the database, grouped by cost line, year and category: ((line, year, category), öre)."""
    qs = Outcome.objects.filter(partnership=partnership, date__lte=as_of)
    if year is not None:
        qs = qs.filter(date__gte=date(year, 1, 1))
    rows = qs.annotate(y=ExtractYear("date")).values("cost_line_id", "y", "category").annotate(s=Sum("amount_ore")).order_by()
    return {(r["cost_line_id"], r["y"], r["category"]): int(r["s"]) for r in rows}


def year_summary(partnership, year: int, as_of: date | None = None) -> YearSummary:
    """The year's budget (allocations of that decision year as they stood), outcome, leverage against
    its target and pilot money decided; `as_of` defaults to the end of the year. Five queries."""
    as_of = _as_of(year, as_of)
    budget = rules.allocations_as_of([r for r in allocation_rows(partnership, as_of) if r[1] == year])
    outcome = Outcome.objects.filter(partnership=partnership, date__gte=date(year, 1, 1), date__lte=min(as_of, date(year, 12, 31)))
    outcome_ore = outcome.aggregate(s=Sum("amount_ore"))["s"] or 0
    leverage = dict(
        Leverage.objects.filter(partnership=partnership, year=year).values_list("kind").annotate(s=Sum("amount_ore")).order_by()
    )
    target = LeverageTarget.objects.filter(partnership=partnership, year=year).values_list("amount_ore", flat=True).first()
    pilot = PilotGrant.objects.filter(
        partnership=partnership, decided_on__gte=date(year, 1, 1), decided_on__lte=min(as_of, date(year, 12, 31))
    ).aggregate(s=Sum("amount_ore"))["s"]
    return YearSummary(
        year=year,
        as_of=as_of,
        budget_ore=sum(budget.values()),
        outcome_ore=int(outcome_ore),
        leverage_external_ore=int(leverage.get(Leverage.Kind.EXTERNAL, 0) or 0),
        leverage_internal_ore=int(leverage.get(Leverage.Kind.INTERNAL, 0) or 0),
        leverage_target_ore=int(target if target is not None else rules.DEFAULT_LEVERAGE_TARGET_ORE),
        pilot_decided_ore=int(pilot or 0),
    )
