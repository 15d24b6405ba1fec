"""The process leader's report (processledarrapport): drafted from the data since the previous meeting.

Goals 1–5 as in seeds 001 and 004. Each goal gets a colour (the latest goal status, if any),
bullets (goal status texts since, and for goal 1 new and changed initiatives, for goal 2 decisions
and assignments due, for goal 5 leverage against the target) and figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor
from samsyn.economy.rules.appendix import leverage_against_target
from samsyn.economy.selectors import leverage_status
from samsyn.portfolio.models import Initiative, PhaseChange, StatusUpdate

from ..models import Assignment, Decision, GoalStatus, LeaderReport, LeaderReportGoal, Meeting, OperationalGoal
from ..selectors import previous_meeting

LEVERAGE_GOAL = 5
INITIATIVE_GOAL = 1
GOVERNANCE_GOAL = 2
COLOUR_ORDER = ("green", "yellow", "orange", "red")


def draft(meeting: Meeting) -> dict:
    """What Samsyn proposes for the meeting's report: constant queries."""
    partnership = meeting.partnership
    prev = previous_meeting(meeting)
    since = prev.date if prev else date(meeting.date.year, 1, 1)
    until = meeting.date
    goals = list(
        OperationalGoal.objects.filter(partnership=partnership, year=meeting.date.year)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=GoalStatus.objects.filter(date__gte=since, date__lte=until).order_by("-date", "-pk"),
            )
        )
    )
    changes = list(
        PhaseChange.objects.filter(partnership=partnership, date__gt=since, date__lte=until)
        .select_related("initiative")
        .order_by("date", "pk")
    )
    updates = list(
        StatusUpdate.objects.filter(partnership=partnership, date__gt=since, date__lte=until)
        .select_related("initiative")
        .order_by("date", "pk")
    )
    decisions = list(
        Decision.objects.filter(partnership=partnership, item__meeting__date__gte=since, item__meeting__date__lt=until)
        .select_related("item__meeting")
        .order_by("item__meeting__date", "item__number", "order")
    )
    due = list(
        Assignment.objects.filter(
            partnership=partnership,
            status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS],
            item__meeting__date__lt=until,
        )
        .select_related("assignee")
        .order_by("due", "pk")
    )
    leverage = leverage_status(partnership, meeting.date.year)
    rows = []
    for goal in goals:
        statuses = list(goal.statuses.all())
        bullets = [s.text for s in statuses]
        initiatives: list[Initiative] = []
        figures: dict = {}
        if goal.number == INITIATIVE_GOAL:
            for c in changes:
                bullets.append(
                    _("%(initiative)s: %(phase)s since %(date)s")
                    % {"initiative": c.initiative.name, "phase": c.get_phase_display(), "date": c.date.isoformat()}
                )
                initiatives.append(c.initiative)
            for u in updates:
                bullets.append(f"{u.initiative.name}: {u.text}")
                initiatives.append(u.initiative)
            figures["initiatives_changed"] = len({i.pk for i in initiatives})
        if goal.number == GOVERNANCE_GOAL:
            for d in decisions:
                bullets.append(
                    _("Decided %(date)s: %(text)s") % {"date": d.item.meeting.date.isoformat(), "text": d.text}
                )
            for a in due:
                bullets.append(_("Assignment to %(who)s: %(text)s") % {"who": a.who or "–", "text": a.text})
            figures["decisions"] = len(decisions)
            figures["assignments_open"] = len(due)
        if goal.number == LEVERAGE_GOAL:
            figures.update(
                {
                    "leverage_external_ore": leverage.external_ore,
                    "leverage_internal_ore": leverage.internal_ore,
                    "leverage_target_ore": leverage.target_ore,
                }
            )
            bullets.append(
                _("Leverage so far: external %(external)s, internal %(internal)s, against the target %(target)s.")
                % {
                    "external": format_kronor(leverage.external_ore, unit=True),
                    "internal": format_kronor(leverage.internal_ore, unit=True),
                    "target": format_kronor(leverage.target_ore, unit=True),
                }
            )
        unique = list({i.pk: i for i in initiatives}.values())
        rows.append(
            {
                "goal": goal,
                "number": goal.number,
                "heading": goal.text,
                "colour": statuses[0].colour if statuses else "",
                "bullets": bullets,
                "figures": figures,
                "initiatives": unique,
            }
        )
    return {
        "since": since,
        "introduction": _(
            "The report follows the board's operational goals and summarises the work since the previous meeting of %(date)s."
        )
        % {"date": since.isoformat()},
        "goals": rows,
    }


def report_get(meeting):
    return (
        LeaderReport.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=LeaderReportGoal.objects.select_related("goal")
                .prefetch_related("initiatives")
                .order_by("number"),
            )
        )
        .first()
    )


@dataclass(frozen=True)
class MeetingRef:
    pk: int
    key: str
    title: str
    date: date


@dataclass(frozen=True)
class InitiativeRef:
    slug: str
    name: str


@dataclass(frozen=True)
class LeverageLine:
    """Goal V's leverage as the report recorded it, against its target."""

    external: int  # öre
    internal: int
    target: int
    share: Decimal | None  # external in per cent of the target


@dataclass(frozen=True)
class ReportGoal:
    pk: int
    number: int
    heading: str
    colour: str
    colour_name: str
    bullets: tuple[str, ...]
    initiatives: tuple[InitiativeRef, ...]
    leverage: LeverageLine | None


@dataclass(frozen=True)
class LeaderReportData:
    partnership: str
    meeting: MeetingRef
    status: str
    status_name: str
    sent_on: date | None
    introduction: str
    sent_html: str
    goals: tuple[ReportGoal, ...]


def leverage_line(year: int, figures: dict) -> LeverageLine | None:
    """The recorded leverage figures of goal V against their target (economy's one computation)."""
    if "leverage_target_ore" not in figures:
        return None
    status = leverage_against_target(
        year,
        figures.get("leverage_external_ore", 0),
        figures.get("leverage_internal_ore", 0),
        figures.get("leverage_target_ore") or 0,
    )
    return LeverageLine(status.external_ore, status.internal_ore, status.target_ore, status.share)


def leader_report_data(meeting: Meeting) -> LeaderReportData | None:
    """The meeting's report as plain data, None if none is written: a fixed number of queries."""
    report = report_get(meeting)
    if report is None:
        return None
    goals = tuple(
        ReportGoal(
            pk=g.pk,
            number=g.number,
            heading=g.heading,
            colour=g.colour,
            colour_name=g.get_colour_display() if g.colour else "",
            bullets=tuple(g.bullet_list()),
            initiatives=tuple(InitiativeRef(i.slug, i.name) for i in g.initiatives.all()),
            leverage=leverage_line(meeting.date.year, g.figures or {}),
        )
        for g in report.goals.all()
    )
    return LeaderReportData(
        partnership=meeting.partnership.name,
        meeting=MeetingRef(meeting.pk, meeting.key, meeting.title, meeting.date),
        status=report.status,
        status_name=report.get_status_display(),
        sent_on=report.sent_on,
        introduction=report.introduction,
        sent_html=report.sent_html,
        goals=goals,
    )
