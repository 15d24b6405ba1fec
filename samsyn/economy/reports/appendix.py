"""The board's finance appendix (seeds 001 and 004, bilaga 1) as one report.

`finance_appendix_build` turns the loaded inputs into a frozen FinanceAppendix of tables; the
shared renderers of samsyn.core.reports (HTML template, PDF through the same template, XLSX, JSON)
read only that, so every format carries the same figures. The report kind is in economy/reports.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor, format_number
from samsyn.core.models import SpendingAuthority
from samsyn.core.spending import authority_label

from .. import selectors
from ..rules import appendix as rules

MONEY, PERCENT = "money", "percent"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple  # header texts, the first one heads the label column
    kinds: tuple  # MONEY or PERCENT per value column
    rows: tuple  # rules.Row
    note: str = ""
    header_groups: tuple = ()  # (text, span) above the columns


@dataclass(frozen=True)
class Reconciliation:
    document: str
    label: str
    printed_ore: int | None
    computed_ore: int | None  # None: the report has no such figure
    explanation: str
    # A field, not a property, so that every renderer (JSON included) carries it.
    difference_ore: int | None = field(init=False)

    def __post_init__(self):
        difference = (
            None if self.printed_ore is None or self.computed_ore is None else self.computed_ore - self.printed_ore
        )
        object.__setattr__(self, "difference_ore", difference)


@dataclass(frozen=True)
class FinanceAppendix:
    partnership: str
    as_of: date
    year: int
    tables: tuple
    reconciliation: tuple = ()
    reconciliation_as_of: date | None = None
    printed_figures: int = 0  # figures of the documents as of the same date that were compared
    printed_figures_equal: int = 0  # of them, those Samsyn computes to the krona as printed
    # The charts' figures, computed with the tables they stand by (the same figures as the table):
    chart: tuple = field(default=())  # (label, budget, latest forecast or None, outcome) per cost line
    years_chart: tuple = field(default=())  # (year, budget, outcome) of every year
    pilot_chart: tuple = field(default=())  # (year, budget, decided, remaining)
    leverage_chart: tuple = field(default=())  # (year, target, external, share in per cent or None)

    def table(self, key):
        return next(t for t in self.tables if t.key == key)

    @property
    def followup(self):
        return self.table("followup")


def _financing_table(inputs):
    contributions: dict[str, int] = {}
    for name, kind, amount in inputs.financing:
        if kind == "contribution":
            contributions[name] = contributions.get(name, 0) + amount
    rows = [
        rules.Row(name, (amount,)) for name, amount in sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    subtotal = sum(contributions.values())
    rows.append(rules.Row(_("Subtotal"), (subtotal,), "subtotal"))
    surplus = sum(a for _n, k, a in inputs.financing if k == "surplus")
    if surplus:
        rows.append(rules.Row(_("Surplus from an earlier period"), (surplus,)))
    rows.append(rules.Row(_("Available in total"), (subtotal + surplus,), "total"))
    years = f"{inputs.years[0]}–{inputs.years[-1]}"
    return Table(
        "financing", _("Financing"), (_("Funder"), _("Sum %(years)s") % {"years": years}), (MONEY,), tuple(rows)
    )


def _budget_outcome_table(inputs):
    outcome_by_year: dict[tuple[int, int], int] = {}
    for (line, year, _cat), amount in inputs.outcome.items():
        outcome_by_year[(line, year)] = outcome_by_year.get((line, year), 0) + amount
    years = inputs.years
    rows = rules.grouped_rows(
        inputs.lines,
        lambda line: rules.budget_outcome_values(line, years, inputs.budget, outcome_by_year, inputs.as_of),
        2 * len(years) + 2,
        subtotal_label=_("Subtotal"),
        total_label=_("Grand total"),
    )
    columns = (
        _("Cost line"),
        *[str(y) for y in years],
        _("Total"),
        *[_("Outcome %(year)s") % {"year": y} for y in years],
        _("Total outcome"),
    )
    groups = (("", 1), (_("Budget allocated, by decision year"), len(years) + 1), (_("Outcome"), len(years) + 1))
    total = rows[-1].values
    chart = tuple((year, total[i] or 0, total[len(years) + 1 + i] or 0) for i, year in enumerate(years))
    table = Table(
        "budget_outcome",
        _("Budget and outcome %(first)s–%(last)s") % {"first": years[0], "last": years[-1]},
        columns,
        (MONEY,) * (2 * len(years) + 2),
        tuple(rows),
        header_groups=groups,
    )
    return table, chart


def _current_year(inputs):
    year = inputs.as_of.year
    outcome_year: dict[int, int] = {}
    for (line, y, _cat), amount in inputs.outcome.items():
        if y == year:
            outcome_year[line] = outcome_year.get(line, 0) + amount
    by_line: dict[tuple[int, int], list[rules.ForecastPoint]] = {}
    for point in inputs.forecasts:
        by_line.setdefault((point.cost_line_id, point.year), []).append(point)
    # No forecast recorded for the year: no forecast column (a value never recorded is not 0).
    rounds = sorted({p.round for p in inputs.forecasts if p.year == year})
    return year, outcome_year, by_line, rounds


def _forecast_table(inputs):
    year, outcome_year, by_line, rounds = _current_year(inputs)

    def values(line):
        points = by_line.get((line.id, year), [])
        per_round = {p.round: p.amount_ore for p in points}
        budget = inputs.budget.get((line.id, year), 0)
        latest = rules.latest_forecast(points)
        return (
            budget,
            outcome_year.get(line.id, 0),
            *[per_round.get(r) for r in rounds],
            rules.forecast_difference(latest, budget),
        )

    rows = rules.grouped_rows(inputs.lines, values, 3 + len(rounds), subtotal_label=_("Subtotal"), total_label=_("Sum"))
    # Forecasts already made for later years (seed 004: "Pilotprojekt och seed money 2025").
    later = []
    for line in inputs.lines:
        for (line_id, y), points in sorted(by_line.items(), key=lambda kv: kv[0][1]):
            if line_id == line.id and y > year:
                per_round = {p.round: p.amount_ore for p in points}
                budget = inputs.budget.get((line.id, y), 0)
                latest = rules.latest_forecast(points)
                later.append(
                    rules.Row(
                        f"{line.name} {y}",
                        (budget, None, *[per_round.get(r) for r in rounds], rules.forecast_difference(latest, budget)),
                        "line",
                        line.slug,
                    )
                )
    if later:
        # With a later year beside it, a line's own row names its year (seed 004: "Pilotprojekt
        # och seed money 2024" above "... 2025").
        named = {row.slug for row in later}
        rows = [
            rules.Row(f"{r.label} {year}", r.values, r.kind, r.slug) if r.kind == "line" and r.slug in named else r
            for r in rows
        ]
        total = rows.pop()
        rows.extend(later)
        rows.append(rules.Row(total.label, rules._add([r.values for r in rows if r.kind == "line"]), "total"))
    rows = rules.blank_unrecorded_totals(rows)
    columns = (
        _("Cost line"),
        _("Budget %(year)s") % {"year": year},
        _("Outcome to %(date)s") % {"date": inputs.as_of.isoformat()},
        *[_("Forecast %(round)s") % {"round": r} for r in rounds],
        _("Difference forecast − budget"),
    )
    return Table(
        "forecast",
        _("Budget, forecasts and outcome %(year)s") % {"year": year},
        columns,
        (MONEY,) * (3 + len(rounds)),
        tuple(rows),
    )


def _followup_table(inputs):
    year, outcome_year, by_line, _rounds = _current_year(inputs)
    rows = []
    chart = []
    elapsed = rules.year_elapsed(inputs.as_of) if inputs.as_of.year == year else Decimal(100)
    base_lines = [
        line
        for line in inputs.lines
        if inputs.budget.get((line.id, year)) or outcome_year.get(line.id) or by_line.get((line.id, year))
    ]
    totals = [0, 0, 0]
    for line in base_lines:
        budget = inputs.budget.get((line.id, year), 0)
        latest = rules.latest_forecast(by_line.get((line.id, year), []))
        spent = outcome_year.get(line.id, 0)
        rows.append(
            rules.Row(
                line.name, (budget, latest, spent, budget - spent, rules.burn_rate(spent, budget)), "line", line.slug
            )
        )
        chart.append((line.name, budget, latest, spent))
        totals = [totals[0] + budget, totals[1] + (latest or 0), totals[2] + spent]
    any_forecast = any(row[2] is not None for row in chart)
    rows.append(
        rules.Row(
            _("Total"),
            (
                totals[0],
                totals[1] if any_forecast else None,
                totals[2],
                totals[0] - totals[2],
                rules.burn_rate(totals[2], totals[0]),
            ),
            "total",
        )
    )
    columns = (_("Cost line"), _("Budget"), _("Latest forecast"), _("Outcome"), _("Remaining"), _("Burn rate"))
    note = _("%(elapsed)s %% of the year had passed on %(date)s.") % {
        "elapsed": format_number(elapsed, decimals=1),
        "date": inputs.as_of.isoformat(),
    }
    return Table(
        "followup",
        _("Budget follow-up %(year)s") % {"year": year},
        columns,
        (MONEY, MONEY, MONEY, MONEY, PERCENT),
        tuple(rows),
        note,
    ), tuple(chart)


def _category_table(inputs):
    year = inputs.as_of.year
    cats = ("personnel", "operations", "overhead")

    def values(line):
        parts = tuple(inputs.outcome.get((line.id, year, c), 0) for c in cats)
        return (*parts, sum(parts))

    rows = rules.grouped_rows(
        [line for line in inputs.lines if line.group == "base"],
        values,
        4,
        subtotal_label=_("Subtotal"),
        total_label=_("Sum"),
    )
    rows = [r for r in rows if r.kind != "subtotal"]
    total = rows[-1].values
    # A total row's cells are whole öre, never empty.
    overhead_share = rules.share(int(total[2] or 0), int(total[3] or 0))
    note = _("Of which overhead: %(oh)s kr, %(share)s %% of the outcome.") % {
        "oh": format_kronor(total[2]),
        "share": format_number(overhead_share, decimals=1) if overhead_share is not None else "–",
    }
    columns = (_("Cost line"), _("Personnel"), _("Operations and consultants"), _("Overhead"), _("Sum"))
    return Table(
        "categories",
        _("Outcome %(year)s to %(date)s by category") % {"year": year, "date": inputs.as_of.isoformat()},
        columns,
        (MONEY,) * 4,
        tuple(rows),
        note,
    )


def _pilot_table(inputs):
    year = inputs.as_of.year
    pilot_ids = {cl.id for cl in inputs.lines if cl.group == "pilot"}
    budget = sum(v for (line, y), v in inputs.budget.items() if y == year and line in pilot_ids)
    latest = [
        rules.latest_forecast(p for p in inputs.forecasts if p.cost_line_id == line and p.year == year)
        for line in pilot_ids
    ]
    forecast = sum(v for v in latest if v is not None) if any(v is not None for v in latest) else None
    areas: dict[str, list[tuple[str, int]]] = {}
    for area, title, amount, decided_on in inputs.pilot_grants:
        if decided_on.year == year:
            areas.setdefault(area, []).append((title, amount))
    decided = sum(amount for grants in areas.values() for _title, amount in grants)
    this_year, remaining = rules.pilot_budget_split(budget, forecast, decided)
    rows: list[rules.Row] = []
    for area, grants in areas.items():
        # The part of the budget forecast for the year stands on the first row, as in the
        # partnership's own appendix.
        rows.append(rules.Row(area or _("Other"), (this_year if not rows else None, None), "group"))
        for title, amount in grants:
            rows.append(rules.Row(title, (None, amount)))
    if this_year is None:
        rows.append(rules.Row(_("Remaining"), (remaining, None), "line"))
    else:
        if not rows:
            rows.append(rules.Row(_("This year"), (this_year, None), "line"))
        rows.append(rules.Row(_("Remaining to %(year)s") % {"year": year + 1}, (remaining, None), "line"))
    rows.append(rules.Row(_("Sum"), (budget, decided), "total"))
    columns = (
        _("Pilot projects and seed money"),
        _("Budget %(year)s") % {"year": year},
        _("Decided %(year)s") % {"year": year},
    )
    table = Table(
        "pilot", _("Pilot projects and seed money %(year)s") % {"year": year}, columns, (MONEY, MONEY), tuple(rows)
    )
    return table, ((year, budget, decided, budget - decided),)


def _leverage_table(inputs):
    year = inputs.as_of.year
    rows = [rules.Row(_("External funding"), (inputs.leverage_target_ore, None), "group")]
    external = internal = 0
    for kind, _source_name, title, y, amount in inputs.leverage:
        if y == year and kind == "external":
            rows.append(rules.Row(title, (None, amount)))
            external += amount
    rows.append(rules.Row(_("Total external funding"), (inputs.leverage_target_ore, external), "subtotal"))
    rows.append(rules.Row(_("Internal funding"), (None, None), "group"))
    for kind, _source_name, title, y, amount in inputs.leverage:
        if y == year and kind == "internal":
            rows.append(rules.Row(title, (None, amount)))
            internal += amount
    rows.append(rules.Row(_("Total internal funding"), (None, internal), "subtotal"))
    rows.append(rules.Row(_("Sum"), (inputs.leverage_target_ore, external + internal), "total"))
    columns = (_("Leverage"), _("Target %(year)s") % {"year": year}, _("Decided %(year)s") % {"year": year})
    table = Table("leverage", _("Leverage %(year)s") % {"year": year}, columns, (MONEY, MONEY), tuple(rows))
    status = rules.leverage_against_target(year, external, internal, inputs.leverage_target_ore)
    return table, ((year, status.target_ore, external, status.share),)


def _research_table(inputs):
    year = inputs.as_of.year
    codes = []
    budget: dict[str, int] = {}
    booked: dict[str, int] = {}
    cumulative: dict[str, int] = {}
    for code, y, b, k in inputs.research:
        if code not in codes:
            codes.append(code)
        if y == year:
            budget[code] = budget.get(code, 0) + b
            booked[code] = booked.get(code, 0) + k
        cumulative[code] = cumulative.get(code, 0) + k
    rows = [rules.Row(c, (budget.get(c, 0), booked.get(c, 0), cumulative.get(c, 0))) for c in codes]
    # Nothing recorded by the report's date: the sums print "–", not 0.
    rows.append(rules.Row(_("Sum"), rules._add([r.values for r in rows]) or (None, None, None), "total"))
    last = max((y for _c, y, _b, _k in inputs.research), default=year)
    columns = (
        _("Academy"),
        _("Budget %(year)s") % {"year": year},
        _("Booked %(year)s") % {"year": year},
        _("Booked in total to %(year)s") % {"year": last},
    )
    return Table("research", _("Research money per academy"), columns, (MONEY,) * 3, tuple(rows))


def _reconciliation(inputs, tables):
    """The printed figures of the report's own date, each next to the figure computed from the
    records as they stood then (a document as of another date is not compared), and how many
    printed figures were compared and agree."""
    as_of = inputs.as_of
    pilot_by_year: dict[int, int] = {}
    leverage_by_year: dict[tuple[int, str], int] = {}
    for _area, _title, amount, decided_on in inputs.pilot_grants:
        pilot_by_year[decided_on.year] = pilot_by_year.get(decided_on.year, 0) + amount
    for kind, _s, _t, y, amount in inputs.leverage:
        leverage_by_year[(y, kind)] = leverage_by_year.get((y, kind), 0) + amount
    by_line: dict[tuple[int, int], list[rules.ForecastPoint]] = {}
    for point in inputs.forecasts:
        by_line.setdefault((point.cost_line_id, point.year), []).append(point)
    forecasts = {key: rules.latest_forecast(points) for key, points in by_line.items()}
    typed = tuple(
        Reconciliation(
            document,
            label,
            printed,
            rules.measure_value(
                measure,
                inputs.lines,
                inputs.budget,
                inputs.outcome,
                pilot_by_year,
                leverage_by_year,
                {k: v for k, v in forecasts.items() if v is not None},
            ),
            explanation,
        )
        for document, label, figure_as_of, measure, printed, explanation in inputs.figures
        if figure_as_of == as_of
    )
    checked, compared, equal = _printed_table_checks(inputs, tables)
    return typed + checked, compared + len(typed), equal + sum(1 for r in typed if r.difference_ore == 0)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _printed_table_checks(inputs, tables):
    """Every figure of the printed tables against the report's own, and every printed row and
    column total that does not add up. A figure that differs is explained by the printed
    table's own arithmetic, by the figures it sums, or by a note recorded with the table; one
    that none of these explains says so. Returns (entries, figures compared, figures equal)."""
    by_key = {t.key: t for t in tables}
    prepared = []
    for table in inputs.printed_tables:
        rows = [rules.PrintedRow(r["label"], tuple(r["values"]), r["kind"]) for r in table.rows]
        sums = [(target, [(column, sign) for column, sign in parts]) for target, parts in table.row_sums]
        prepared.append((table, rows, sums, rules.printed_table_mismatches(table.columns[1:], rows, sums)))
    entries: list[Reconciliation] = []
    compared = equal = 0
    for table, rows, sums, mismatches in prepared:
        headers = table.columns[1:]
        notes = {(_fold(n["row"]), _fold(n["column"])): n["text"] for n in table.notes}
        own = {(m.row, m.column): m for m in mismatches}

        def where(row: str, column: str, title: str = table.title) -> str:
            return f"{title}: {row or _('the sum row')}, {column}"

        report_table = by_key.get(table.compares_with)
        cells = rules.printed_cells(rows, report_table.rows, table.column_map, table.row_map) if report_table else []
        follows = rules.differences_from_parts(cells, rules.summed_cells(rows, sums))
        explained_mismatches = set()
        computed = {(rows[c.row].label, headers[c.column]): c.computed_ore for c in cells}
        for cell in cells:
            compared += 1
            row, column = rows[cell.row].label, headers[cell.column]
            note = notes.get((_fold(row), _fold(column)), "")
            if cell.difference_ore == 0:
                equal += 1
                if note and (row, column) not in own:
                    entries.append(
                        Reconciliation(table.document, where(row, column), cell.printed_ore, cell.printed_ore, note)
                    )
                continue
            text = note
            mismatch = own.get((row, column))
            if cell.computed_ore is None:
                text = text or _("The report has no such row.")
            elif mismatch is not None and mismatch.parts_ore == cell.computed_ore:
                explained_mismatches.add((row, column))
                text = text or _parts_text(mismatch, table.explanation)
            elif (cell.row, cell.column) in follows:
                parts = "; ".join(
                    f"{rows[r].label or _('the sum row')}, {headers[c]}" for r, c in follows[(cell.row, cell.column)]
                )
                text = text or _("The difference follows from the figures it sums: %(parts)s.") % {"parts": parts}
            else:
                elsewhere = next(
                    (
                        (other, m)
                        for other, _r, _s, found in prepared
                        if other.document == table.document and other is not table
                        for m in found
                        if m.printed_ore == cell.printed_ore and m.parts_ore == cell.computed_ore
                    ),
                    None,
                )
                if elsewhere is not None:
                    other, m = elsewhere
                    text = text or _(
                        "%(place)s prints %(printed)s kr, but its printed parts add up to %(parts)s kr; "
                        "Samsyn computes the sum of the parts. %(why)s"
                    ) % {
                        "place": where(m.row, m.column, other.title),
                        "printed": format_kronor(m.printed_ore),
                        "parts": format_kronor(m.parts_ore),
                        "why": other.explanation,
                    }
                else:
                    text = text or _("The difference is not explained.")
            entries.append(
                Reconciliation(table.document, where(row, column), cell.printed_ore, cell.computed_ore, text.strip())
            )
        for m in mismatches:
            if (m.row, m.column) in explained_mismatches:
                continue
            note = notes.get((_fold(m.row), _fold(m.column)), "")
            # Where the report has the same figure, it stands beside the printed one; otherwise
            # the sum of the printed parts does.
            ours = computed.get((m.row, m.column))
            entries.append(
                Reconciliation(
                    table.document,
                    where(m.row, m.column),
                    m.printed_ore,
                    m.parts_ore if ours is None else ours,
                    f"{_parts_text(m, '')} {note or table.explanation}".strip(),
                )
            )
    return tuple(entries), compared, equal


def _parts_text(m, explanation: str) -> str:
    where = _("across the row") if m.direction == "row" else _("down the column")
    text = _("The printed figures it totals add up to %(parts)s kr (%(where)s); %(printed)s kr is printed.") % {
        "parts": format_kronor(m.parts_ore),
        "where": where,
        "printed": format_kronor(m.printed_ore),
    }
    return f"{text} {explanation}".strip()


def _unbacked_table(inputs):
    """Pilot grants above what their recorded decider may decide (or whose decider is unknown),
    each with who would have had to decide it; None when every grant rests on a competent decision."""
    if not inputs.unbacked_grants:
        return None
    rows = tuple(
        rules.Row(
            _("%(date)s %(title)s: %(recorded)s, to be decided by %(needed)s")
            % {
                "date": decided_on.isoformat(),
                "title": title,
                "recorded": authority_label(recorded),
                "needed": str(SpendingAuthority(needed).label).lower(),
            },
            (amount,),
        )
        for decided_on, title, amount, recorded, needed in inputs.unbacked_grants
    )
    total = sum(amount for _d, _t, amount, _r, _n in inputs.unbacked_grants)
    return Table(
        "unbacked",
        _("Decisions above the spending limits without a competent decision"),
        (_("Decision"), _("Amount")),
        (MONEY,),
        (*rows, rules.Row(_("Sum"), (total,), "total")),
        note=_(
            "Under the agreement, spending above the process leader's limit is decided by the board at a "
            "meeting. These grants are recorded without such a decision."
        ),
    )


def finance_appendix_build(inputs: selectors.AppendixInputs, partnership_name: str) -> FinanceAppendix:
    followup, chart = _followup_table(inputs)
    budget_outcome, years_chart = _budget_outcome_table(inputs)
    pilot, pilot_chart = _pilot_table(inputs)
    leverage, leverage_chart = _leverage_table(inputs)
    tables: tuple[Table, ...] = (
        _financing_table(inputs),
        budget_outcome,
        _forecast_table(inputs),
        followup,
        _category_table(inputs),
        pilot,
        leverage,
        _research_table(inputs),
    )
    unbacked = _unbacked_table(inputs)
    if unbacked is not None:
        tables = (*tables, unbacked)
    reconciliation, compared, equal = _reconciliation(inputs, tables)
    return FinanceAppendix(
        partnership=partnership_name,
        as_of=inputs.as_of,
        year=inputs.as_of.year,
        tables=tables,
        reconciliation=reconciliation,
        reconciliation_as_of=inputs.as_of if inputs.figures or inputs.printed_tables else None,
        printed_figures=compared,
        printed_figures_equal=equal,
        chart=chart,
        years_chart=years_chart,
        pilot_chart=pilot_chart,
        leverage_chart=leverage_chart,
    )


def finance_appendix(partnership, as_of: date) -> FinanceAppendix:
    return finance_appendix_build(selectors.appendix_inputs(partnership, as_of), partnership.name)
