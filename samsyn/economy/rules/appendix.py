"""Pure computations of the finance appendix (seeds 001 and 004, bilaga 1; DOMAIN.md rules 5 and 6).

Standard library only. Amounts are integer öre; every subtotal and total is computed here
from the records under it, never typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Operational goal V (seed 000, 001, 004): leverage existing funding by at least 10 MSEK a year.
DEFAULT_LEVERAGE_TARGET_ORE = 10_000_000 * 100


# (cost_line_id, year, decided_on, tiebreak, amount_ore), as selectors.allocation_rows gives them.
AllocationRow = tuple[int, int, date, int, int]


def allocations_as_of(rows: Iterable[AllocationRow], as_of: date | None = None) -> dict[tuple[int, int], int]:
    """The budget as it stood: for each (cost line, decision year), the amount of the latest
    revision decided on or before `as_of` (DOMAIN.md rule 6). Rows are
    (cost_line, year, decided_on, tiebreak, amount_ore); a later tiebreak wins on the same day."""
    latest: dict[tuple[int, int], tuple[tuple[date, int], int]] = {}
    for line, year, decided_on, tiebreak, amount in rows:
        if as_of is not None and decided_on > as_of:
            continue
        key = (line, year)
        if key not in latest or (decided_on, tiebreak) > latest[key][0]:
            latest[key] = ((decided_on, tiebreak), amount)
    return {key: amount for key, (_, amount) in latest.items()}


@dataclass(frozen=True)
class Line:
    """What the computations need of a cost line."""

    id: int
    slug: str
    name: str
    group: str  # "base", "pilot" or "other"


# A table cell: öre, a percentage, or None where the table prints "-".
Cell = int | Decimal | None


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Cell, ...]  # öre (or a percentage) per column; None where the table prints "-"
    kind: str = "line"  # "line", "subtotal" or "total"
    slug: str = ""


def _add(columns: Sequence[Sequence[Cell]]) -> tuple[int | Decimal, ...]:
    return tuple(sum(v or 0 for v in col) for col in zip(*columns, strict=False)) if columns else ()


def grouped_rows(
    lines: Iterable[Line],
    values_of: Callable[[Line], Iterable[Cell]],
    width: int,
    *,
    subtotal_label: str,
    total_label: str,
    keep: Callable[[Line], bool] | None = None,
) -> list[Row]:
    """Rows of the base lines, their subtotal, then the other lines and the grand total.

    `values_of(line)` gives a tuple of `width` amounts; a line whose amounts are all zero or
    None is left out unless `keep(line)` says otherwise (seed 004 drops the emptied reserve line)."""
    base: list[Row] = []
    other: list[Row] = []
    for line in lines:
        values = tuple(values_of(line))
        if not any(values) and not (keep and keep(line)):
            continue
        (base if line.group == "base" else other).append(Row(line.name, values, "line", line.slug))
    rows = list(base)
    if base:
        rows.append(Row(subtotal_label, _add([r.values for r in base]), "subtotal"))
    rows.extend(other)
    rows.append(Row(total_label, _add([r.values for r in base + other]) if base or other else (0,) * width, "total"))
    return rows


def blank_unrecorded_totals(rows: Sequence[Row]) -> list[Row]:
    """The rows with a subtotal or total cell set to None (printed "–") where no line above has a
    value in that column: a sum of nothing recorded is not 0."""
    lines = [r for r in rows if r.kind == "line"]
    width = max((len(r.values) for r in rows), default=0)
    empty = {c for c in range(width) if all(c >= len(r.values) or r.values[c] is None for r in lines)}
    if not empty:
        return list(rows)
    return [
        r
        if r.kind == "line"
        else Row(r.label, tuple(None if c in empty else v for c, v in enumerate(r.values)), r.kind, r.slug)
        for r in rows
    ]


def budget_outcome_values(
    line: Line,
    years: Sequence[int],
    budget: dict[tuple[int, int], int],
    outcome: dict[tuple[int, int], int],
    as_of: date,
) -> tuple[int | None, ...]:
    """Budget per decision year and total, then outcome per year and total; outcome of a year
    that has not started on `as_of` is None (printed "-")."""
    b = tuple(budget.get((line.id, y), 0) for y in years)
    o = tuple(outcome.get((line.id, y), 0) if date(y, 1, 1) <= as_of else None for y in years)
    return (*b, sum(b), *o, sum(v or 0 for v in o))


@dataclass(frozen=True)
class ForecastPoint:
    cost_line_id: int
    year: int
    round: int
    made_on: date
    amount_ore: int


def latest_forecast(points: Iterable[ForecastPoint]) -> int | None:
    """The forecast of the highest round among `points` (None if there is none)."""
    ordered = sorted(points, key=lambda p: (p.round, p.made_on))
    return ordered[-1].amount_ore if ordered else None


def forecast_difference(forecast_ore: int | None, budget_ore: int) -> int | None:
    """The latest forecast minus the budget: negative where less will be spent than budgeted, None
    without a forecast. The partnership's appendix (SHK 2024/1, bilaga 1) prints this figure under
    the header "Differens Budget-Prognos": its pilot rows read -4 250 000 for 2024 (budget 8 500 000,
    forecast 4 250 000) and +4 250 000 for 2025, so the figures are forecast minus budget."""
    return None if forecast_ore is None else forecast_ore - budget_ore


def pilot_budget_split(budget_ore: int, forecast_ore: int | None, decided_ore: int) -> tuple[int | None, int]:
    """The year's pilot budget as the appendix splits it (SHK 2024/1, bilaga 1: 4 250 000 for the
    year's development and 4 250 000 "Återstående till 2025" of 8 500 000): with a forecast for the
    year, (the part forecast to be used, the rest carried to the next year); without one, (None,
    the budget less what has been decided)."""
    if forecast_ore is None:
        return None, budget_ore - decided_ore
    return forecast_ore, budget_ore - forecast_ore


def burn_rate(outcome_ore: int, budget_ore: int) -> Decimal | None:
    """Share of the budget spent, in per cent with one decimal (Decimal), None without a budget."""
    if not budget_ore:
        return None
    return (Decimal(outcome_ore) * 100 / Decimal(budget_ore)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_elapsed(as_of: date) -> Decimal:
    """Share of the calendar year passed on `as_of`, in per cent with one decimal."""
    start = date(as_of.year, 1, 1)
    days = (date(as_of.year + 1, 1, 1) - start).days
    return (Decimal((as_of - start).days + 1) * 100 / days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in per cent with one decimal; None when whole is 0."""
    return burn_rate(part, whole)


