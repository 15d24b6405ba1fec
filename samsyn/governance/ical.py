"""Meetings as an iCalendar feed (RFC 5545), written by the icalendar library: it escapes text
(line breaks of every kind included, so a title cannot add lines to the feed) and folds long lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from samsyn.core.models import Period, RoleAssignment

from .models import Meeting

BOARD_ROLES = {"board_chair", "board_member", "substitute"}
STAFF_ROLES = {"administrator", "process_leader", "deputy_process_leader", "project_leader", "economy_controller"}


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


def _utc(d, t, tz) -> datetime:
    return timezone.make_aware(datetime.combine(d, t), tz).astimezone(UTC)


def _event(m: Meeting, *, host: str, stamp: datetime, url: str | None) -> Event:
    """A meeting as an event; its UID is the same in the feed and every invitation, so a calendar
    that has it from either knows it is one meeting."""
    tz = timezone.get_default_timezone()
    event = Event()
    event.add("uid", f"meeting-{m.pk}@{host}")
    event.add("dtstamp", stamp)
    if m.start_time:
        end = m.end_time or (datetime.combine(m.date, m.start_time) + timedelta(hours=2)).time()
        event.add("dtstart", _utc(m.date, m.start_time, tz))
        event.add("dtend", _utc(m.date, end, tz))
    else:
        event.add("dtstart", m.date)
        event.add("dtend", m.date + timedelta(days=1))
    event.add("summary", str(m.title))
    if m.place:
        event.add("location", m.place)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if m.status == Meeting.Status.CANCELLED else "CONFIRMED")
    return event


def invitation(
    meeting: Meeting,
    *,
    host: str,
    organizer: tuple[str, str],
    attendees: list[tuple[str, str]],
    sequence: int,
    url: str | None = None,
) -> bytes:
    """The notice's invitation (METHOD:REQUEST): one event with its organizer and attendees as
    (name, address) pairs. `sequence` counts the notices sent before, so a calendar replaces the
    meeting it already has by the newer one."""
    feed = Calendar()
    feed.add("prodid", "-//Samsyn//Governance//SV")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "REQUEST")
    event = _event(meeting, host=host, stamp=timezone.now().astimezone(UTC), url=url)
    event.add("sequence", sequence)
    name, address = organizer
    event.add("organizer", vCalAddress(f"mailto:{address}"), parameters={"CN": name})
    for name, address in attendees:
        event.add(
            "attendee",
            vCalAddress(f"mailto:{address}"),
            parameters={"CN": name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"},
        )
    feed.add_component(event)
    return feed.to_ical()


def calendar(meetings, *, host: str, name: str, url_for=None) -> str:
    stamp = timezone.now().astimezone(UTC)
    feed = Calendar()
    feed.add("prodid", "-//Samsyn//Governance//SV")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    for m in meetings:
        feed.add_component(_event(m, host=host, stamp=stamp, url=url_for(m) if url_for else None))
    return feed.to_ical().decode()
