"""The annual report (verksamhetsberättelse) of a year, compiled from the data.

`annual_report_build` reads everything once into a frozen AnnualReport; the page, the PDF
(the same template through WeasyPrint), JSON and the DOCX renderer only format it, so the figures
are the same in every format. The kind "annual" of the report registry (samsyn.core.reports).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from samsyn.core.lib.numbers import format_kronor, format_percent
from samsyn.core.reports import Param, ReportKind, report_register
from samsyn.economy.selectors import year_summary
from samsyn.governance.selectors import goals_for_year
from samsyn.portfolio.models import FocusArea, Initiative, LearningEntry, Phase, PhaseChange
from samsyn.portfolio.rules.phases import phase_as_of

from . import rules, selectors
from .models import Colour
from .templatetags.followup import kpi_value


@dataclass(frozen=True)
class GoalLine:
    roman: str
    title: str
    text: str
    colour: str
    status: str


@dataclass(frozen=True)
class KpiLine:
    """A KPI in the year: the value it ended the year with, against the year's target."""

    name: str
    unit: str
    period: str  # the period of the value ("2023", "2023 H2"), "" when none was measured
    value: Decimal | None
    target: Decimal | None
    own_target: bool  # set by the year's business plan (else the KPI's standing target)


@dataclass(frozen=True)
class InitiativeLine:
    name: str
    phase: str
    effects: tuple[str, ...]
    stories: int


@dataclass(frozen=True)
class AreaSection:
    name: str
    initiatives: tuple[InitiativeLine, ...]


@dataclass(frozen=True)
class StoryLine:
    title: str
    person: str
    role: str
    organisation: str
    initiative: str
    text: str


@dataclass(frozen=True)
class EventLine:
    date: date
    title: str
    kind: str
    registrations: int | None
    attendance: int | None
    figures: tuple[tuple[str, str], ...]  # (label, "62,5 %")


@dataclass(frozen=True)
class Money:
    budget_ore: int
    outcome_ore: int
    leverage_external_ore: int
    leverage_internal_ore: int
    leverage_target_ore: int
    pilot_decided_ore: int


@dataclass(frozen=True)
class EvaluationSection:
    title: str
    statements: tuple  # (order, text, {colour: count}, total, ((colour, comment, move_up), ...))


@dataclass(frozen=True)
class AnnualReport:
    partnership: str
    year: int
    goals: tuple[GoalLine, ...]
    kpis: tuple[KpiLine, ...]
    areas: tuple[AreaSection, ...]
    stories: tuple[StoryLine, ...]
    events: tuple[EventLine, ...]
    registrations_total: int
    money: Money
    evaluations: tuple[EvaluationSection, ...]


def _goals(partnership, year):
    lines = []
    for goal in goals_for_year(partnership, year):
        status = goal.latest_status
        lines.append(
            GoalLine(goal.roman, goal.title, goal.text, status.colour if status else "", status.text if status else "")
        )
    return tuple(lines)


def _kpis(partnership, year) -> tuple[KpiLine, ...]:
    """The KPIs measured in the year or with a target for it: three queries."""
    lines = []
    for trend in selectors.kpi_trends(partnership, year=year):
        kpi = trend.kpi
        last = rules.latest_in_year(((m.period_start, value) for __, value, m in trend.points), year)
        if last is None and trend.target is None:
            continue
        lines.append(
            KpiLine(
                name=kpi.name,
                unit=kpi.unit,
                period=rules.period_label(last[0], kpi.periodicity) if last else "",
                value=last[1] if last else None,
                target=trend.target,
                own_target=trend.has_year_target,
            )
        )
    return tuple(lines)


def _money(partnership, year):
    s = year_summary(partnership, year)
    return Money(
        s.budget_ore,
        s.outcome_ore,
        s.leverage_external_ore,
        s.leverage_internal_ore,
        s.leverage_target_ore,
        s.pilot_decided_ore,
    )


