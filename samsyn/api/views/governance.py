"""Meetings with their items, decisions and board advice, and assignments: governance's selectors."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from samsyn.core.policy import require
from samsyn.governance import selectors
from samsyn.governance.models import Assignment, Meeting

from .. import schemas as s
from ..http import ERRORS, api, enter
from ..http import lazy_text as _
from .common import PAGE, PER_PAGE, SLUG, YEAR, narrowed, page_slice

router = Router(tags=[_("Governance")])


def _meeting_row(m: Meeting) -> dict:
    return {
        "key": m.key,
        "id": m.pk,
        "kind": m.kind,
        "kind_label": str(m.get_kind_display()),
        "title": m.title,
        "date": m.date,
        "focus_area": m.focus_area.name if m.focus_area else None,
        "status": m.status,
    }


def _assignment(a: Assignment, meeting_key: str, item_number: int) -> dict:
    return {
        "id": a.pk,
        "text": a.text,
        "assignee": a.who,
        "due": a.due,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "done_on": a.done_on,
        "meeting": meeting_key,
        "item": item_number,
    }


class MeetingFilters(Schema):
    kind: Meeting.Kind | None = Field(None, description=_("Kind of meeting"))
    year: int | None = YEAR
    sida: int = PAGE
    per_sida: int = PER_PAGE


@router.get(
    "/{slug}/meetings",
    response={200: s.MeetingList, **ERRORS},
    summary=_("Meetings"),
    description=_("The board's and the Core Teams' meetings, the latest first."),
)
def meeting_list(request, *, slug: str = SLUG, filters: Query[MeetingFilters]):
    partnership, _actor = enter(request, slug, "meeting.view")
    rows = narrowed(selectors.meetings(partnership), filters, kind="kind", year="date__year")
    page, count = page_slice(rows.order_by("-date", "-start_time", "-pk"), filters.sida, filters.per_sida)
    return {"items": [_meeting_row(m) for m in page], "count": count}


@router.get(
    "/{slug}/meetings/{meeting}",
    response={200: s.MeetingOut, **ERRORS},
    summary=_("A meeting"),
    description=_("A meeting with its items, decisions, board advice and assignments."),
)
def meeting_detail(request, *, slug: str = SLUG, meeting: str = SLUG):
    partnership, _actor = enter(request, slug)
    found = selectors.meetings(partnership).get(key=meeting)
    require(request, "meeting.view", found)
    items = [
        {
            "number": item.number,
            "title": item.title,
            "presenter": item.presenter.name if item.presenter else None,
            "text": item.text,
            "decisions": [d.text for d in item.decisions.all()],
            "advice": [a.text for a in item.advice.all()],
            "assignments": [_assignment(a, found.key, item.number) for a in item.assignments.all()],
        }
        for item in selectors.meeting_items(found)
    ]
    return {**_meeting_row(found), "place": found.place, "items": items}


class AssignmentFilters(Schema):
    status: str | None = Field(
        None,
        pattern="^(open|in_progress|done|cancelled)$",
        description=_("open (open and in progress), in_progress, done, cancelled"),
    )
    sida: int = PAGE
    per_sida: int = PER_PAGE


@router.get(
    "/{slug}/assignments",
    response={200: s.AssignmentList, **ERRORS},
    summary=_("Assignments"),
    description=_("The assignments meetings have given, as on the page Assignments."),
)
def assignment_list(request, *, slug: str = SLUG, filters: Query[AssignmentFilters]):
    partnership, _actor = enter(request, slug, "assignment.view")
    rows = selectors.assignment_list(partnership, filters.status).select_related("item")
    page, count = page_slice(rows, filters.sida, filters.per_sida)
    return {"items": [_assignment(a, a.item.meeting.key, a.item.number) for a in page], "count": count}


api.add_router("", router)
