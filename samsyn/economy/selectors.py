"""Reads of the economy app. Every function runs a fixed number of queries, whatever the data size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Func, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr

from samsyn.core import agreement as terms
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import Agreement, Partnership, Period

from .models import (
    BudgetAllocation,
    CostLine,
    Financing,
    Forecast,
    Leverage,
    LeverageTarget,
    Outcome,
    PilotGrant,
    PrintedFigure,
    PrintedTable,
    ResearchAllocation,
)
from .rules import appendix as rules


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


def _as_of(year: int, as_of: date | None) -> date:
    return as_of or date(year, 12, 31)


def allocation_rows(partnership: Partnership, as_of: date) -> list[rules.AllocationRow]:
    """Every budget revision decided on or before `as_of`: (cost_line_id, year, decided_on, pk, amount_ore)."""
    return _allocation_rows(partnership.pk, as_of)


# The finance appendix's queries differ from one partnership and date to the next only in their
# values: each is compiled once (core.lib.prepared), as the appendix is the board's heaviest page.
@prepared
def _allocation_rows(partnership_id: int, as_of: date) -> QuerySet[Any, Any]:
    return BudgetAllocation.objects.filter(partnership_id=partnership_id, decided_on__lte=as_of).values_list(
        "cost_line_id", "year", "decided_on", "pk", "amount_ore"
    )


def pilot_budget_by_year(partnership: Partnership, as_of: date) -> dict[int, int]:
    """The budget of the pilot lines per decision year as it stood on `as_of`: two queries."""
    pilot_lines = set(
        CostLine.objects.filter(partnership=partnership, group=CostLine.Group.PILOT).values_list("pk", flat=True)
    )
    budget = rules.allocations_as_of(r for r in allocation_rows(partnership, as_of) if r[0] in pilot_lines)
    by_year: dict[int, int] = {}
    for (_line, year), amount in budget.items():
        by_year[year] = by_year.get(year, 0) + amount
    return by_year


def _year_of_date() -> Func:
    """The year of Outcome.date as an SQL expression: SQLite stores dates as text and its
    ExtractYear calls back into Python for every row, so take the first four characters there."""
    if connection.vendor == "sqlite":
        return Substr("date", 1, 4)
    return ExtractYear("date")


def outcome_sums(partnership: Partnership, as_of: date, years: Iterable[int]) -> dict[tuple[int, int, str], int]:
    """Outcome summed in the database (integer sums) per cost line, year of `years` and category,
    dated on or before `as_of`: {(line, year, category): öre}. One query over a covering index."""
    span = tuple(years)
    if not span:
        return {}
    rows = _outcome_sums(partnership.pk, date(span[0], 1, 1), min(as_of, date(span[-1], 12, 31)))
    return {(r["cost_line_id"], int(r["y"]), r["category"]): int(r["s"]) for r in rows if r["s"]}


@prepared
def _outcome_sums(partnership_id: int, start: date, end: date) -> QuerySet[Any, Any]:
    return (
        Outcome.objects.filter(partnership_id=partnership_id, date__gte=start, date__lte=end)
        .annotate(y=_year_of_date())
        .values("cost_line_id", "y", "category")
        .annotate(s=Sum("amount_ore"))
        .order_by()
    )


def leverage_target(partnership: Partnership, year: int) -> int | None:
    """The partnership's own leverage target for the year, if it has set one. One query."""
    found = _leverage_target(partnership.pk, year)
    return found[0] if found else None


@prepared
def _leverage_target(partnership_id: int, year: int) -> QuerySet[Any, Any]:
    return LeverageTarget.objects.filter(partnership_id=partnership_id, year=year).values_list("amount_ore", flat=True)[
        :1
    ]


def leverage_status(partnership: Partnership, year: int) -> rules.LeverageStatus:
    """The year's leverage, external and internal, against its target. Two queries."""
    sums = dict(
        Leverage.objects.filter(partnership=partnership, year=year)
        .values_list("kind")
        .annotate(s=Sum("amount_ore"))
        .order_by()
    )
    return rules.leverage_against_target(
        year,
        int(sums.get(Leverage.Kind.EXTERNAL) or 0),
        int(sums.get(Leverage.Kind.INTERNAL) or 0),
        leverage_target(partnership, year),
    )


def year_summary(partnership: Partnership, year: int, as_of: date | None = None) -> YearSummary:
    """The year's budget (allocations of that decision year as they stood), outcome, leverage against
    its target and pilot money decided; `as_of` defaults to the end of the year. Five queries."""
    as_of = _as_of(year, as_of)
    budget = rules.allocations_as_of([r for r in allocation_rows(partnership, as_of) if r[1] == year])
    outcome = Outcome.objects.filter(
        partnership=partnership, date__gte=date(year, 1, 1), date__lte=min(as_of, date(year, 12, 31))
    )
    outcome_ore = outcome.aggregate(s=Sum("amount_ore"))["s"] or 0
    leverage = leverage_status(partnership, year)
    pilot = PilotGrant.objects.filter(
        partnership=partnership, decided_on__gte=date(year, 1, 1), decided_on__lte=min(as_of, date(year, 12, 31))
    ).aggregate(s=Sum("amount_ore"))["s"]
    return YearSummary(
        year=year,
        as_of=as_of,
        budget_ore=sum(budget.values()),
        outcome_ore=int(outcome_ore),
        leverage_external_ore=leverage.external_ore,
        leverage_internal_ore=leverage.internal_ore,
        leverage_target_ore=leverage.target_ore,
        pilot_decided_ore=int(pilot or 0),
    )


