"""Governance's part of the start page's "what to do now": the viewer's assignments, their next
meetings with the papers, the decisions waiting for them and, for the economy, overdue requisitions.

Registered from GovernanceConfig.ready(); each panel is built only for the roles that see it and reads
one or two queries whatever the number of meetings, assignments or requisitions.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samsyn.core.lib.counted import counted, rows_and_count
from samsyn.core.lib.numbers import format_kronor
from samsyn.core.lib.prepared import prepared
from samsyn.core.lib.urls import reverse
from samsyn.core.models import Partnership, Period, RoleAssignment
from samsyn.core.policy import Actor, allows
from samsyn.core.registry import TodoItem, TodoPanel, todo_panel_register
from samsyn.core.reminders import Due, reminder_source_register
from samsyn.core.roles import Role
from samsyn.portfolio.models import ProposalItem

from .models import Assignment, Meeting, Requisition
from .rules import assignment_overdue, meeting_concerns

# How many of each are shown; the panel says how many there are in all.
SHOWN = 5
# Planned meetings read to find the viewer's next ones among them.
MEETINGS_READ = 30
MEETINGS_SHOWN = 3
# Pending proposal items read to find those the viewer may decide.
PROPOSAL_ITEMS_READ = 100

# Everyone but a reader can be given an assignment, be named to approve minutes or decide.
PEOPLE = frozenset(role.value for role in Role if role != Role.READER)
MEETING_ROLES = frozenset(
    {
        Role.BOARD_CHAIR,
        Role.BOARD_MEMBER,
        Role.SUBSTITUTE,
        Role.CORE_TEAM_MEMBER,
        Role.ADMINISTRATOR,
        Role.PROCESS_LEADER,
        Role.DEPUTY_PROCESS_LEADER,
        Role.ECONOMY_CONTROLLER,
    }
)
# The economy's panel: those who follow up the parties' payments.
ECONOMY_ROLES = frozenset({Role.ECONOMY_CONTROLLER, Role.PROCESS_LEADER})


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def assignments_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    """The viewer's open assignments, the earliest due first: one query, none when nothing waits."""
    rows: list[Assignment] = []
    total = 0
    if actor.person_id and waiting:
        rows, total = rows_and_count(_assignments(partnership.pk, actor.person_id))
    items = []
    for a in rows:
        meeting = a.item.meeting
        given = _("given at %(meeting)s on %(date)s") % {"meeting": meeting.title, "date": _day(meeting.date)}
        if a.due is None:
            note = given
        elif assignment_overdue(due=a.due, today=today):
            note = _("was due %(date)s, %(given)s") % {"date": _day(a.due), "given": given}
        else:
            note = _("due %(date)s, %(given)s") % {"date": _day(a.due), "given": given}
        items.append(
            TodoItem(
                text=a.text,
                url=reverse("governance:meeting", args=[partnership.slug, meeting.pk]),
                note=note,
                urgent=assignment_overdue(due=a.due, today=today),
            )
        )
    return TodoPanel(
        key="assignments",
        title=gettext_lazy("My assignments"),
        items=items,
        empty=gettext_lazy("No assignments are waiting for you."),
        action_url=reverse("governance:assignments", args=[partnership.slug]),
        action_label=gettext_lazy("All assignments"),
        total=total,
    )


def meetings_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    """The viewer's next planned meetings with their agenda and papers: one query, none when no
    meeting is planned."""
    planned = _planned_meetings(partnership.pk, today) if waiting else []
    mine = [
        m
        for m in planned
        if meeting_concerns(
            kind=m.kind, focus_area_id=m.focus_area_id, roles=actor.roles, focus_area_ids=actor.focus_area_ids
        )
    ][:MEETINGS_SHOWN]
    slug = partnership.slug
    items = []
    for m in mine:
        when = _day(m.date) + (f" {m.start_time:%H.%M}" if m.start_time else "")
        papers = (
            ngettext("Agenda and %(n)s paper", "Agenda and %(n)s papers", m.attachment_count)
            % {"n": m.attachment_count}
            if m.attachment_count
            else _("Agenda")
        )
        items.append(
            TodoItem(
                text=m.title,
                url=reverse("governance:meeting", args=[slug, m.pk]),
                note=f"{when}, {m.place}" if m.place else when,
                links=((papers, reverse("governance:agenda", args=[slug, m.pk])),),
            )
        )
    may_plan = allows(actor, "meeting.change")
    return TodoPanel(
        key="meetings",
        title=gettext_lazy("My next meetings"),
        items=items,
        empty=gettext_lazy("No meeting of yours is planned."),
        action_url=reverse("governance:meeting_new" if may_plan else "governance:index", args=[slug]),
        action_label=gettext_lazy("Plan a meeting") if may_plan else gettext_lazy("All meetings"),
    )


