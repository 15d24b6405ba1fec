"""Meetings as an iCalendar feed (RFC 5545), written by hand: no dependency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from samsyn.core.models import Period, RoleAssignment

from .models import Meeting

BOARD_ROLES = {"board_chair", "board_member", "substitute"}
STAFF_ROLES = {"administrator", "process_leader", "deputy_process_leader", "project_leader", "economy_controller"}


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1)."""
    out: list[str] = []
    current = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def meetings_for(person, on=None):
    """The meetings a person is invited to: those they attend, plus those of the bodies their roles belong to."""
    on = on or timezone.localdate()
    grants = list(
        RoleAssignment.objects.filter(person=person).filter(Period.active_q(on)).values_list("role", "focus_area_id")
    )
    roles = {r for r, _ in grants}
    q = Q(attendances__person=person)
    if roles & STAFF_ROLES:
        q |= Q(pk__isnull=False)
    if roles & BOARD_ROLES:
        q |= Q(kind__in=[Meeting.Kind.BOARD, Meeting.Kind.JOINT])
    areas = {fa for r, fa in grants if r == "core_team_member" and fa}
    if areas:
        q |= Q(kind=Meeting.Kind.CORE_TEAM, focus_area__in=areas) | Q(kind=Meeting.Kind.JOINT)
    return Meeting.objects.filter(partnership=person.partnership_id).filter(q).distinct().order_by("date", "start_time")


def _utc(d, t, tz):
    local = timezone.make_aware(datetime.combine(d, t), tz)
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(meetings, *, host: str, name: str, url_for=None) -> str:
    tz = timezone.get_default_timezone()
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samsyn//Governance//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for m in meetings:
        lines += ["BEGIN:VEVENT", f"UID:meeting-{m.pk}@{host}", f"DTSTAMP:{stamp}"]
        if m.start_time:
            end = m.end_time or (datetime.combine(m.date, m.start_time) + timedelta(hours=2)).time()
            lines += [f"DTSTART:{_utc(m.date, m.start_time, tz)}", f"DTEND:{_utc(m.date, end, tz)}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{m.date:%Y%m%d}", f"DTEND;VALUE=DATE:{m.date + timedelta(days=1):%Y%m%d}"]
        lines.append(f"SUMMARY:{escape(str(m.title))}")
        if m.place:
            lines.append(f"LOCATION:{escape(m.place)}")
        if url_for:
            lines.append(f"URL:{url_for(m)}")
        lines.append("STATUS:CANCELLED" if m.status == Meeting.Status.CANCELLED else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