@dataclass(frozen=True)
class PrintedTableData:
    """A printed table as PrintedTable keeps it (see the model for the fields' meaning)."""

    document: str
    title: str
    columns: list
    rows: list
    row_sums: list
    explanation: str
    compares_with: str = ""
    column_map: list = field(default_factory=list)
    row_map: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class AppendixInputs:
    """Everything the finance appendix is computed from, loaded once (a fixed number of queries)."""

    as_of: date
    years: tuple[int, ...]
    lines: tuple[rules.Line, ...]
    financing: tuple[tuple[str, str, int], ...]  # (label, kind, amount_ore)
    budget: dict[tuple[int, int], int]  # (line id, year) -> öre, as it stood on as_of
    outcome: dict[tuple[int, int, str], int]  # (line id, year, category) -> öre, dated on or before as_of
    forecasts: tuple[rules.ForecastPoint, ...]  # made on or before as_of
    pilot_grants: tuple[tuple[str, str, int, date], ...]  # (area, title, amount_ore, decided_on)
    leverage: tuple[tuple[str, str, str, int, int], ...]  # (kind, source_name, title, year, amount_ore)
    leverage_target_ore: int
    research: tuple[tuple[str, int, int, int], ...]  # (code, year, budget_ore, booked_ore)
    # The printed figures and tables of documents as of the report's own date:
    # (document, label, as_of, measure, printed_ore, explanation)
    figures: tuple[tuple[str, str, date, Any, int | None, str], ...]
    printed_tables: tuple[PrintedTableData, ...] = ()
    # Pilot grants decided on or before as_of above what their recorded authority may decide:
    # (decided_on, title, amount_ore, authority recorded ("" unknown), authority needed)
    unbacked_grants: tuple[tuple[date, str, int, str, str], ...] = ()


def unbacked_pilot_grants(partnership: Partnership, as_of: date) -> tuple[tuple[date, str, int, str, str], ...]:
    """The pilot grants decided by `as_of` that rest on no competent decision: above the limits of the
    agreement in force when they were decided, and not decided by someone who may (one query, and one
    for the agreements)."""
    agreements = _agreements(partnership.pk)
    rows = []
    for grant in _pilot_grants_by(partnership.pk, as_of):
        limits = limits_on(agreements, grant.decided_on)
        amount = Decimal(grant.amount_ore) / 100
        if terms.lacks_competent_decision(grant.authority, amount, limits):
            needed = terms.required_authority(amount, limits)
            rows.append((grant.decided_on, grant.title, grant.amount_ore, grant.authority, needed))
    return tuple(rows)


@prepared
def _agreements(partnership_id: int) -> QuerySet[Agreement]:
    return Agreement.objects.filter(partnership_id=partnership_id).order_by("start")


@prepared
def _pilot_grants_by(partnership_id: int, as_of: date) -> QuerySet[PilotGrant]:
    return PilotGrant.objects.filter(partnership_id=partnership_id, decided_on__lte=as_of).order_by("decided_on", "pk")


def limits_on(agreements: list[Agreement], on: date) -> terms.SpendingLimits:
    """The limits of the agreement in force on `on` (else the latest begun before it)."""
    found = [a for a in agreements if a.is_active(on)] or [a for a in agreements if a.start and a.start <= on]
    if not found:
        return terms.AGREEMENT_2022_2025
    agreement = found[-1]
    return terms.SpendingLimits(
        project_leader=Decimal(agreement.limit_project_leader_ore) / 100,
        process_leader=Decimal(agreement.limit_process_leader_ore) / 100,
    )


def _agreement_years(partnership: Partnership, as_of: date) -> tuple[Agreement | None, tuple[int, ...]]:
    found = _agreement_active(partnership.pk, as_of) or _agreement_begun(partnership.pk, as_of)
    agreement = found[0] if found else None
    if agreement is None or not agreement.start or not agreement.end:
        return agreement, (as_of.year,)
    return agreement, tuple(range(agreement.start.year, agreement.end.year + 1))


@prepared
def _agreement_active(partnership_id: int, as_of: date) -> QuerySet[Agreement]:
    return Agreement.objects.filter(partnership_id=partnership_id).filter(Period.active_q(as_of)).order_by("-start")[:1]


@prepared
def _agreement_begun(partnership_id: int, as_of: date) -> QuerySet[Agreement]:
    return Agreement.objects.filter(partnership_id=partnership_id, start__lte=as_of).order_by("-start")[:1]


@prepared
def _cost_lines(partnership_id: int) -> QuerySet[CostLine]:
    return CostLine.objects.filter(partnership_id=partnership_id)