@dataclass(frozen=True)
class LeverageStatus:
    """A year's leverage against its target (operational goal V), in öre."""

    year: int
    external_ore: int
    internal_ore: int
    target_ore: int
    share: Decimal | None  # external leverage in per cent of the target, one decimal


def leverage_against_target(year: int, external_ore: int, internal_ore: int, target_ore: int | None) -> LeverageStatus:
    """The one computation of leverage against its target: the partnership's own target for the
    year, or the 10 MSEK of operational goal V; only external leverage counts towards it."""
    target = DEFAULT_LEVERAGE_TARGET_ORE if target_ore is None else target_ore
    return LeverageStatus(year, external_ore, internal_ore, target, share(external_ore, target))


@dataclass(frozen=True)
class PilotYear:
    """A year's pilot money: the budget of the pilot lines, what was decided, what remains (öre)."""

    year: int
    budget_ore: int
    decided_ore: int
    remaining_ore: int


def pilot_years(budget_by_year: dict[int, int], decided: Iterable[tuple[int, int]]) -> tuple[PilotYear, ...]:
    """Pilot money per year, oldest first: every year with a budget or a decision. `decided` are
    (year, amount) pairs of the grants; what remains may be negative when more was decided."""
    decided_by_year: dict[int, int] = {}
    for year, amount in decided:
        decided_by_year[year] = decided_by_year.get(year, 0) + amount
    years = sorted(set(budget_by_year) | set(decided_by_year))
    return tuple(
        PilotYear(
            y, budget_by_year.get(y, 0), decided_by_year.get(y, 0), budget_by_year.get(y, 0) - decided_by_year.get(y, 0)
        )
        for y in years
    )


