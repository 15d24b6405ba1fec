"""Governance's report kinds in the shared registry: the process leader's report to a meeting."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samsyn.core.lib.urls import reverse
from samsyn.core.reports import Param, ReportKind, report_register

from ..models import Meeting
from .leader import LeaderReportData, leader_report_data
from .minutes import Minutes, minutes_data


def _meeting(partnership, meeting: Meeting | str) -> Meeting:
    if isinstance(meeting, Meeting):
        return meeting
    try:
        return Meeting.objects.select_related("partnership").get(partnership=partnership, key=meeting)
    except Meeting.DoesNotExist:
        raise LookupError(f"no meeting {meeting!r}") from None


def leader_build(partnership, meeting: Meeting | str) -> LeaderReportData:
    """The report of `meeting` (a Meeting or its key); LookupError when there is none."""
    meeting = _meeting(partnership, meeting)
    data = leader_report_data(meeting)
    if data is None:
        raise LookupError(f"no report has been written for {meeting.key} yet")
    return data


LEADER = report_register(
    ReportKind(
        name="leader",
        title="The process leader's report to a meeting",
        build=leader_build,
        params=(Param("meeting", str, "the meeting's key, e.g. styrelse-2024-09-19", required=True),),
        template="governance/report.html",
        context=lambda report: {"meeting": report.meeting, "goals": report.goals, "editable": False},
        filename=lambda report: f"processledarrapport-{report.meeting.key}",
        attachment="governance:leader_report",
        attachment_label=_("Process leader's report"),
        link=lambda partnership_slug, meeting: reverse("governance:report", args=[partnership_slug, meeting.pk]),
        action="report.view",
    )
)


def minutes_build(partnership, meeting: Meeting | str) -> Minutes:
    return minutes_data(_meeting(partnership, meeting))


# The minutes' page and PDF keep their own templates (editing links, the approved text as frozen);
# the registry gives their content as data.
MINUTES = report_register(
    ReportKind(
        name="minutes",
        title="A meeting's minutes as data",
        build=minutes_build,
        params=(Param("meeting", str, "the meeting's key, e.g. styrelse-2024-09-19", required=True),),
        filename=lambda minutes: f"protokoll-{minutes.key}",
        action="meeting.view",
    )
)
