"""A meeting's minutes as plain data, for the report registry's JSON (and `samsyn report minutes`).

The page and the PDF of the minutes keep their own templates (they carry the editing links and
the frozen approved text); this is the same content, read once through selectors.minutes_build.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date, time

from ..models import Meeting
from ..selectors import minutes_build


@dataclass(frozen=True)
class Attendee:
    name: str
    organisation: str
    role: str
    present: bool
    substitutes_for: str


@dataclass(frozen=True)
class AssignmentLine:
    who: str
    text: str
    due: date | None
    status: str


@dataclass(frozen=True)
class ItemLine:
    number: int
    title: str
    presenter: str
    text: str
    decisions: tuple[str, ...]
    advice: tuple[str, ...]
    assignments: tuple[AssignmentLine, ...]
    attachments: tuple[int, ...]


@dataclass(frozen=True)
class AttachmentLine:
    number: int
    title: str
    report_kind: str
    report_date: date | None


@dataclass(frozen=True)
class Minutes:
    partnership: str
    key: str
    title: str
    kind: str
    date: date
    start_time: time | None
    end_time: time | None
    place: str
    minutes_status: str
    # `date` is a field name inside this class: the type is named through its module.
    approved_on: datetime.date | None
    attendees: tuple[Attendee, ...]
    items: tuple[ItemLine, ...]
    attachments: tuple[AttachmentLine, ...]
    next_meeting_date: datetime.date | None
    next_meeting_note: str


def minutes_data(meeting: Meeting) -> Minutes:
    ctx = minutes_build(meeting, meeting.partnership.slug)
    return Minutes(
        partnership=meeting.partnership.name,
        key=meeting.key,
        title=meeting.title,
        kind=meeting.kind,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        place=meeting.place,
        minutes_status=meeting.minutes_status,
        approved_on=meeting.minutes_approved_on,
        attendees=tuple(
            Attendee(
                a.person.name,
                a.person.organization.name if a.person.organization else "",
                a.role,
                a.present,
                a.substitutes_for.name if a.substitutes_for else "",
            )
            for a in ctx["attendances"]
        ),
        items=tuple(
            ItemLine(
                number=item.number,
                title=item.title,
                presenter=item.presenter.name if item.presenter else "",
                text=item.text,
                decisions=tuple(d.text for d in item.decisions.all()),
                advice=tuple(a.text for a in item.advice.all()),
                assignments=tuple(AssignmentLine(a.who or "", a.text, a.due, a.status) for a in item.assignments.all()),
                attachments=tuple(a.number for a in item.attachments.all()),
            )
            for item in ctx["items"]
        ),
        attachments=tuple(AttachmentLine(a.number, a.title, a.report_kind, a.report_date) for a in ctx["attachments"]),
        next_meeting_date=meeting.next_meeting_date,
        next_meeting_note=meeting.next_meeting_note,
    )