def measure_value(
    measure: dict[str, Any],
    lines: Iterable[Line],
    budget: dict[tuple[int, int], int],
    outcome: dict[tuple[int, int, str], int],
    pilot_by_year: dict[int, int],
    leverage_by_year: dict[tuple[int, str], int],
    forecasts: dict[tuple[int, int], int] | None = None,
) -> int:
    """The computed value of a printed figure's measure (see PrintedFigure). `outcome` maps
    (line id, year, category) to öre; `budget` and `forecasts` (the latest forecast) map
    (line id, year) to öre."""
    kind = measure.get("measure")
    year = measure.get("year")
    if kind == "pilot":
        # Pilot money is decided per year: a pilot measure without a year has nothing to sum.
        return pilot_by_year.get(year, 0) if year is not None else 0
    if kind == "leverage":
        return sum(
            v
            for (y, k), v in leverage_by_year.items()
            if (year is None or y == year) and measure.get("kind") in (None, k)
        )
    chosen = {
        line.id
        for line in lines
        if (not measure.get("lines") or line.slug in measure["lines"])
        and (not measure.get("group") or line.group == measure["group"])
    }
    if kind == "budget":
        return sum(v for (line, y), v in budget.items() if line in chosen and (year is None or y == year))
    if kind == "forecast_difference":
        # A difference needs a year: the latest forecast of each chosen line less its budget.
        if not isinstance(year, int):
            return 0
        latest = forecasts or {}
        return sum(latest[(line, year)] - budget.get((line, year), 0) for line in chosen if (line, year) in latest)
    if kind == "outcome":
        category = measure.get("category")
        return sum(
            v
            for (line, y, cat), v in outcome.items()
            if line in chosen and (year is None or y == year) and (category is None or cat == category)
        )
    raise ValueError(f"unknown measure {kind!r}")


@dataclass(frozen=True)
class PrintedRow:
    label: str
    values: tuple[int | None, ...]  # öre as printed; None where the cell is empty or "-"
    kind: str = "line"  # "line", "group", "subtotal" or "total"


@dataclass(frozen=True)
class TotalMismatch:
    """A printed total that is not the sum of the printed figures it totals."""

    row: str
    column: str
    printed_ore: int
    parts_ore: int  # the sum of the printed parts
    direction: str  # "row" (across the row) or "column" (down the column)


def printed_table_mismatches(
    columns: Sequence[str], rows: Sequence[PrintedRow], row_sums: Sequence[tuple[int, Sequence[tuple[int, int]]]] = ()
) -> list[TotalMismatch]:
    """Every total of a printed table that does not add up (DOMAIN.md rule 5): across a row, the
    columns of `row_sums` ([column, [(part column, sign), ...]]), and down each column, a subtotal
    against the lines since the previous subtotal or total, a total against the subtotals and the
    lines not under one. A total printed empty, or with no printed part, is not checked.
    `columns` are the value columns' headers."""
    found: list[TotalMismatch] = []
    for row in rows:
        for target, parts in row_sums:
            printed = row.values[target]
            present = [(row.values[c], sign) for c, sign in parts if row.values[c] is not None]
            if printed is None or not present:
                continue
            total = sum(v * sign for v, sign in present if v is not None)
            if total != printed:
                found.append(TotalMismatch(row.label, columns[target], printed, total, "row"))
    for col, header in enumerate(columns):
        open_lines: list[int] = []  # lines since the last subtotal or total
        subtotals: list[int] = []  # subtotals and the lines under none, since the last total
        for row in rows:
            value = row.values[col] if col < len(row.values) else None
            # A group heading that prints a figure (seed 004: "Externa medel" and its target)
            # counts as a line.
            if row.kind in ("line", "group"):
                open_lines.append(value or 0)
            elif row.kind in ("subtotal", "total"):
                if row.kind == "subtotal":
                    summed = sum(open_lines)
                    subtotals.append(value if value is not None else summed)
                else:
                    summed = sum(subtotals) + sum(open_lines)
                    subtotals = []
                open_lines = []
                if value is not None and summed != value:
                    found.append(TotalMismatch(row.label, header, value, summed, "column"))
    return found