def _areas(partnership, year, stories_by_initiative):
    first, last = date(year, 1, 1), date(year, 12, 31)
    initiatives = list(
        Initiative.objects.filter(partnership=partnership)
        .filter(Q(start__isnull=True) | Q(start__lte=last), Q(end__isnull=True) | Q(end__gte=first))
        .prefetch_related("focus_areas", Prefetch("phase_changes", queryset=PhaseChange.objects.order_by("date", "pk")))
        .order_by("name")
    )
    # The year as it ended: each initiative's phase on 31 December, and none first recorded after it.
    phases = {}
    for i in initiatives:
        changes = [(c.date, c.phase) for c in i.phase_changes.all()]
        phase = phase_as_of(changes, last) if changes else i.phase
        if phase is not None:
            phases[i.pk] = Phase(phase).label
    initiatives = [i for i in initiatives if i.pk in phases]
    effects = defaultdict(list)
    for initiative_id, text in (
        LearningEntry.objects.filter(
            partnership=partnership, date__range=(first, last), initiative__in=[i.pk for i in initiatives]
        )
        .order_by("date", "pk")
        .values_list("initiative_id", "text")
    ):
        effects[initiative_id].append(text)
    areas = []
    for area in FocusArea.objects.filter(partnership=partnership).order_by("order", "name"):
        lines = [
            InitiativeLine(i.name, str(phases[i.pk]), tuple(effects[i.pk][-3:]), stories_by_initiative.get(i.pk, 0))
            for i in initiatives
            if any(fa.pk == area.pk for fa in i.focus_areas.all())
        ]
        areas.append(AreaSection(area.name, tuple(lines)))
    return tuple(areas)


def annual_report_build(partnership, year: int) -> AnnualReport:
    goals = _goals(partnership, year)
    stories = selectors.story_list(partnership, year=year)  # published ones only: a public report
    per_initiative: defaultdict[int, int] = defaultdict(int)
    for s in stories:
        if s.initiative_id:
            per_initiative[s.initiative_id] += 1
    events = selectors.event_list(partnership, year=year)
    evaluations = []
    for evaluation in [e for e in selectors.evaluation_list(partnership) if e.year == year]:
        results = selectors.evaluation_results(evaluation)
        evaluations.append(
            EvaluationSection(
                evaluation.title,
                tuple(
                    (
                        r.statement.order,
                        r.statement.text,
                        dict(r.counts),
                        r.total,
                        tuple((c, t, m) for c, t, m, _n in r.comments),
                    )
                    for r in results
                ),
            )
        )
    return AnnualReport(
        partnership=partnership.name,
        year=year,
        goals=goals,
        kpis=_kpis(partnership, year),
        areas=_areas(partnership, year, per_initiative),
        stories=tuple(
            StoryLine(
                s.title or s.person_name,
                s.person_name,
                s.role,
                s.organisation,
                s.initiative.name if s.initiative else "",
                s.text,
            )
            for s in stories
        ),
        events=tuple(
            EventLine(
                e.date,
                e.title,
                e.get_kind_display(),
                e.registrations,
                e.attendance,
                tuple((f.label, format_percent(f.percent)) for f in e.figures.all()),
            )
            for e in events
        ),
        registrations_total=sum(e.registrations or 0 for e in events),
        money=_money(partnership, year),
        evaluations=tuple(evaluations),
    )


# ------------------------------------------------------------------ DOCX


def colour_names() -> dict:
    return dict(Colour.choices)


def _swedish(doc) -> None:
    """Mark the document's text as Swedish (Word's spelling and screen readers follow the styles'
    language), as the PDFs are."""
    doc.core_properties.language = "sv-SE"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "sv-SE")


