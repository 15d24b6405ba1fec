"""Reads of the governance app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.archive.models import Document, DocumentVersion
from samsyn.archive.selectors import document_readable
from samsyn.core.agreement import AUTHORITY_ORDER, lacks_competent_decision, required_authority
from samsyn.core.lib.urls import reverse
from samsyn.core.mail import Attachment as MailAttachment
from samsyn.core.models import Agreement, Partnership, Person, SpendingAuthority
from samsyn.core.policy import Actor, allows, people_actors
from samsyn.core.reports import ReportKind, report_for_attachment, report_params_offered
from samsyn.core.spending import authority_label
from samsyn.economy.selectors import limits_on, unbacked_pilot_grants
from samsyn.portfolio.models import ProposalItem

from .models import (
    AgendaItem,
    Assignment,
    Attachment,
    BusinessPlan,
    Decision,
    GoalActivity,
    GoalStatus,
    Meeting,
    OperationalGoal,
    SpendingDecision,
)
from .rules import (
    MinutesRefusal,
    minutes_approval_refusals,
    notice_files_fitting,
    numbers_closed,
    plan_years_offered,
    roman_numeral,
)


def goals_for_year(partnership: Partnership, year: int) -> list[OperationalGoal]:
    """The year's operational goals by number, with `activities` and `statuses` prefetched;
    each goal has `latest_status` (the newest GoalStatus or None)."""
    goals = list(
        OperationalGoal.objects.filter(partnership=partnership, year=year)
        .select_related("responsible")
        .order_by("number")
        .prefetch_related(
            Prefetch("activities", queryset=GoalActivity.objects.select_related("responsible").order_by("order", "pk")),
            Prefetch("statuses", queryset=GoalStatus.objects.select_related("author").order_by("-date", "-pk")),
        )
    )
    for goal in goals:
        statuses = list(goal.statuses.all())
        goal.latest_status = statuses[0] if statuses else None
    return goals


@dataclass(frozen=True)
class PlanYear:
    """A year's business plan as its page shows it: the plan's own texts (None when nobody has
    written them), the goals with their activities and who is responsible, and the years around it.

    `partnership` and `year` are what the sections other apps add to the page are about."""

    partnership: Partnership
    year: int
    plan: BusinessPlan | None
    goals: list[OperationalGoal]
    years: list[int]
    previous_has_goals: bool

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def is_empty(self) -> bool:
        return self.plan is None and not self.goals


def goal_years(partnership: Partnership) -> set[int]:
    return set(OperationalGoal.objects.filter(partnership=partnership).values_list("year", flat=True).distinct())


def plan_year_build(partnership: Partnership, year: int, *, today_year: int) -> PlanYear:
    """The plan of `year`: a fixed number of queries (the plan, the goals, their activities, the
    years with goals, the years with plans), whatever the number of goals and activities."""
    plan = (
        BusinessPlan.objects.filter(partnership=partnership, year=year).select_related("adopted_item__meeting").first()
    )
    goals = list(
        OperationalGoal.objects.filter(partnership=partnership, year=year)
        .select_related("responsible")
        .prefetch_related(
            Prefetch("activities", queryset=GoalActivity.objects.select_related("responsible").order_by("order", "pk"))
        )
        .order_by("number")
    )
    with_goals = goal_years(partnership)
    planned = with_goals | set(BusinessPlan.objects.filter(partnership=partnership).values_list("year", flat=True))
    return PlanYear(
        partnership=partnership,
        year=year,
        plan=plan,
        goals=goals,
        years=plan_years_offered(planned=planned, today_year=today_year),
        previous_has_goals=(year - 1) in with_goals,
    )


def meetings(partnership: Partnership) -> QuerySet[Meeting]:
    return Meeting.objects.filter(partnership=partnership).select_related("focus_area")


def open_assignments(partnership: Partnership, before: date | None = None) -> QuerySet[Assignment]:
    """Assignments not yet done, given at meetings before `before` (a date) if given."""
    qs = Assignment.objects.filter(
        partnership=partnership, status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS]
    )
    if before is not None:
        qs = qs.filter(item__meeting__date__lt=before)
    return qs.select_related("assignee", "item__meeting").order_by("due", "item__meeting__date", "pk")


def carried_assignments(meeting: Meeting) -> QuerySet[Assignment]:
    """Assignments from earlier meetings of the same body still open: on this meeting's agenda."""
    qs = open_assignments(meeting.partnership, before=meeting.date)
    if meeting.kind == Meeting.Kind.CORE_TEAM:
        qs = qs.filter(Q(item__meeting__focus_area=meeting.focus_area_id) | Q(item__meeting__kind=Meeting.Kind.JOINT))
    else:
        qs = qs.exclude(item__meeting__kind=Meeting.Kind.CORE_TEAM)
    return qs


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related(
            "decisions",
            "advice",
            "attachments",
            Prefetch("assignments", queryset=Assignment.objects.select_related("assignee")),
        )
        .order_by("number")
    )