def decisions_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    """Minutes the viewer is named to approve and Core Team proposal items they may decide: two queries
    at most (the second only for those who may decide on proposals), none when nothing waits."""
    slug = partnership.slug
    items = []
    if actor.person_id and waiting:
        minutes = _minutes_to_approve(partnership.pk, actor.person_id, today)
        for m in minutes:
            items.append(
                TodoItem(
                    text=_("Approve the minutes of %(meeting)s on %(date)s")
                    % {"meeting": m.title, "date": _day(m.date)},
                    url=reverse("governance:minutes_approve", args=[slug, m.pk]),
                    note=_("You are named to approve (justera) these minutes."),
                )
            )
    if waiting and allows(actor, "proposal.decide"):
        pending = _pending_items(partnership.pk)
        for item in pending:
            if allows(actor, "proposal.decide", item.proposal.policy_target()):
                items.append(
                    TodoItem(
                        text=_("Decide on %(item)s") % {"item": item.name},
                        url=reverse("proposals:item_decide", args=[slug, item.proposal_id, item.pk]),
                        note=_("in the decision proposal %(proposal)s") % {"proposal": item.proposal.title},
                    )
                )
    return TodoPanel(
        key="decisions",
        title=gettext_lazy("Decisions waiting for you"),
        items=items[: SHOWN * 2],
        empty=gettext_lazy("No decisions are waiting for you."),
        action_url=reverse("governance:index", args=[slug]),
        action_label=gettext_lazy("Meetings and minutes"),
        total=len(items),
    )


def requisitions_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    """Requisitions unpaid past their due date, the oldest first: one query, none when none is overdue."""
    rows, total = rows_and_count(_overdue_requisitions(partnership.pk, today)) if waiting else ([], 0)
    slug = partnership.slug
    may_change = allows(actor, "requisition.change")
    items = [
        TodoItem(
            text=_("%(party)s, %(half)s %(year)s: %(amount)s")
            % {
                "party": r.organization.name,
                "half": r.get_half_display(),
                "year": str(r.year),
                "amount": format_kronor(r.amount_ore, unit=True),
            },
            url=reverse("governance:requisition_edit", args=[slug, r.pk]) if may_change else "",
            note=_("was due %(date)s and is not paid") % {"date": _day(r.due_date)},
            urgent=True,
        )
        for r in rows
    ]
    return TodoPanel(
        key="requisitions",
        title=gettext_lazy("Overdue requisitions"),
        items=items,
        empty=gettext_lazy("No requisition is overdue."),
        action_url=reverse("governance:requisitions", args=[slug]),
        action_label=gettext_lazy("All requisitions"),
        total=total,
    )


# What may wait in each panel (registry.todo_panel_register): the panels' own conditions, without
# their order, limits or the viewer's roles.
def _assignments_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    return [
        Assignment.objects.filter(
            partnership_id=partnership_id,
            assignee_id=person_id,
            status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS],
        )
    ]


def _meetings_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    return [Meeting.objects.filter(partnership_id=partnership_id, date__gte=today, status=Meeting.Status.PLANNED)]


def _decisions_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    return [
        Meeting.objects.filter(
            partnership_id=partnership_id,
            adjusters=person_id,
            minutes_status=Meeting.MinutesStatus.DRAFT,
            date__lte=today,
        ).exclude(status=Meeting.Status.CANCELLED),
        ProposalItem.objects.filter(partnership_id=partnership_id, decision=ProposalItem.Decision.PENDING),
    ]


def _requisitions_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    return [Requisition.objects.filter(partnership_id=partnership_id, paid_on__isnull=True, due_date__lt=today)]


# The panels' queries differ from one viewer and day to the next only in their values: each is
# compiled once (core.lib.prepared).
@prepared
def _assignments(partnership_id: int, person_id: int) -> QuerySet[Assignment]:
    return counted(
        Assignment.objects.filter(
            partnership_id=partnership_id,
            assignee_id=person_id,
            status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS],
        )
        .select_related("item__meeting")
        .order_by("due", "item__meeting__date", "pk"),
        SHOWN,
    )


@prepared
def _planned_meetings(partnership_id: int, today: date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(partnership_id=partnership_id, date__gte=today, status=Meeting.Status.PLANNED)
        .annotate(attachment_count=Count("attachments"))
        .only("pk", "title", "date", "start_time", "place", "kind", "focus_area_id")
        .order_by("date", "start_time", "pk")[:MEETINGS_READ]
    )


@prepared
def _minutes_to_approve(partnership_id: int, person_id: int, today: date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            partnership_id=partnership_id,
            adjusters=person_id,
            minutes_status=Meeting.MinutesStatus.DRAFT,
            date__lte=today,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .only("pk", "title", "date")
        .order_by("date", "pk")[:SHOWN]
    )


@prepared
def _pending_items(partnership_id: int) -> QuerySet[ProposalItem]:
    return (
        ProposalItem.objects.filter(partnership_id=partnership_id, decision=ProposalItem.Decision.PENDING)
        .select_related("proposal")
        .order_by("proposal__date", "proposal_id", "order", "pk")[:PROPOSAL_ITEMS_READ]
    )


