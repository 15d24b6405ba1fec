"""Reads of the governance app."""
from __future__ import annotations

from django.db.models import Prefetch, Q

from .models import AgendaItem, Assignment, GoalActivity, GoalStatus, Meeting, OperationalGoal


def goals_for_year(partnership, year: int):
    """The year's operational goals by number, with `activities` and `statuses` prefetched;
    each goal has `latest_status` (the newest GoalStatus or None)."""
    goals = list(
        OperationalGoal.objects.filter(partnership=partnership, year=year)
        .order_by("number")
        .prefetch_related(
            Prefetch("activities", queryset=GoalActivity.objects.order_by("order", "pk")),
            Prefetch("statuses", queryset=GoalStatus.objects.select_related("author").order_by("-date", "-pk")),
        )
    )
    for goal in goals:
        statuses = list(goal.statuses.all())
        goal.latest_status = statuses[0] if statuses else None
    return goals


def meetings(partnership):
    return Meeting.objects.filter(partnership=partnership).select_related("focus_area")


def open_assignments(partnership, before=None):
    """Assignments not yet done, given at meetings before `before` (a date) if given."""
    qs = Assignment.objects.filter(partnership=partnership, status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS])
    if before is not None:
        qs = qs.filter(item__meeting__date__lt=before)
    return qs.select_related("assignee", "item__meeting").order_by("due", "item__meeting__date", "pk")


def carried_assignments(meeting):
    """Assignments from earlier meetings of the same body still open: on this meeting's agenda."""
    qs = open_assignments(meeting.partnership_id and meeting.partnership, before=meeting.date)
    if meeting.kind == Meeting.Kind.CORE_TEAM:
        qs = qs.filter(Q(item__meeting__focus_area=meeting.focus_area_id) | Q(item__meeting__kind=Meeting.Kind.JOINT))
    else:
        qs = qs.exclude(item__meeting__kind=Meeting.Kind.CORE_TEAM)
    return qs


def meeting_items(meeting):
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related("decisions", "advice", "attachments", Prefetch("assignments", queryset=Assignment.objects.select_related("assignee")))
        .order_by("number")
    )
