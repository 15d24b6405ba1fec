"""The process leader's report (processledarrapport): drafted from the data since the previous meeting.

Goals 1–5 as in seeds 001 and 004. Each goal gets a colour (the latest goal status, if any),
bullets (goal status texts since, and for goal 1 new and changed initiatives, for goal 2 decisions
and assignments due, for goal 5 leverage against the target) and figures.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor

from .models import Assignment, Decision, GoalStatus, LeaderReport, LeaderReportGoal, Meeting, OperationalGoal
from .selectors import previous_meeting

LEVERAGE_GOAL = 5
INITIATIVE_GOAL = 1
GOVERNANCE_GOAL = 2
COLOUR_ORDER = ("green", "yellow", "orange", "red")


def leverage_figures(partnership, year: int, as_of: date | None):
    """Leverage so far against the target, from the economy app (samsyn.economy.selectors.year_summary)."""
    try:
        from samsyn.economy.selectors import year_summary
    except ImportError:
        return None
    try:
        summary = year_summary(partnership, year, as_of=as_of)
    except Exception:  # the economy app may not hold data for the year yet  # noqa: BLE001
        return None
    get = summary.get if isinstance(summary, dict) else lambda k, d=None: getattr(summary, k, d)
    return {
        "external_ore": int(get("leverage_external_ore", 0) or 0),
        "internal_ore": int(get("leverage_internal_ore", 0) or 0),
        "target_ore": int(get("leverage_target_ore", 0) or 0),
    }


def draft(meeting: Meeting) -> dict:
    """What Samsyn proposes for the meeting's report: constant queries."""
    from samsyn.portfolio.models import Initiative, PhaseChange, StatusUpdate

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
    leverage = leverage_figures(partnership, meeting.date.year, until)
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
            target = (leverage or {}).get("target_ore") or goal.target_ore or 0
            if leverage is not None:
                figures.update(
                    {
                        "leverage_external_ore": leverage["external_ore"],
                        "leverage_internal_ore": leverage["internal_ore"],
                        "leverage_target_ore": target,
                    }
                )
                bullets.append(
                    _("Leverage so far: external %(external)s, internal %(internal)s, against the target %(target)s.")
                    % {
                        "external": format_kronor(leverage["external_ore"], unit=True),
                        "internal": format_kronor(leverage["internal_ore"], unit=True),
                        "target": format_kronor(target, unit=True),
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


def leverage_rows(goal_row):
    f = goal_row.figures or {}
    if "leverage_target_ore" not in f:
        return None
    total = f.get("leverage_external_ore", 0)
    target = f.get("leverage_target_ore") or 0
    return {
        "external": f.get("leverage_external_ore", 0),
        "internal": f.get("leverage_internal_ore", 0),
        "target": target,
        "share": round(100 * total / target) if target else None,
    }