@prepared
def _overdue_requisitions(partnership_id: int, today: date) -> QuerySet[Requisition]:
    return counted(
        Requisition.objects.filter(partnership_id=partnership_id, paid_on__isnull=True, due_date__lt=today)
        .select_related("organization")
        .order_by("due_date", "organization__name", "pk"),
        SHOWN,
    )


# How far ahead a reminder looks: assignments due within a week, meetings within two.
ASSIGNMENT_DAYS_AHEAD = 7
MEETING_DAYS_AHEAD = 14


def _active_roles(partnership: Partnership, today: date) -> dict[int, tuple[set[str], set[int]]]:
    """Each person's roles and focus areas on the day: one query."""
    people: dict[int, tuple[set[str], set[int]]] = {}
    for person_id, role, focus_area_id in (
        RoleAssignment.objects.filter(partnership=partnership)
        .filter(Period.active_q(today))
        .values_list("person_id", "role", "focus_area_id")
    ):
        roles, areas = people.setdefault(person_id, (set(), set()))
        roles.add(role)
        if focus_area_id:
            areas.add(focus_area_id)
    return people


def assignments_due(partnership: Partnership, today: date) -> list[Due]:
    """Open assignments due within ASSIGNMENT_DAYS_AHEAD days or overdue, to the one who holds each."""
    rows = Assignment.objects.filter(
        partnership=partnership,
        assignee__isnull=False,
        status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS],
        due__lte=today + timedelta(days=ASSIGNMENT_DAYS_AHEAD),
    ).select_related("item__meeting")
    return [
        Due(
            person_id=a.assignee_id,
            kind="assignment",
            object_id=a.pk,
            text=a.text,
            note=(_("was due %(date)s") if assignment_overdue(due=a.due, today=today) else _("due %(date)s"))
            % {"date": _day(a.due)},
            url=reverse("governance:meeting", args=[partnership.slug, a.item.meeting_id]),
        )
        for a in rows
        if a.due is not None and a.assignee_id is not None
    ]


def requisitions_due(partnership: Partnership, today: date) -> list[Due]:
    """Requisitions unpaid past their due date, to those who follow up payments (ECONOMY_ROLES)."""
    rows = list(
        Requisition.objects.filter(partnership=partnership, paid_on__isnull=True, due_date__lt=today).select_related(
            "organization"
        )
    )
    if not rows:
        return []
    people = [pid for pid, (roles, _areas) in _active_roles(partnership, today).items() if roles & ECONOMY_ROLES]
    return [
        Due(
            person_id=pid,
            kind="requisition",
            object_id=r.pk,
            text=_("Requisition to %(party)s, %(half)s %(year)s: %(amount)s")
            % {
                "party": r.organization.name,
                "half": r.get_half_display(),
                "year": str(r.year),
                "amount": format_kronor(r.amount_ore, unit=True),
            },
            note=_("was due %(date)s and is not paid") % {"date": _day(r.due_date)},
            url=reverse("governance:requisitions", args=[partnership.slug]),
        )
        for r in rows
        for pid in people
    ]


def meetings_due(partnership: Partnership, today: date) -> list[Due]:
    """Planned meetings within MEETING_DAYS_AHEAD days, to those on their attendance list and those
    whose roles the meeting concerns (the rule of the start page's panel)."""
    meetings = list(
        Meeting.objects.filter(
            partnership=partnership,
            status=Meeting.Status.PLANNED,
            date__gte=today,
            date__lte=today + timedelta(days=MEETING_DAYS_AHEAD),
        ).prefetch_related("attendances")
    )
    if not meetings:
        return []
    roles_by_person = _active_roles(partnership, today)
    due = []
    for m in meetings:
        invited = {a.person_id for a in m.attendances.all()}
        invited |= {
            pid
            for pid, (roles, areas) in roles_by_person.items()
            if meeting_concerns(
                kind=m.kind, focus_area_id=m.focus_area_id, roles=frozenset(roles), focus_area_ids=frozenset(areas)
            )
        }
        when = _day(m.date) + (f" {m.start_time:%H.%M}" if m.start_time else "")
        for pid in sorted(invited):
            due.append(
                Due(
                    person_id=pid,
                    kind="meeting",
                    object_id=m.pk,
                    text=m.title,
                    note=f"{when}, {m.place}" if m.place else when,
                    url=reverse("governance:agenda", args=[partnership.slug, m.pk]),
                )
            )
    return due


def register() -> None:
    reminder_source_register(10, assignments_due)
    reminder_source_register(20, meetings_due)
    reminder_source_register(50, requisitions_due)
    todo_panel_register(10, PEOPLE, assignments_panel, _assignments_waiting)
    todo_panel_register(20, MEETING_ROLES, meetings_panel, _meetings_waiting)
    todo_panel_register(30, PEOPLE, decisions_panel, _decisions_waiting)
    todo_panel_register(50, ECONOMY_ROLES, requisitions_panel, _requisitions_waiting)
