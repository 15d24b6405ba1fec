"""The process leader's report to a meeting: drafted from the data, edited, sent (then frozen)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import Initiative

from ..models import LeaderReport, LeaderReportGoal, Meeting
from ._shared import snapshot


def _ensure_draft(report: LeaderReport) -> None:
    if report.status == LeaderReport.Status.SENT:
        raise ValidationError(_("The report has been sent and can no longer be changed."), code="frozen")


@transaction.atomic
def report_draft(*, actor: Actor | None, user: AnyUser, meeting: Meeting, draft: dict[str, Any]) -> LeaderReport:
    """The report of a meeting, created from `draft` (leader_report.draft) if there is none yet."""
    policy.require(actor, "report.change", meeting)
    existing = LeaderReport.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
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


@transaction.atomic
def report_change(*, actor: Actor | None, user: AnyUser, report: LeaderReport, introduction: str) -> LeaderReport:
    """Change the introduction of a draft report."""
    policy.require(actor, "report.change", report.meeting)
    # Read again: a validated ModelForm has already written the new values onto `report`.
    stored = LeaderReport.objects.get(pk=report.pk)
    _ensure_draft(stored)
    before = snapshot(stored)
    report.introduction = introduction
    report.save()
    audit_record(
        partnership=report.partnership,
        user=user,
        action="report.change",
        obj=report,
        before=before,
        after=snapshot(report),
    )
    return report


@transaction.atomic
def report_goal_change(
    *,
    actor: Actor | None,
    user: AnyUser,
    report_goal: LeaderReportGoal,
    colour: str,
    bullets: str,
    initiatives: Iterable[Initiative] = (),
) -> LeaderReportGoal:
    """Change what a draft report says of one goal: its colour, bullets and initiatives."""
    report = LeaderReport.objects.select_related("meeting").get(pk=report_goal.report_id)
    policy.require(actor, "report.change", report.meeting)
    _ensure_draft(report)
    before = snapshot(LeaderReportGoal.objects.get(pk=report_goal.pk))
    report_goal.colour, report_goal.bullets = colour, bullets
    report_goal.save()
    report_goal.initiatives.set(initiatives)
    audit_record(
        partnership=report.partnership,
        user=user,
        action="report.change",
        obj=report_goal,
        before=before,
        after=snapshot(report_goal),
    )
    return report_goal


@transaction.atomic
def report_send(
    *, actor: Actor | None, user: AnyUser, report: LeaderReport, rendered_html: str, on: date | None = None
) -> LeaderReport:
    """Draft → sent: the rendered report is stored and no longer changes."""
    policy.require(actor, "report.change", report.meeting)
    _ensure_draft(report)
    sent_on = on or timezone.localdate()
    report.status = LeaderReport.Status.SENT
    report.sent_on = sent_on
    report.sent_html = rendered_html
    report.save()
    audit_record(
        partnership=report.partnership,
        user=user,
        action="report.change",
        obj=report,
        after={"sent_on": sent_on.isoformat()},
    )
    return report
