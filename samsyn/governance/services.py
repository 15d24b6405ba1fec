"""Writes of the governance app: each in one transaction with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.agreement import payment_due_date
from samsyn.core.models import Partnership, PartnershipOwned, Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.spending import spending_check
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import ProposalItem

from .models import (
    AgendaItem,
    Assignment,
    GoalStatus,
    LeaderReport,
    LeaderReportGoal,
    Meeting,
    OperationalGoal,
    Requisition,
    SpendingDecision,
)

M = TypeVar("M", bound=PartnershipOwned)


def _snapshot(obj: Model) -> dict[str, Any]:
    data = model_to_dict(obj)
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in data.items()
        if not isinstance(v, (list, tuple, set))
    }


def ensure_editable(meeting: Meeting) -> None:
    if meeting.minutes_frozen:
        raise ValidationError(_("The minutes are approved and can no longer be changed."), code="frozen")


def save_form(*, form: ModelForm[M], user: AnyUser, action: str, meeting: Meeting | None = None) -> M:
    """Save a ModelForm of a meeting's record, refusing if the minutes are approved."""
    if meeting is not None:
        ensure_editable(meeting)
    with transaction.atomic():
        before = _snapshot(form.instance) if form.instance.pk else None
        obj = form.save()
        audit_record(
            partnership=obj.partnership, user=user, action=action, obj=obj, before=before, after=_snapshot(obj)
        )
    return obj


def meeting_create(*, form: ModelForm[Meeting], user: AnyUser) -> Meeting:
    """A new meeting opens with the fixed items of the seeds' structure: the previous minutes and the
    follow-up of assignments; the next meeting's date is a field of the meeting itself."""
    from django.utils.translation import gettext

    from .models import AgendaItem
    from .selectors import previous_meeting

    with transaction.atomic():
        meeting = form.save()
        if meeting.previous_id is None:
            meeting.previous = previous_meeting(meeting)
            meeting.save(update_fields=["previous"])
        AgendaItem.objects.create(
            partnership=meeting.partnership,
            meeting=meeting,
            number=1,
            kind=AgendaItem.Kind.PREVIOUS_MINUTES,
            title=gettext("Minutes of the previous meeting"),
        )
        AgendaItem.objects.create(
            partnership=meeting.partnership,
            meeting=meeting,
            number=2,
            kind=AgendaItem.Kind.ASSIGNMENTS,
            title=gettext("Follow-up of assignments"),
        )
        audit_record(
            partnership=meeting.partnership, user=user, action="meeting.change", obj=meeting, after=_snapshot(meeting)
        )
    return meeting


def delete(*, obj: PartnershipOwned, user: AnyUser, action: str, meeting: Meeting | None = None) -> None:
    if meeting is not None:
        ensure_editable(meeting)
    with transaction.atomic():
        audit_record(partnership=obj.partnership, user=user, action=action, obj=obj, before=_snapshot(obj))
        obj.delete()


def minutes_approve(*, meeting: Meeting, user: AnyUser, rendered_html: str, on: date | None = None) -> Meeting:
    """Draft → approved: the rendered minutes are stored and the meeting's records lock."""
    ensure_editable(meeting)
    with transaction.atomic():
        meeting.minutes_status = Meeting.MinutesStatus.APPROVED
        meeting.minutes_approved_on = on or timezone.localdate()
        meeting.minutes_approved_by = user if isinstance(user, User) else None
        meeting.approved_minutes_html = rendered_html
        if meeting.status == Meeting.Status.PLANNED:
            meeting.status = Meeting.Status.HELD
        meeting.save()
        audit_record(
            partnership=meeting.partnership,
            user=user,
            action="minutes.approve",
            obj=meeting,
            after={"approved_on": meeting.minutes_approved_on.isoformat()},
        )
    return meeting


def assignment_update(
    *, assignment: Assignment, user: AnyUser, status: str, note: str = "", on: date | None = None
) -> Assignment:
    """Follow-up of an assignment; allowed after the minutes are approved (it is not part of them)."""
    with transaction.atomic():
        before = _snapshot(assignment)
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
            after=_snapshot(assignment),
        )
    return assignment