def annual_report_docx(report: AnnualReport, colour_names: dict) -> bytes:
    """Render the report with python-docx; no database access."""
    doc = Document()
    _swedish(doc)
    doc.core_properties.title = _("Annual report %(year)s") % {"year": report.year}
    doc.add_heading(_("Annual report %(year)s") % {"year": report.year}, level=0)
    doc.add_paragraph(report.partnership)

    doc.add_heading(_("Operational goals"), level=1)
    if not report.goals:
        doc.add_paragraph(_("No operational goals are recorded for the year."))
    for g in report.goals:
        doc.add_heading(f"{g.roman}. {g.title}", level=2)
        doc.add_paragraph(g.text)
        if g.status:
            doc.add_paragraph(f"{colour_names.get(g.colour, g.colour)}: {g.status}")

    doc.add_heading(_("KPIs against the year's targets"), level=1)
    if not report.kpis:
        doc.add_paragraph(_("No KPI was measured or had a target in the year."))
    else:
        kpi_table = doc.add_table(rows=1, cols=4)
        for cell, text in zip(
            kpi_table.rows[0].cells, (_("KPI"), _("Period"), _("Value"), _("Target of the year")), strict=True
        ):
            cell.text = text
        for k in report.kpis:
            cells = kpi_table.add_row().cells
            cells[0].text = k.name
            cells[1].text = k.period or "–"
            cells[2].text = kpi_value(k.value, k.unit)
            cells[3].text = kpi_value(k.target, k.unit)

    doc.add_heading(_("Initiatives and effects per focus area"), level=1)
    for area in report.areas:
        doc.add_heading(area.name, level=2)
        for i in area.initiatives:
            doc.add_paragraph(f"{i.name} ({i.phase})", style="List Bullet")
            for effect in i.effects:
                doc.add_paragraph(effect, style="List Bullet 2")

    doc.add_heading(_("Impact stories"), level=1)
    for s in report.stories:
        doc.add_heading(s.title, level=2)
        doc.add_paragraph(s.text)
        doc.add_paragraph(", ".join(x for x in (s.person, s.role, s.organisation) if x))

    doc.add_heading(_("Events"), level=1)
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, (_("Date"), _("Event"), _("Kind"), _("Registrations")), strict=False):
        cell.text = text
    for e in report.events:
        cells = table.add_row().cells
        cells[0].text = e.date.isoformat()
        cells[1].text = e.title
        cells[2].text = e.kind
        cells[3].text = "" if e.registrations is None else str(e.registrations)
    doc.add_paragraph(_("Registrations in total: %(n)s") % {"n": report.registrations_total})
    for e in report.events:
        for label, value in e.figures:
            doc.add_paragraph(f"{e.title}: {label} {value}", style="List Bullet")

    doc.add_heading(_("Funding, leverage and total outcome"), level=1)
    m = report.money
    money_table = doc.add_table(rows=0, cols=2)
    for label, ore in (
        (_("Budget"), m.budget_ore),
        (_("Total outcome"), m.outcome_ore),
        (_("External leverage"), m.leverage_external_ore),
        (_("Internal leverage"), m.leverage_internal_ore),
        (_("Leverage target"), m.leverage_target_ore),
        (_("Pilot and seed money decided"), m.pilot_decided_ore),
    ):
        cells = money_table.add_row().cells
        cells[0].text = label
        cells[1].text = format_kronor(ore, unit=True)

    doc.add_heading(_("Evaluation"), level=1)
    for ev in report.evaluations:
        doc.add_heading(ev.title, level=2)
        for order, text, counts, total, comments in ev.statements:
            doc.add_paragraph(_("Statement %(n)s: %(text)s") % {"n": order, "text": text})
            doc.add_paragraph(", ".join(f"{colour_names[c]} {n}" for c, n in counts.items()) + f" ({_('of')} {total})")
            for colour, comment, move_up in comments:
                doc.add_paragraph(f"{colour_names[colour]}: {comment} {move_up}".strip(), style="List Bullet")
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


ANNUAL = report_register(
    ReportKind(
        name="annual",
        title="The annual report (verksamhetsberättelse) of a year",
        build=annual_report_build,
        params=(Param("year", int, "the year", required=True),),
        template="followup/annual_report.html",
        context=lambda report: {"year": report.year, "colour_names": colour_names()},
        docx=lambda report: annual_report_docx(report, colour_names()),
        filename=lambda report: f"verksamhetsberattelse-{report.year}",
        action="annual_report.view",
    )
)
