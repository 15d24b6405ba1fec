"""Meetings, their minutes and the records in them (attendance, items, decisions, board advice,
assignments, attachments), and the follow-up of assignments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samsyn.archive.extract import Upload
from samsyn.archive.models import AccessLevel, Document
from samsyn.archive.rules import title_from
from samsyn.archive.services import document_register
from samsyn.core import policy
from samsyn.core.lib.ordering import neighbour_swap, place_next
from samsyn.core.models import Partnership, PartnershipOwned, Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import Advice, AgendaItem, Assignment, Attachment, Attendance, Decision, Meeting
from ..selectors import minutes_approval_problems, previous_meeting
from ._shared import meeting_ensure_editable, snapshot

# What meeting_create and meeting_change accept: the fields a secretary fills in (MeetingForm's).
MEETING_FIELDS = frozenset(
    {
        "kind",
        "focus_area",
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "status",
        "opening",
        "previous",
        "previous_minutes_approved",
        "next_meeting_date",
        "next_meeting_note",
        "adjusters",
    }
)


def _meeting_fields_set(meeting: Meeting, fields: dict[str, Any]) -> Any:
    """Set the meeting's own fields; returns the adjusters (people, or None to leave them as they
    are), which can only be set once the meeting is saved."""
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"not a field of a meeting: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name != "adjusters":
            setattr(meeting, name, value)
    return fields.get("adjusters")


def _adjusters_set(meeting: Meeting, adjusters: Any) -> None:
    """Name the meeting's adjusters, people of its own partnership only."""
    if adjusters is None:
        return
    people = list(adjusters)
    if any(person.partnership_id != meeting.partnership_id for person in people):
        raise ValidationError(_("An adjuster must be a person of the partnership."), code="adjuster")
    meeting.adjusters.set(people)


def _meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    return {**snapshot(meeting), "adjusters": sorted(meeting.adjusters.values_list("name", flat=True))}