def spending_decide(
    *,
    partnership: Partnership,
    actor: Actor | None,
    user: AnyUser,
    amount_ore: int,
    on: date,
    purpose: str,
    decided_by: Person | None = None,
    board_item: AgendaItem | None = None,
    proposal_item: ProposalItem | None = None,
) -> SpendingDecision:
    """Record a spending decision; refused (ValidationError naming who may decide) without authority."""
    if amount_ore is None or amount_ore < 0:
        raise ValidationError({"amount_ore": _("Give an amount of zero or more.")})
    authority = spending_check(
        partnership=partnership, actor=actor, amount_ore=amount_ore, on=on, board_item=board_item
    )
    with transaction.atomic():
        decision = SpendingDecision.objects.create(
            partnership=partnership,
            date=on,
            amount_ore=amount_ore,
            purpose=purpose[:300],
            authority=authority,
            decided_by=decided_by,
            board_item=board_item,
            proposal_item=proposal_item,
            recorded_by=user if isinstance(user, User) else None,
        )
        audit_record(
            partnership=partnership, user=user, action="spending.decide", obj=decision, after=_snapshot(decision)
        )
    return decision


def proposal_item_spending(
    *,
    item: ProposalItem,
    actor: Actor | None,
    user: AnyUser,
    on: date,
    decided_by: Person | None = None,
    board_item: AgendaItem | None = None,
) -> SpendingDecision | None:
    """The spending decision for a Core Team proposal item's process-support budget.

    Receives the portfolio's proposal_item_approved signal (see GovernanceConfig.ready) when an
    item is approved with a budget: it raises ValidationError if the recorder lacks the authority.
    """
    if not item.budget_ore:
        return None
    return spending_decide(
        partnership=item.proposal.partnership,
        actor=actor,
        user=user,
        amount_ore=item.budget_ore,
        on=on,
        purpose=f"{item.proposal.title}: {item.name}",
        decided_by=decided_by,
        board_item=board_item,
        proposal_item=item,
    )


def requisition_paid(*, requisition: Requisition, user: AnyUser, paid_on: date | None) -> Requisition:
    with transaction.atomic():
        before = _snapshot(requisition)
        requisition.paid_on = paid_on
        requisition.save(update_fields=["paid_on"])
        audit_record(
            partnership=requisition.partnership,
            user=user,
            action="requisition.change",
            obj=requisition,
            before=before,
            after=_snapshot(requisition),
        )
    return requisition


def requisition_save(*, form: ModelForm[Requisition], user: AnyUser) -> Requisition:
    with transaction.atomic():
        obj = form.save(commit=False)
        before = _snapshot(Requisition.objects.get(pk=obj.pk)) if obj.pk else None
        obj.due_date = payment_due_date(obj.year, obj.half, obj.requisition_date)
        obj.save()
        audit_record(
            partnership=obj.partnership,
            user=user,
            action="requisition.change",
            obj=obj,
            before=before,
            after=_snapshot(obj),
        )
    return obj


def goal_status_add(
    *, goal: OperationalGoal, user: AnyUser, colour: str, text: str, on: date, author: Person | None = None
) -> GoalStatus:
    with transaction.atomic():
        status = GoalStatus.objects.create(
            partnership=goal.partnership, goal=goal, colour=colour, text=text, date=on, author=author
        )
        audit_record(partnership=goal.partnership, user=user, action="goal.change", obj=status, after=_snapshot(status))
    return status


def report_ensure(*, meeting: Meeting, user: AnyUser, draft: dict[str, Any]) -> LeaderReport:
    """The report of a meeting, created from `draft` (selectors.report_draft) if there is none."""
    existing = LeaderReport.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        report = LeaderReport.objects.create(
            partnership=meeting.partnership, meeting=meeting, since=draft["since"], introduction=draft["introduction"]
        )
        for g in draft["goals"]:
            row = LeaderReportGoal.objects.create(
                partnership=meeting.partnership,
                report=report,
                goal=g["goal"],
                number=g["number"],
                heading=g["heading"],
                colour=g["colour"],
                bullets="\n".join(g["bullets"]),
                figures=g["figures"],
            )
            row.initiatives.set(g["initiatives"])
        audit_record(
            partnership=meeting.partnership, user=user, action="report.change", obj=report, after={"drafted": True}
        )
    return report


def report_goal_save(*, form: ModelForm[LeaderReportGoal], user: AnyUser) -> LeaderReportGoal:
    report = form.instance.report
    if report.status == LeaderReport.Status.SENT:
        raise ValidationError(_("The report has been sent and can no longer be changed."), code="frozen")
    return save_form(form=form, user=user, action="report.change")


def report_send(*, report: LeaderReport, user: AnyUser, rendered_html: str, on: date | None = None) -> LeaderReport:
    if report.status == LeaderReport.Status.SENT:
        raise ValidationError(_("The report has been sent and can no longer be changed."), code="frozen")
    with transaction.atomic():
        report.status = LeaderReport.Status.SENT
        report.sent_on = on or timezone.localdate()
        report.sent_html = rendered_html
        report.save()
        audit_record(
            partnership=report.partnership,
            user=user,
            action="report.change",
            obj=report,
            after={"sent_on": report.sent_on.isoformat()},
        )
    return report
