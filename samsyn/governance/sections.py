"""Governance's sections of the initiative page: the decisions about the initiative and its meetings.

Registered from GovernanceConfig.ready(); the portfolio's page lists them without naming governance.
Decisions are the Core Team's on its proposal items and the board's on pilot money; meetings are
those whose items, documents or process leader's report dealt with the initiative, and the next one
of its focus areas' Core Teams or the board. A fixed number of queries each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.core.lib.counted import counted, rows_and_count
from samsyn.core.lib.prepared import prepared
from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can
from samsyn.core.registry import Section, section_register
from samsyn.portfolio.models import Initiative, ProposalItem

from .models import Meeting, PilotGrantDecision

LATEST = 5


@dataclass(frozen=True)
class DecisionRow:
    date: date | None
    by: str
    text: str
    url: str


def _long_date(value: date) -> str:
    return date_format(value, "j F Y")


def decision_rows(initiative: Initiative) -> list[DecisionRow]:
    """Every recorded decision about the initiative, newest first: two queries."""
    slug = initiative.partnership.slug
    rows = []
    for item in _decided_items(initiative.pk):
        rows.append(
            DecisionRow(
                date=item.decided_on,
                by=_("Core Team %(focus_area)s") % {"focus_area": item.proposal.focus_area.name},
                text=f"{item.get_decision_display()}: {item.name}",
                url=reverse("proposals:detail", args=[slug, item.proposal_id]),
            )
        )
    for decision in _board_decisions(initiative.pk):
        meeting = decision.board_item.meeting
        rows.append(
            DecisionRow(
                date=meeting.date,
                by=f"{meeting.title} § {decision.board_item.number}",
                text=_("Pilot money: %(title)s") % {"title": decision.pilot_grant.title},
                url=reverse("governance:meeting", args=[slug, meeting.pk]),
            )
        )
    rows.sort(key=lambda r: r.date or date.min, reverse=True)
    return rows


def decisions_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "meeting.view"):
        return None
    rows = decision_rows(initiative)
    return Section(
        key="decisions",
        title=_("Decisions"),
        summary=(
            ngettext("%(n)s decision", "%(n)s decisions", len(rows)) % {"n": len(rows)}
            if rows
            else _("No decision recorded yet")
        ),
        template="governance/sections/decisions.html",
        data={"rows": rows[:LATEST], "count": len(rows), "more": len(rows) > LATEST},
    )


def meetings_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "meeting.view"):
        return None
    next_one = _upcoming(initiative.partnership_id, timezone.localdate(), initiative.pk)
    upcoming = next_one[0] if next_one else None
    meetings, count = rows_and_count(_dealt(initiative.pk, limit=LATEST))
    parts = []
    if upcoming:
        parts.append(
            _("Next meeting: %(title)s on %(date)s") % {"title": upcoming.title, "date": _long_date(upcoming.date)}
        )
    if count:
        parts.append(
            ngettext("%(n)s meeting dealt with the initiative", "%(n)s meetings dealt with the initiative", count)
            % {"n": count}
        )
    slug = initiative.partnership.slug
    return Section(
        key="meetings",
        title=_("Meetings"),
        summary=" · ".join(parts) if parts else _("No meeting has dealt with the initiative yet"),
        template="governance/sections/meetings.html",
        data={
            "upcoming": upcoming,
            "meetings": meetings,
            "count": count,
            "index_url": reverse("governance:index", args=[slug]),
        },
    )


# The sections' queries differ from one initiative to the next only in their values: each is
# compiled once (core.lib.prepared).
@prepared
def _decided_items(initiative_id: int) -> QuerySet[ProposalItem]:
    return (
        ProposalItem.objects.filter(initiative_id=initiative_id)
        .exclude(decision=ProposalItem.Decision.PENDING)
        .select_related("proposal__focus_area")
    )


@prepared
def _board_decisions(initiative_id: int) -> QuerySet[PilotGrantDecision]:
    return PilotGrantDecision.objects.filter(pilot_grant__initiative_id=initiative_id).select_related(
        "pilot_grant", "board_item__meeting"
    )


@prepared
def _upcoming(partnership_id: int, today: date, initiative_id: int) -> QuerySet[Meeting]:
    """The next planned meeting of the initiative's focus areas' Core Teams or of the board."""
    areas = Initiative.focus_areas.through.objects.filter(initiative_id=initiative_id).values("focusarea_id")
    return (
        Meeting.objects.filter(partnership_id=partnership_id, date__gte=today, status=Meeting.Status.PLANNED)
        .filter(Q(focus_area_id__in=areas) | Q(focus_area__isnull=True))
        .only("pk", "title", "date", "kind", "focus_area_id")
        .order_by("date", "start_time", "pk")[:1]
    )


@prepared
def _dealt(initiative_id: int, *, limit: int) -> QuerySet[Meeting]:
    """The meetings whose items, documents or process leader's report dealt with the initiative."""
    dealt = Meeting.objects.filter(
        Q(items__pilot_grant_decisions__pilot_grant__initiative_id=initiative_id)
        | Q(documents__initiatives=initiative_id)
        | Q(leader_report__goals__initiatives=initiative_id)
    )
    return counted(
        Meeting.objects.filter(pk__in=dealt.values("pk"))
        .only("pk", "title", "date", "status")
        .order_by("-date", "-pk"),
        limit,
    )


def register() -> None:
    section_register("initiative", 40, decisions_section)
    section_register("initiative", 50, meetings_section)