def _meeting_key(meeting: Meeting) -> str:
    """A key unique in the partnership, from the kind and date: "styrelsemote-2024-09-19"."""
    base = slugify(f"{meeting.get_kind_display()}-{meeting.date}")[:70]
    key, n = base, 1
    while Meeting.objects.filter(partnership_id=meeting.partnership_id, key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


@transaction.atomic
def meeting_create(*, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Any) -> Meeting:
    """A new meeting opens with the fixed items of the seeds' structure: the previous minutes and the
    follow-up of assignments; the next meeting's date is a field of the meeting itself.

    A Core Team member plans only their own focus area's meetings: the rule is asked of the meeting
    as it will be.
    """
    meeting = Meeting(partnership=partnership)
    adjusters = _meeting_fields_set(meeting, fields)
    policy.require(actor, "meeting.change", meeting)
    meeting.key = _meeting_key(meeting)
    meeting.save()
    _adjusters_set(meeting, adjusters)
    if meeting.previous_id is None:
        meeting.previous = previous_meeting(meeting)
        meeting.save(update_fields=["previous"])
    AgendaItem.objects.create(
        partnership=partnership,
        meeting=meeting,
        number=1,
        kind=AgendaItem.Kind.PREVIOUS_MINUTES,
        title=_("Minutes of the previous meeting"),
    )
    AgendaItem.objects.create(
        partnership=partnership,
        meeting=meeting,
        number=2,
        kind=AgendaItem.Kind.ASSIGNMENTS,
        title=_("Follow-up of assignments"),
    )
    audit_record(
        partnership=partnership, user=user, action="meeting.change", obj=meeting, after=_meeting_snapshot(meeting)
    )
    return meeting


@transaction.atomic
def meeting_change(*, actor: Actor | None, user: AnyUser, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting's fields; refused once its minutes are approved.

    The actor must be allowed to change the meeting both as it was and as it will be: a Core Team
    member cannot move a meeting into another focus area. The meeting as it was is read again from
    the database, since a validated ModelForm has already written the new values onto `meeting`.
    """
    stored = Meeting.objects.get(pk=meeting.pk)
    policy.require(actor, "meeting.change", stored)
    meeting_ensure_editable(stored)
    before = _meeting_snapshot(stored)
    adjusters = _meeting_fields_set(meeting, fields)
    policy.require(actor, "meeting.change", meeting)
    meeting.save()
    _adjusters_set(meeting, adjusters)
    audit_record(
        partnership=meeting.partnership,
        user=user,
        action="meeting.change",
        obj=meeting,
        before=before,
        after=_meeting_snapshot(meeting),
    )
    return meeting


def _record_create(*, actor: Actor | None, user: AnyUser, meeting: Meeting, obj: PartnershipOwned) -> None:
    """Save a new record of a meeting's minutes (the caller's transaction) with its audit entry."""
    policy.require(actor, "meeting.change", meeting)
    meeting_ensure_editable(meeting)
    obj.partnership_id = meeting.partnership_id
    obj.save()
    audit_record(partnership=meeting.partnership, user=user, action="meeting.change", obj=obj, after=snapshot(obj))


def _record_delete(*, actor: Actor | None, user: AnyUser, meeting: Meeting, obj: PartnershipOwned) -> None:
    policy.require(actor, "meeting.change", meeting)
    meeting_ensure_editable(meeting)
    audit_record(partnership=meeting.partnership, user=user, action="meeting.change", obj=obj, before=snapshot(obj))
    obj.delete()


@transaction.atomic
def attendance_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    meeting: Meeting,
    person: Person,
    role: str = Attendance.Role.MEMBER,
    substitutes_for: Person | None = None,
    present: bool = True,
) -> Attendance:
    attendance = Attendance(meeting=meeting, person=person, role=role, substitutes_for=substitutes_for, present=present)
    _record_create(actor=actor, user=user, meeting=meeting, obj=attendance)
    return attendance


@transaction.atomic
def agenda_item_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    meeting: Meeting,
    title: str,
    number: int | None = None,
    kind: str = AgendaItem.Kind.REGULAR,
    presenter: Person | None = None,
    text: str = "",
) -> AgendaItem:
    """An item of the agenda; without a number (a loader's own) it goes last."""
    if number is None:
        number = place_next(AgendaItem.objects.filter(meeting=meeting), field="number")
    item = AgendaItem(meeting=meeting, number=number, kind=kind, title=title, presenter=presenter, text=text)
    _record_create(actor=actor, user=user, meeting=meeting, obj=item)
    return item


@transaction.atomic
def agenda_item_change(
    *,
    actor: Actor | None,
    user: AnyUser,
    item: AgendaItem,
    title: str,
    kind: str,
    presenter: Person | None = None,
    text: str = "",
) -> AgendaItem:
    """Change an item's text; its place in the agenda changes only by agenda_item_move."""
    meeting = item.meeting
    policy.require(actor, "meeting.change", meeting)
    meeting_ensure_editable(meeting)
    # Read again: a validated ModelForm has already written the new values onto `item`.
    before = snapshot(AgendaItem.objects.get(pk=item.pk))
    item.title, item.kind, item.presenter, item.text = title, kind, presenter, text
    item.save()
    audit_record(
        partnership=meeting.partnership,
        user=user,
        action="meeting.change",
        obj=item,
        before=before,
        after=snapshot(item),
    )
    return item


@transaction.atomic
def decision_create(*, actor: Actor | None, user: AnyUser, item: AgendaItem, text: str) -> Decision:
    """A decision under an item, numbered after those already there."""
    decision = Decision(item=item, text=text, order=item.decisions.count() + 1)
    _record_create(actor=actor, user=user, meeting=item.meeting, obj=decision)
    return decision


@transaction.atomic
def decision_delete(*, actor: Actor | None, user: AnyUser, decision: Decision) -> None:
    _record_delete(actor=actor, user=user, meeting=decision.item.meeting, obj=decision)


@transaction.atomic
def advice_create(*, actor: Actor | None, user: AnyUser, item: AgendaItem, text: str) -> Advice:
    """Board advice (medskick) under an item, numbered after those already there."""
    advice = Advice(item=item, text=text, order=item.advice.count() + 1)
    _record_create(actor=actor, user=user, meeting=item.meeting, obj=advice)
    return advice


@transaction.atomic
def advice_delete(*, actor: Actor | None, user: AnyUser, advice: Advice) -> None:
    _record_delete(actor=actor, user=user, meeting=advice.item.meeting, obj=advice)


@transaction.atomic
def assignment_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    item: AgendaItem,
    text: str,
    assignee: Person | None = None,
    assignee_text: str = "",
    due: date | None = None,
    status: str = Assignment.Status.OPEN,
    note: str = "",
) -> Assignment:
    """An assignment given under an item, numbered after those already there."""
    assignment = Assignment(
        item=item,
        text=text,
        assignee=assignee,
        assignee_text=assignee_text,
        due=due,
        status=status,
        note=note,
        order=item.assignments.count() + 1,
    )
    _record_create(actor=actor, user=user, meeting=item.meeting, obj=assignment)
    return assignment


@transaction.atomic
def assignment_delete(*, actor: Actor | None, user: AnyUser, assignment: Assignment) -> None:
    _record_delete(actor=actor, user=user, meeting=assignment.item.meeting, obj=assignment)


@transaction.atomic
def assignment_follow_up(
    *, actor: Actor | None, user: AnyUser, assignment: Assignment, status: str, note: str = "", on: date | None = None
) -> Assignment:
    """Follow-up of an assignment; allowed after the minutes are approved (it is not part of them)."""
    policy.require(actor, "assignment.change", assignment)
    before = snapshot(assignment)
    assignment.status = status
    if note:
        assignment.note = note
    assignment.done_on = (on or timezone.localdate()) if status == Assignment.Status.DONE else None
    assignment.save()
    audit_record(
        partnership=assignment.partnership,
        user=user,
        action="assignment.change",
        obj=assignment,
        before=before,
        after=snapshot(assignment),
    )
    return assignment


@transaction.atomic
def attachment_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    meeting: Meeting,
    title: str,
    number: int | None = None,
    item: AgendaItem | None = None,
    report_kind: str = "",
    report_date: date | None = None,
    document_id: int | None = None,
    url: str = "",
) -> Attachment:
    """A numbered attachment: an archived document, a generated report or an address. Without a
    number (a loader's own) it goes last."""
    if number is None:
        number = place_next(Attachment.objects.filter(meeting=meeting), field="number")
    attachment = Attachment(
        meeting=meeting,
        number=number,
        title=title,
        item=item,
        report_kind=report_kind or "",
        report_date=report_date,
        document_id=document_id,
        url=url or "",
    )
    _record_create(actor=actor, user=user, meeting=meeting, obj=attachment)
    return attachment