def _fold(label: str) -> str:
    return " ".join(label.casefold().split())


@dataclass(frozen=True)
class PrintedCell:
    """One figure a printed table prints, next to the report's own figure for the same row and
    column (None when the report has no such row)."""

    row: int  # the printed row's index
    column: int  # the printed value column's index
    printed_ore: int
    computed_ore: int | None

    @property
    def difference_ore(self) -> int | None:
        return None if self.computed_ore is None else self.computed_ore - self.printed_ore


def printed_cells(
    rows: Sequence[PrintedRow],
    computed: Sequence[Row],
    column_map: Sequence[int | None],
    row_map: dict[str, str] | None = None,
) -> list[PrintedCell]:
    """Every figure of a printed table (an empty or "-" cell prints none) against the report's
    cell: rows meet by label (case and spacing aside, or through `row_map` where the document
    names a row otherwise), columns through `column_map` (per printed value column, the report's
    value column, or None where the report has no such column). A report cell left empty is 0."""
    row_map = {_fold(k): v for k, v in (row_map or {}).items()}
    by_label: dict[str, Row] = {}
    for report_row in computed:
        by_label.setdefault(_fold(report_row.label), report_row)
    cells = []
    for r, row in enumerate(rows):
        target = by_label.get(_fold(row_map.get(_fold(row.label), row.label)))
        for c, printed in enumerate(row.values):
            column = column_map[c] if c < len(column_map) else None
            if printed is None or column is None:
                continue
            # A printed 0 needs no row of its own (seed 004 prints one in an empty row).
            value = int(target.values[column] or 0) if target is not None else (0 if printed == 0 else None)
            cells.append(PrintedCell(r, c, int(printed), value))
    return cells


def summed_cells(
    rows: Sequence[PrintedRow], row_sums: Sequence[tuple[int, Sequence[tuple[int, int]]]] = ()
) -> dict[tuple[int, int], list[tuple[int, int, int]]]:
    """What each total cell of a printed table sums: {(row, column): [(row, column, sign), ...]},
    across the row for the columns of `row_sums`, down the column for subtotals and totals (the
    same reading as printed_table_mismatches)."""
    parts: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for r in range(len(rows)):
        for target, summed in row_sums:
            parts[(r, target)] = [(r, c, sign) for c, sign in summed]
    width = max((len(row.values) for row in rows), default=0)
    for col in range(width):
        open_lines: list[int] = []
        subtotals: list[int] = []
        for r, row in enumerate(rows):
            if row.kind in ("line", "group"):
                open_lines.append(r)
            elif row.kind == "subtotal":
                parts.setdefault((r, col), [(i, col, 1) for i in open_lines])
                subtotals.append(r)
                open_lines = []
            elif row.kind == "total":
                parts.setdefault((r, col), [(i, col, 1) for i in subtotals + open_lines])
                subtotals, open_lines = [], []
    return parts


def differences_from_parts(
    cells: Sequence[PrintedCell], parts: dict[tuple[int, int], list[tuple[int, int, int]]]
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The differing total cells whose difference is exactly that of the cells they sum: for
    each, the differing parts [(row, column)]. Such a difference is not new; it follows from
    its parts."""
    difference = {(c.row, c.column): c.difference_ore for c in cells}
    found = {}
    for cell in cells:
        if not cell.difference_ore or (cell.row, cell.column) not in parts:
            continue
        summed = parts[(cell.row, cell.column)]
        carried = [(r, c) for r, c, _sign in summed if difference.get((r, c))]
        if carried and sum((difference.get((r, c)) or 0) * sign for r, c, sign in summed) == cell.difference_ore:
            found[(cell.row, cell.column)] = carried
    return found