def meeting_get(partnership: Partnership, pk: int | str) -> Meeting:
    return Meeting.objects.select_related("focus_area", "previous", "minutes_approved_by").get(
        partnership=partnership, pk=pk
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting whose minutes this one approves: the recorded one, else the last of the same body."""
    if meeting.previous_id:
        return meeting.previous
    qs = Meeting.objects.filter(partnership=meeting.partnership_id, date__lt=meeting.date).exclude(
        status=Meeting.Status.CANCELLED
    )
    if meeting.kind == Meeting.Kind.CORE_TEAM:
        qs = qs.filter(kind=Meeting.Kind.CORE_TEAM, focus_area=meeting.focus_area_id)
    else:
        qs = qs.exclude(kind=Meeting.Kind.CORE_TEAM)
    return qs.order_by("-date", "-start_time").first()


def attachment_report_params(kind: ReportKind, attachment: Attachment) -> dict[str, Any]:
    """What a meeting attachment offers a generated report (its meeting, its date as `as_of`), as far
    as the kind takes them."""
    return report_params_offered(kind, {"meeting": attachment.meeting, "as_of": attachment.report_date})


def attachment_link(
    attachment: Attachment,
    partnership_slug: str,
    actor: Actor | None = None,
    readable_documents: set[int] | None = None,
) -> str | None:
    """The address of an attachment: its generated report's page, an archived document, or its own URL.

    With `actor`, only links the actor may open (a report whose action it lacks, a document it may not read: None)."""
    if attachment.report_kind:
        # The report registry knows each kind's page and who may read it.
        kind = report_for_attachment(attachment.report_kind)
        if kind is None or kind.link is None:
            return None
        if actor is not None and not (kind.action and allows(actor, kind.action)):
            return None
        return kind.link(partnership_slug, **attachment_report_params(kind, attachment))
    if attachment.document_id:
        if actor is not None and attachment.document_id not in (readable_documents or set()):
            return None
        return reverse("archive:document_detail", args=[partnership_slug, attachment.document_id])
    return attachment.url or None


def minutes_build(meeting: Meeting, partnership_slug: str, actor: Actor | None = None) -> dict[str, Any]:
    """Everything the minutes, the agenda and their PDFs show: a constant number of queries."""
    from .models import Attachment, Attendance

    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person__organization", "substitutes_for")
        .order_by("order", "person__name")
    )
    items = list(meeting_items(meeting))
    attachments = list(Attachment.objects.filter(meeting=meeting).select_related("item").order_by("number"))
    readable = set()
    document_ids = [a.document_id for a in attachments if a.document_id]
    if actor is not None and document_ids:
        readable = set(
            document_readable(meeting.partnership, actor).filter(pk__in=document_ids).values_list("pk", flat=True)
        )
    for a in attachments:
        a.link = attachment_link(a, partnership_slug, actor, readable)
    carried = list(carried_assignments(meeting))
    return {
        "meeting": meeting,
        "members": [
            a
            for a in attendances
            if a.role in {Attendance.Role.CHAIR, Attendance.Role.MEMBER, Attendance.Role.SUBSTITUTE}
        ],
        "staff": [a for a in attendances if a.role in {Attendance.Role.STAFF, Attendance.Role.SECRETARY}],
        "guests": [a for a in attendances if a.role == Attendance.Role.GUEST],
        "attendances": attendances,
        "items": items,
        "attachments": attachments,
        "carried": carried,
        "has_assignments_item": any(i.kind == AgendaItem.Kind.ASSIGNMENTS for i in items),
        "previous": previous_meeting(meeting),
    }


def assignment_list(partnership: Partnership, status: str | None = None) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(partnership=partnership).select_related("assignee", "item__meeting__focus_area")
    if status == "open":
        qs = qs.filter(status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS])
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due", "item__meeting__date", "pk")


def archived_documents(meeting: Meeting, actor: Actor | None) -> list[Document]:
    """The archive's documents of this meeting that `actor` may read."""
    return list(
        document_readable(meeting.partnership, actor)
        .filter(meetings=meeting)
        .only("pk", "diary_number", "title", "date")
        .order_by("date", "pk")
    )


def minutes_approval_problems(meeting: Meeting, *, today: date, confirmed: bool) -> list[str]:
    """In words, every reason the meeting's minutes may not be approved today (rules.minutes_approval_refusals)."""
    refusals = minutes_approval_refusals(
        today=today,
        meeting_date=meeting.date,
        held=meeting.status == Meeting.Status.HELD,
        present_count=meeting.attendances.filter(present=True).count(),
        confirmed=confirmed,
    )
    words = {
        MinutesRefusal.MEETING_AHEAD: _(
            "The meeting is on %(date)s: its minutes can be approved on that day at the earliest."
        )
        % {"date": formats.date_format(meeting.date, "j F Y")},
        MinutesRefusal.NOT_HELD: _(
            "The meeting is not recorded as held: set its status to held before the minutes are approved."
        ),
        MinutesRefusal.NO_ATTENDANCE: _(
            "No attendance is recorded: add who was present before the minutes are approved."
        ),
        MinutesRefusal.NOT_CONFIRMED: _("The minutes were not approved: confirm first that they will be locked."),
    }
    return [words[r] for r in refusals]


def minutes_lock_summary(meeting: Meeting) -> str:
    """What approving locks, in words, for the confirmation before it."""
    decisions = Decision.objects.filter(item__meeting=meeting).count()
    return ngettext(
        "The minutes of %(meeting)s on %(date)s, with %(count)d decision, are locked: no item, decision, "
        "attendance or assignment in them can be changed afterwards.",
        "The minutes of %(meeting)s on %(date)s, with %(count)d decisions, are locked: no item, decision, "
        "attendance or assignment in them can be changed afterwards.",
        decisions,
    ) % {"meeting": meeting.title, "date": formats.date_format(meeting.date, "j F Y"), "count": decisions}


# ---------------------------------------------------------------- the notice of a meeting


def notice_recipients(meeting: Meeting) -> list[Person]:
    """Who the notice goes to: the people on the meeting's attendance list with an e-mail address,
    each once, in the list's order."""
    people: dict[int, Person] = {}
    for attendance in meeting.attendances.select_related("person").order_by("order", "person__name"):
        if attendance.person.email:
            people.setdefault(attendance.person_id, attendance.person)
    return list(people.values())


def notice_files(meeting: Meeting, recipients: list[Person], limit: int) -> dict[int, MailAttachment]:
    """The files the notice carries, by attachment id: the newest version of each file uploaded for
    the meeting whose document every recipient may read (the archive's rule, asked of each set of
    roles the recipients hold), within `limit` bytes together (rules.notice_files_fitting).

    Every other attachment is linked: a document chosen from the archive, a file someone on the
    list may not read (a mail cannot be taken back once forwarded), one past the limit."""
    # attachment id -> its document's id, in the attachments' order
    uploaded = {
        pk: document_id
        for pk, document_id in meeting.attachments.filter(uploaded=True, document_id__isnull=False)
        .order_by("number")
        .values_list("pk", "document_id")
        if document_id is not None
    }
    readable = set(uploaded.values())
    actors = people_actors(meeting.partnership, [p.pk for p in recipients])
    for grants in {actor.grants for actor in actors.values()}:
        if not readable:
            break
        actor = Actor(partnership_id=meeting.partnership_id, person_id=None, grants=grants)
        readable &= set(
            document_readable(meeting.partnership, actor).filter(pk__in=readable).values_list("pk", flat=True)
        )
    # document id -> (its newest version's id, that version's size)
    newest: dict[int, tuple[int, int]] = {}
    for version_pk, document_id, size in (
        DocumentVersion.objects.filter(document_id__in=readable)
        .order_by("document_id", "number")
        .values_list("pk", "document_id", "size")
    ):
        newest[document_id] = (version_pk, size)
    # (attachment id, version id, size) of each file that may go, in the attachments' order
    candidates = [(pk, *newest[document_id]) for pk, document_id in uploaded.items() if document_id in newest]
    fits = notice_files_fitting([size for __, __, size in candidates], limit)
    chosen = {pk: version_pk for (pk, version_pk, __), fit in zip(candidates, fits, strict=True) if fit}
    versions = DocumentVersion.objects.in_bulk(list(chosen.values()))
    return {
        pk: MailAttachment(
            versions[version_pk].filename, bytes(versions[version_pk].content), versions[version_pk].content_type
        )
        for pk, version_pk in chosen.items()
    }


def notice_summary(meeting: Meeting, recipients: list[Person]) -> str:
    """What sending does, in words, for the confirmation before it."""
    text = ngettext(
        "The notice with the agenda, the papers (as files or links) and a calendar invitation goes by "
        "e-mail to %(count)d person on the attendance list: %(names)s.",
        "The notice with the agenda, the papers (as files or links) and a calendar invitation goes by "
        "e-mail to %(count)d people on the attendance list: %(names)s.",
        len(recipients),
    ) % {"count": len(recipients), "names": ", ".join(p.name for p in recipients)}
    if meeting.notice_sent_at:
        when = date_format(timezone.localtime(meeting.notice_sent_at), "j F Y H.i")
        text += " " + _("It was sent before, on %(when)s: it goes out again to everyone.") % {"when": when}
    return text


@dataclass(frozen=True)
class GoalDeleteSummary:
    """What goes with a goal when it is removed, for the page that asks first."""

    activities: int
    statuses: int
    # The numerals of the goals after it, before and after they move up one place ("III–V", "II–IV");
    # empty when it is the last.
    moved_from: str
    moved_to: str


def _numeral_span(numbers: list[int]) -> str:
    if not numbers:
        return ""
    first, last = roman_numeral(numbers[0]), roman_numeral(numbers[-1])
    return first if first == last else f"{first}–{last}"


def goal_delete_summary(goal: OperationalGoal) -> GoalDeleteSummary:
    others = OperationalGoal.objects.filter(partnership_id=goal.partnership_id, year=goal.year).exclude(pk=goal.pk)
    moves = numbers_closed(others.values_list("number", flat=True), goal.number)
    return GoalDeleteSummary(
        activities=goal.activities.count(),
        statuses=goal.statuses.count(),
        moved_from=_numeral_span([old for old, __ in moves]),
        moved_to=_numeral_span([new for __, new in moves]),
    )


# ---------------------------------------------------------------- decisions without a competent decider


@dataclass(frozen=True)
class UnbackedDecision:
    """A recorded decision to spend above what its decider may decide (or by an unknown decider, on
    an amount only the board decides): what, when, how much, who is recorded and who would have had to."""

    kind: str
    title: str
    decided_on: date | None
    amount_ore: int
    recorded: str
    needed: str


def unbacked_decisions(partnership: Partnership, on: date) -> list[UnbackedDecision]:
    """Pilot grants and approved proposal items decided by `on` that rest on no competent decision,
    each measured against the agreement in force when it was decided (three queries)."""
    rows = [
        UnbackedDecision(
            _("Pilot grant"), title, decided_on, amount, authority_label(recorded), str(SpendingAuthority(needed).label)
        )
        for decided_on, title, amount, recorded, needed in unbacked_pilot_grants(partnership, on)
    ]
    agreements = list(Agreement.objects.filter(partnership=partnership).order_by("start"))
    items = (
        ProposalItem.objects.filter(
            partnership=partnership,
            decision=ProposalItem.Decision.APPROVED,
            decided_on__lte=on,
            budget_ore__isnull=False,
        )
        .select_related("proposal")
        .prefetch_related(
            Prefetch("spending_decisions", queryset=SpendingDecision.objects.only("authority", "proposal_item"))
        )
        .order_by("decided_on", "pk")
    )
    for item in items:
        recorded = max(
            (d.authority for d in item.spending_decisions.all() if d.authority in AUTHORITY_ORDER),
            key=AUTHORITY_ORDER.index,
            default="",
        )
        assert item.decided_on is not None and item.budget_ore is not None
        amount = Decimal(item.budget_ore) / 100
        limits = limits_on(agreements, item.decided_on)
        if lacks_competent_decision(recorded, amount, limits):
            rows.append(
                UnbackedDecision(
                    _("Proposal item"),
                    f"{item.name} ({item.proposal.title})",
                    item.decided_on,
                    item.budget_ore,
                    authority_label(recorded),
                    str(SpendingAuthority(required_authority(amount, limits)).label),
                )
            )
    return sorted(rows, key=lambda r: (r.decided_on or date.min, r.title))