@transaction.atomic
def attachment_upload(
    *,
    actor: Actor | None,
    user: AnyUser,
    meeting: Meeting,
    upload: Upload,
    title: str = "",
    item: AgendaItem | None = None,
    access: str = AccessLevel.INTERNAL,
    roles: Iterable[str] = (),
    on: date | None = None,
) -> Attachment:
    """A file uploaded as the meeting's next attachment: registered in the archive (a diary number
    from the partnership's series, kind attachment, linked to the meeting, dated `on`, today unless
    given) and attached by reference, as a secretariat files a meeting's papers.

    The rule asked is the one of every attachment ("meeting.change"): whoever prepares the meeting
    files its papers, a Core Team member too, who registers no other documents. The archive's own
    check ("document.add") is therefore not asked again; its audit entry is written all the same.
    """
    policy.require(actor, "meeting.change", meeting)
    meeting_ensure_editable(meeting)
    document = document_register(
        actor=actor,
        user=user,
        partnership=meeting.partnership,
        upload=upload,
        kind=Document.Kind.ATTACHMENT,
        title=title or title_from(upload),
        date=on or timezone.localdate(),
        access=access,
        roles=roles,
        meetings=[meeting],
        check=False,
    )
    attachment = Attachment(
        meeting=meeting,
        number=place_next(Attachment.objects.filter(meeting=meeting), field="number"),
        title=document.title,
        item=item,
        document_id=document.pk,
        uploaded=True,
    )
    _record_create(actor=actor, user=user, meeting=meeting, obj=attachment)
    return attachment


def _number_move(
    *, actor: Actor | None, user: AnyUser, meeting: Meeting, obj: AgendaItem | Attachment, direction: str
) -> bool:
    """Swap `obj`'s number with its neighbour's in the meeting; False when it is already at that end."""
    policy.require(actor, "meeting.change", meeting)
    meeting_ensure_editable(meeting)
    siblings = type(obj)._default_manager.filter(meeting=meeting)
    before = obj.number
    neighbour = neighbour_swap(siblings, obj, field="number", direction=direction)
    if neighbour is None:
        return False
    audit_record(
        partnership=meeting.partnership,
        user=user,
        action="meeting.change",
        obj=obj,
        before={"number": before},
        after={"number": obj.number, "swapped_with": neighbour.pk},
    )
    return True


@transaction.atomic
def agenda_item_move(*, actor: Actor | None, user: AnyUser, item: AgendaItem, direction: str) -> bool:
    """Move an item one place up or down the agenda; its § number follows its place."""
    item = AgendaItem.objects.select_for_update().select_related("meeting__partnership").get(pk=item.pk)
    return _number_move(actor=actor, user=user, meeting=item.meeting, obj=item, direction=direction)


@transaction.atomic
def attachment_move(*, actor: Actor | None, user: AnyUser, attachment: Attachment, direction: str) -> bool:
    """Move an attachment one place up or down; its number ("Bilaga 3") follows its place."""
    attachment = Attachment.objects.select_for_update().select_related("meeting__partnership").get(pk=attachment.pk)
    return _number_move(actor=actor, user=user, meeting=attachment.meeting, obj=attachment, direction=direction)


@transaction.atomic
def minutes_approve(
    *,
    actor: Actor | None,
    user: AnyUser,
    meeting: Meeting,
    rendered_html: str,
    confirmed: bool = False,
    on: date | None = None,
) -> Meeting:
    """Draft → approved (justerat): the rendered minutes are stored and the meeting's records lock.

    Only a named adjuster approves (the policy's NAMED reach), and only what may be locked
    (rules.minutes_approval_refusals): a held meeting, on or after its date, with attendance, and
    `confirmed` by the one approving. `on` is the day of approval (today unless given).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    policy.require(actor, "minutes.approve", meeting.approval_target())
    meeting_ensure_editable(meeting)
    approved_on = on or timezone.localdate()
    problems = minutes_approval_problems(meeting, today=approved_on, confirmed=confirmed)
    if problems:
        raise ValidationError(problems, code="not_approvable")
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_on = approved_on
    meeting.minutes_approved_by = user if isinstance(user, User) else None
    meeting.approved_minutes_html = rendered_html
    meeting.save()
    audit_record(
        partnership=meeting.partnership,
        user=user,
        action="minutes.approve",
        obj=meeting,
        after={"approved_on": approved_on.isoformat()},
    )
    return meeting