@prepared
def _financing(partnership_id: int, agreement_id: int) -> QuerySet[Financing]:
    return Financing.objects.filter(partnership_id=partnership_id, agreement_id=agreement_id).select_related(
        "organization"
    )


@prepared
def _forecasts(partnership_id: int, as_of: date, year: int) -> QuerySet[Any, Any]:
    return Forecast.objects.filter(partnership_id=partnership_id, made_on__lte=as_of, year__gte=year).values_list(
        "cost_line_id", "year", "round", "made_on", "amount_ore"
    )


@prepared
def _pilot_rows(partnership_id: int, as_of: date) -> QuerySet[Any, Any]:
    return (
        PilotGrant.objects.filter(partnership_id=partnership_id, decided_on__lte=as_of)
        .order_by("decided_on", "pk")
        .values_list("area", "title", "amount_ore", "decided_on")
    )


@prepared
def _leverage_rows(partnership_id: int, year: int) -> QuerySet[Any, Any]:
    return (
        Leverage.objects.filter(partnership_id=partnership_id, year__lte=year)
        .order_by("year", "pk")
        .values_list("kind", "source_name", "title", "year", "amount_ore", "decided_on")
    )


@prepared
def _research_rows(partnership_id: int) -> QuerySet[Any, Any]:
    return (
        ResearchAllocation.objects.filter(partnership_id=partnership_id)
        .values_list("academy__code", "year", "budget_ore", "booked_ore", "recorded_on")
        .order_by("academy__order", "academy__code", "year")
    )


@prepared
def _figures(partnership_id: int, as_of: date) -> QuerySet[Any, Any]:
    return PrintedFigure.objects.filter(partnership_id=partnership_id, as_of=as_of).values_list(
        "document", "label", "as_of", "measure", "printed_ore", "explanation"
    )


@prepared
def _printed_tables(partnership_id: int, as_of: date) -> QuerySet[Any, Any]:
    return PrintedTable.objects.filter(partnership_id=partnership_id, as_of=as_of).values_list(
        "document",
        "title",
        "columns",
        "rows",
        "row_sums",
        "explanation",
        "compares_with",
        "column_map",
        "row_map",
        "notes",
    )


def appendix_inputs(partnership: Partnership, as_of: date) -> AppendixInputs:
    agreement, years = _agreement_years(partnership, as_of)
    pid = partnership.pk
    lines = tuple(rules.Line(c.pk, c.slug, c.name, c.group) for c in _cost_lines(pid))
    financing = (
        tuple(
            (f.organization.name if f.organization else "", f.kind, f.amount_ore) for f in _financing(pid, agreement.pk)
        )
        if agreement
        else ()
    )
    budget = rules.allocations_as_of(allocation_rows(partnership, as_of))
    outcome = outcome_sums(partnership, as_of, years)
    forecasts = tuple(rules.ForecastPoint(*row) for row in _forecasts(pid, as_of, as_of.year))
    pilot = tuple(_pilot_rows(pid, as_of))
    # Leverage decided on or before as_of (one without a date counts from 31 December of its year).
    leverage = tuple(
        (kind, source_name, title, year, amount)
        for kind, source_name, title, year, amount, decided_on in _leverage_rows(pid, as_of.year)
        if (decided_on or date(year, 12, 31)) <= as_of
    )
    target = leverage_target(partnership, as_of.year)
    research = tuple(
        (code, year, budget_ore, booked_ore)
        for code, year, budget_ore, booked_ore, recorded_on in _research_rows(pid)
        if recorded_on is None or recorded_on <= as_of
    )
    figures = tuple(_figures(pid, as_of))
    printed_tables = tuple(PrintedTableData(*row) for row in _printed_tables(pid, as_of))
    return AppendixInputs(
        as_of=as_of,
        years=years,
        lines=lines,
        financing=financing,
        budget=budget,
        outcome=outcome,
        forecasts=forecasts,
        pilot_grants=pilot,
        leverage=leverage,
        leverage_target_ore=rules.leverage_against_target(as_of.year, 0, 0, target).target_ore,
        research=research,
        figures=figures,
        printed_tables=printed_tables,
        unbacked_grants=unbacked_pilot_grants(partnership, as_of),
    )


@dataclass(frozen=True)
class PrintedInDocument:
    """The figures an archived document printed, as kept for the reconciliation."""

    tables: tuple[tuple[str, date, int], ...]  # (title, as of, number of figures)
    figures: tuple[PrintedFigure, ...]


def printed_in_document(partnership: Partnership, diary_number: str) -> PrintedInDocument:
    """What the document with this diary number printed (two queries)."""
    tables = tuple(
        (title, as_of, sum(1 for row in rows for value in row["values"] if value is not None))
        for title, as_of, rows in PrintedTable.objects.filter(partnership=partnership, document=diary_number)
        .order_by("as_of", "pk")
        .values_list("title", "as_of", "rows")
    )
    figures = tuple(
        PrintedFigure.objects.filter(partnership=partnership, document=diary_number).order_by("as_of", "pk")
    )
    return PrintedInDocument(tables, figures)
