"""A portfolio view (macro, meso, micro) as one report: built once, rendered as HTML, PDF, XLSX and JSON.

The builders take what selectors.levels loaded and apply rules.phase_shown; the report registry's
renderers read only the frozen report, so the page, the PDF and the workbook carry the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.models import Organization
from samsyn.core.reports import Column, Param, ReportKind, Sheet, report_register

from ..models import Colour, Phase, Portfolio
from ..rules.phases import phase_shown
from ..selectors import levels as selectors_levels

PHASES = list(Phase)
PHASE_INDEX = {p.value: i for i, p in enumerate(PHASES)}
NO_STATUS = ""


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class InitiativeRow:
    slug: str
    name: str
    phase: str
    phase_label: str
    status_colour: str
    status_label: str
    status_date: date | None
    status_text: str
    focus_areas: tuple
    societal_goals: tuple
    testbed: str
    owner: str
    parties: tuple
    partners: tuple
    perspectives: tuple
    disciplines: tuple


@dataclass(frozen=True)
class GoalGroup:
    """Initiatives towards one societal goal (key "" holds those with none), counted per phase."""

    key: str
    title: str
    counts: tuple
    rows: tuple

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class BalanceTable:
    key: str
    title: str
    column: str
    rows: tuple
    none_label: str = ""
    none_count: int = 0


@dataclass(frozen=True)
class PortfolioReport:
    slug: str
    name: str
    level: str
    level_label: str
    owner_label: str
    scope: str
    as_of: date | None
    today: date
    filters: tuple
    phases: tuple
    phase_counts: tuple
    status_counts: tuple
    goal_groups: tuple
    rows: tuple
    balance: tuple
    missing: tuple

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def shown_on(self) -> date:
        return self.as_of or self.today


@dataclass(frozen=True)
class IndexRow:
    slug: str
    name: str
    level: str
    level_label: str
    owner_label: str
    scope: str
    counts: tuple
    total: int


@dataclass(frozen=True)
class IndexLevel:
    level: str
    label: str
    rows: tuple


@dataclass(frozen=True)
class OverTimeYear:
    year: int
    counts: tuple  # initiatives per phase (in PHASES order) at the year's end
    total: int


@dataclass(frozen=True)
class OverTimeArea:
    key: str  # the focus area's slug, or "none"
    name: str
    years: tuple  # OverTimeYear, oldest first


@dataclass(frozen=True)
class PortfolioIndexReport:
    as_of: date | None
    today: date
    phases: tuple
    levels: tuple
    over_time: tuple = ()  # OverTimeArea per focus area: the chart and its table


def _changes(initiative):
    return [(c.date, c.phase) for c in initiative.phase_changes.all()]


def _org_name(org):
    return org.short_name or org.name


def portfolio_scope(portfolio) -> str:
    """What the portfolio holds, in words: its focus area, testbed or initiative."""
    if portfolio.level == Portfolio.Level.MESO and portfolio.focus_area_id:
        return portfolio.focus_area.name
    if portfolio.level == Portfolio.Level.MICRO:
        if portfolio.testbed_id:
            return portfolio.testbed.name
        if portfolio.initiative_id:
            return portfolio.initiative.name
    return _("All initiatives of the partnership")


def _in_scope(portfolio, initiative) -> bool:
    if portfolio.level == Portfolio.Level.MACRO:
        return True
    if portfolio.level == Portfolio.Level.MESO:
        return portfolio.focus_area_id is not None and any(
            fa.pk == portfolio.focus_area_id for fa in initiative.focus_areas.all()
        )
    if portfolio.testbed_id:
        return initiative.testbed_id == portfolio.testbed_id
    return portfolio.initiative_id is not None and initiative.pk == portfolio.initiative_id


def _row(initiative, phase) -> InitiativeRow:
    colour = initiative.status_colour or NO_STATUS
    return InitiativeRow(
        slug=initiative.slug,
        name=initiative.name,
        phase=phase,
        phase_label=str(Phase(phase).label),
        status_colour=colour,
        status_label=str(Colour(colour).label) if colour else _("No status"),
        status_date=initiative.status_date,
        status_text=initiative.status_text or "",
        focus_areas=tuple(fa.name for fa in initiative.focus_areas.all()),
        societal_goals=tuple(g.text for g in initiative.societal_goals.all()),
        testbed=initiative.testbed.name if initiative.testbed_id else "",
        owner=initiative.owner.name if initiative.owner_id else "",
        parties=tuple(_org_name(o) for o in initiative.parties.all()),
        partners=tuple(_org_name(o) for o in initiative.partners.all()),
        perspectives=tuple(p.name for p in initiative.perspectives.all()),
        disciplines=tuple(d.name for d in initiative.disciplines.all()),
    )


def _phase_counts(phases_of_rows):
    counts = [0] * len(PHASES)
    for phase in phases_of_rows:
        counts[PHASE_INDEX[phase]] += 1
    return tuple(counts)


def _goals_in_scope(portfolio, dims, shown):
    """The societal goals a portfolio answers to (zero rows included), then any other its initiatives name."""
    area_id = portfolio.focus_area_id
    if area_id is None and portfolio.testbed_id:
        area_id = portfolio.testbed.focus_area_id
    if portfolio.level == Portfolio.Level.MACRO or area_id is None:
        goals = list(dims["societal_goals"])
    else:
        goals = [g for g in dims["societal_goals"] if g.focus_area_id == area_id]
    known = {g.pk for g in goals}
    for initiative, _phase in shown:
        for g in initiative.societal_goals.all():
            if g.pk not in known:
                known.add(g.pk)
                goals.append(g)
    return goals


def _balance(dims, shown):
    """How the shown initiatives spread over each dimension, every row kept, also the empty ones."""
    initiatives = [i for i, _p in shown]

    def table(key, title, column, items, of, label=str, none_label=""):
        counts = {item.pk: 0 for item in items}
        extra = []
        none = 0
        for initiative in initiatives:
            related = list(of(initiative))
            if not related:
                none += 1
            for obj in {o.pk: o for o in related}.values():
                if obj.pk not in counts:
                    counts[obj.pk] = 0
                    extra.append(obj)
                counts[obj.pk] += 1
        rows = tuple(CountRow(str(o.pk), label(o), counts[o.pk]) for o in list(items) + extra)
        return BalanceTable(key, title, column, rows, none_label, none if none_label else 0)

    kinds = []
    for kind in Organization.Kind:
        n = sum(1 for i in initiatives if any(o.kind == kind.value for o in i.partners.all()))
        kinds.append(CountRow(kind.value, str(kind.label), n))
    without_partner = sum(1 for i in initiatives if not i.partners.all())
    phase_rows = tuple(
        CountRow(p.value, str(p.label), n) for p, n in zip(PHASES, _phase_counts(p for _i, p in shown), strict=False)
    )

    return (
        table(
            "perspectives",
            _("Perspectives"),
            _("Perspective"),
            dims["perspectives"],
            lambda i: i.perspectives.all(),
            none_label=_("No perspective recorded"),
        ),
        table(
            "disciplines",
            _("Disciplines"),
            _("Discipline"),
            dims["disciplines"],
            lambda i: i.disciplines.all(),
            none_label=_("No discipline recorded"),
        ),
        table(
            "parties",
            _("Parties"),
            _("Party"),
            dims["parties"],
            lambda i: i.parties.all(),
            label=_org_name,
            none_label=_("No party recorded"),
        ),
        BalanceTable(
            "partner_kinds",
            _("Other partners by kind of organisation"),
            _("Kind of organisation"),
            tuple(kinds),
            _("No other partner recorded"),
            without_partner,
        ),
        BalanceTable("phases", _("Phases"), _("Phase"), phase_rows),
        table(
            "focus_areas",
            _("Focus areas"),
            _("Focus area"),
            dims["focus_areas"],
            lambda i: i.focus_areas.all(),
            none_label=_("No focus area"),
        ),
    )


PARTNER_KIND_MISSING = {
    Organization.Kind.UNIVERSITY: lambda: _("No initiative with a university other than the parties as partner"),
    Organization.Kind.MUNICIPALITY: lambda: _("No initiative with a municipality other than the parties as partner"),
    Organization.Kind.REGION: lambda: _("No initiative with a region as partner"),
    Organization.Kind.COMPANY: lambda: _("No initiative with a company as partner"),
    Organization.Kind.CIVIL_SOCIETY: lambda: _("No initiative with civil society as partner"),
    Organization.Kind.OTHER: lambda: _("No initiative with another kind of organisation as partner"),
}


def _missing(balance, goal_groups):
    """Sentences for every empty row: what a Core Team would look for first."""
    missing = []
    for group in goal_groups:
        if group.key and not group.rows:
            missing.append(_("No initiative towards the societal goal “%(text)s”") % {"text": group.title})
    templates = {
        "perspectives": lambda row: _("No initiative with the perspective “%(name)s”") % {"name": row.label},
        "disciplines": lambda row: _("No initiative in the discipline %(name)s") % {"name": row.label},
        "parties": lambda row: _("No initiative with %(name)s as party") % {"name": row.label},
        "partner_kinds": lambda row: PARTNER_KIND_MISSING[row.key](),
        "phases": lambda row: _("No initiative in the phase “%(phase)s”") % {"phase": row.label},
        "focus_areas": lambda row: _("No initiative in the focus area %(name)s") % {"name": row.label},
    }
    for table in balance:
        for row in table.rows:
            if row.count == 0:
                missing.append(templates[table.key](row))
    return tuple(missing)


def portfolio_report_build(portfolio, initiatives, dims, *, today, as_of=None, phase=None, filters=()):
    """The report of one portfolio view from loaded data (selectors.levels.portfolio_initiatives).

    `phase` filters on the phase shown (as of the date when there is one); `filters` are the
    (label, value) pairs the view applied, repeated in every format so a printout says what it shows.
    """
    shown = []
    for initiative in initiatives:
        p = phase_shown(_changes(initiative), initiative.phase, today, as_of)
        if p is None or (phase and p != phase):
            continue
        shown.append((initiative, p))
    shown.sort(key=lambda pair: (pair[0].name.casefold(), pair[0].pk))

    rows = {i.pk: _row(i, p) for i, p in shown}
    groups = []
    for goal in _goals_in_scope(portfolio, dims, shown):
        members = [(i, p) for i, p in shown if any(g.pk == goal.pk for g in i.societal_goals.all())]
        groups.append(_group(goal.key, goal.text, members, rows))
    without = [(i, p) for i, p in shown if not i.societal_goals.all()]
    groups.append(_group("", _("No societal goal recorded"), without, rows))

    status_counts = []
    for colour in [*list(Colour), None]:
        key = colour.value if colour else NO_STATUS
        label = str(colour.label) if colour else _("No status")
        status_counts.append(CountRow(key, label, sum(1 for r in rows.values() if r.status_colour == key)))

    balance = _balance(dims, shown)
    return PortfolioReport(
        slug=portfolio.slug,
        name=portfolio.name,
        level=portfolio.level,
        level_label=str(portfolio.get_level_display()),
        owner_label=str(portfolio.get_owner_display()),
        scope=portfolio_scope(portfolio),
        as_of=as_of,
        today=today,
        filters=tuple(filters),
        phases=tuple((p.value, str(p.label)) for p in PHASES),
        phase_counts=next(t for t in balance if t.key == "phases").rows,
        status_counts=tuple(status_counts),
        goal_groups=tuple(groups),
        rows=tuple(rows[i.pk] for i, _p in shown),
        balance=balance,
        missing=_missing(balance, groups),
    )


def _group(key, title, members, rows):
    members = sorted(members, key=lambda pair: (PHASE_INDEX[pair[1]], pair[0].name.casefold(), pair[0].pk))
    return GoalGroup(key, title, _phase_counts(p for _i, p in members), tuple(rows[i.pk] for i, _p in members))


def portfolio_over_time(initiatives, *, today, as_of=None) -> tuple[OverTimeArea, ...]:
    """Each focus area's initiatives per phase at the end of every year, from the first year in any
    phase history to the year of the view's date. A past year's end counts the history only (as
    a view as of that day does); the view's own year ends on its date, counted as the view counts."""
    end = as_of or today
    histories = [(initiative, _changes(initiative)) for initiative in initiatives]
    first = min((when.year for _i, changes in histories for when, _p in changes if when <= end), default=end.year)
    areas: dict[str, tuple[str, int]] = {}
    members: dict[str, list] = {}
    for initiative, changes in histories:
        focus_areas = list(initiative.focus_areas.all()) or [None]
        for area in focus_areas:
            key = area.slug if area else "none"
            areas.setdefault(key, (area.name, area.order) if area else (_("No focus area"), 10**6))
            members.setdefault(key, []).append((initiative, changes))
    result = []
    for key, (name, _order) in sorted(areas.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        years = []
        for year in range(first, end.year + 1):
            if year < end.year:
                shown = (phase_shown(c, i.phase, today, date(year, 12, 31)) for i, c in members[key])
            else:
                shown = (phase_shown(c, i.phase, today, as_of) for i, c in members[key])
            counts = _phase_counts(p for p in shown if p is not None)
            years.append(OverTimeYear(year, counts, sum(counts)))
        result.append(OverTimeArea(key, name, tuple(years)))
    return tuple(result)


def portfolio_index_build(portfolios, initiatives, *, today, as_of=None):
    """Every portfolio with its initiatives counted per phase (as of the date when there is one)."""
    shown = []
    for initiative in initiatives:
        p = phase_shown(_changes(initiative), initiative.phase, today, as_of)
        if p is not None:
            shown.append((initiative, p))
    by_level: dict[str, list[IndexRow]] = {level.value: [] for level in Portfolio.Level}
    for portfolio in portfolios:
        counts = _phase_counts(p for i, p in shown if _in_scope(portfolio, i))
        by_level.setdefault(portfolio.level, []).append(
            IndexRow(
                slug=portfolio.slug,
                name=portfolio.name,
                level=portfolio.level,
                level_label=str(portfolio.get_level_display()),
                owner_label=str(portfolio.get_owner_display()),
                scope=portfolio_scope(portfolio),
                counts=counts,
                total=sum(counts),
            )
        )
    levels = tuple(IndexLevel(level.value, str(level.label), tuple(by_level[level.value])) for level in Portfolio.Level)
    return PortfolioIndexReport(
        as_of=as_of,
        today=today,
        phases=tuple((p.value, str(p.label)) for p in PHASES),
        levels=levels,
        over_time=portfolio_over_time(initiatives, today=today, as_of=as_of),
    )


# Renderers: they read the report only.


def _joined(values):
    return ", ".join(values)


def _date_line(report):
    if report.as_of:
        return _("As of %(date)s") % {"date": report.as_of.isoformat()}
    return _("Today (%(date)s)") % {"date": report.today.isoformat()}


def portfolio_sheets(report: PortfolioReport) -> tuple[Sheet, ...]:
    """The summary (facts, goals by phase, status), every initiative, and the balance, a sheet each."""
    facts = [
        (_("Portfolio"), report.name),
        (_("Level"), report.level_label),
        (_("Owned by"), report.owner_label),
        (_("Holds"), report.scope),
        (_("Date"), _date_line(report)),
    ]
    facts += [(label, value) for label, value in report.filters]
    facts.append((_("Initiatives"), report.total))
    phase_labels = [label for _key, label in report.phases]
    summary = _("Portfolio")
    balance = _("Balance")
    sheets = [
        Sheet(summary, report.name, (Column(_("What")), Column(_("Value"))), tuple(facts)),
        Sheet(
            summary,
            _("Initiatives by societal goal and phase"),
            (
                Column(_("Societal goal")),
                *[Column(label, "integer") for label in phase_labels],
                Column(_("Total"), "integer"),
            ),
            (
                *[(g.title, *g.counts, g.total) for g in report.goal_groups],
                (_("All initiatives (each counted once)"), *[r.count for r in report.phase_counts], report.total),
            ),
        ),
        Sheet(
            summary,
            _("Status"),
            (Column(_("Status")), Column(_("Initiatives"), "integer")),
            tuple((r.label, r.count) for r in report.status_counts),
        ),
        Sheet(
            _("Initiatives"),
            _("Initiatives"),
            tuple(
                Column(h)
                for h in (
                    _("Initiative"),
                    _("Societal goals"),
                    _("Phase"),
                    _("Status"),
                    _("Status date"),
                    _("Status text"),
                    _("Focus areas"),
                    _("Testbed"),
                    _("Initiative owner"),
                    _("Parties"),
                    _("Other partners"),
                    _("Perspectives"),
                    _("Disciplines"),
                )
            ),
            tuple(
                (
                    r.name,
                    _joined(r.societal_goals),
                    r.phase_label,
                    r.status_label,
                    r.status_date,
                    r.status_text,
                    _joined(r.focus_areas),
                    r.testbed,
                    r.owner,
                    _joined(r.parties),
                    _joined(r.partners),
                    _joined(r.perspectives),
                    _joined(r.disciplines),
                )
                for r in report.rows
            ),
        ),
    ]
    for table in report.balance:
        rows = [(r.label, r.count) for r in table.rows]
        if table.none_label:
            rows.append((table.none_label, table.none_count))
        sheets.append(
            Sheet(balance, table.title, (Column(table.column), Column(_("Initiatives"), "integer")), tuple(rows))
        )
    missing = tuple((m,) for m in report.missing) or ((_("Nothing"),),)
    sheets.append(Sheet(balance, _("What is missing"), (Column(_("What is missing")),), missing))
    return tuple(sheets)


def portfolio_index_sheets(report: PortfolioIndexReport) -> tuple[Sheet, ...]:
    """Every portfolio by level, counted per phase, on one sheet."""
    name = _("Portfolios")
    phase_labels = [label for _key, label in report.phases]
    columns = (
        Column(_("Portfolio")),
        Column(_("Owned by")),
        Column(_("Holds")),
        *[Column(label, "integer") for label in phase_labels],
        Column(_("Total"), "integer"),
    )
    return (
        Sheet(name, _date_line(report), (), (), header=False),
        *[
            Sheet(
                name,
                level.label,
                columns,
                tuple((r.name, r.owner_label, r.scope, *r.counts, r.total) for r in level.rows),
            )
            for level in report.levels
        ],
    )


def portfolio_build(partnership, portfolio: str, as_of: date | None = None) -> PortfolioReport:
    """The portfolio with that slug as of a date (default: today), without the page's filters."""
    try:
        found = selectors_levels.portfolio_get(partnership, portfolio)
    except Portfolio.DoesNotExist:
        raise LookupError(f"no portfolio {portfolio!r}") from None
    today = timezone.localdate()
    dims = selectors_levels.portfolio_dimensions(partnership)
    initiatives = selectors_levels.portfolio_initiatives(partnership, found, status_on=as_of or today)
    return portfolio_report_build(found, initiatives, dims, today=today, as_of=as_of)


def portfolio_index_report(partnership, as_of: date | None = None) -> PortfolioIndexReport:
    return portfolio_index_build(
        selectors_levels.portfolio_list(partnership),
        selectors_levels.portfolio_index_initiatives(partnership),
        today=timezone.localdate(),
        as_of=as_of,
    )


def _stem(report) -> str:
    return report.as_of.isoformat() if report.as_of else report.today.isoformat()


AS_OF = Param("as_of", date.fromisoformat, "YYYY-MM-DD (default: today)")

PORTFOLIO = report_register(
    ReportKind(
        name="portfolio",
        title="A portfolio (macro, meso or micro) as of a date",
        build=portfolio_build,
        params=(Param("portfolio", str, "the portfolio's slug", required=True), AS_OF),
        template="portfolio/levels/detail.html",
        # What the page's links need of the portfolio, from the report itself.
        context=lambda report: {"portfolio": {"slug": report.slug, "name": report.name}},
        sheets=portfolio_sheets,
        filename=lambda report: f"{report.slug}-{_stem(report)}",
        action="portfolio.view",
    )
)
PORTFOLIOS = report_register(
    ReportKind(
        name="portfolios",
        title="Every portfolio by level, counted per phase, as of a date",
        build=portfolio_index_report,
        params=(AS_OF,),
        template="portfolio/levels/index.html",
        sheets=portfolio_index_sheets,
        filename=lambda report: f"portfoljer-{_stem(report)}",
        action="portfolio.view",
    )
)
