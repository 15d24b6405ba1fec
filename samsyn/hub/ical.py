"""The hub's coming events as an iCalendar feed, written by the icalendar library (it escapes and
folds the text)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import PublishedEvent


def events_calendar(events: Iterable[PublishedEvent], *, name: str, url_for: Callable[[PublishedEvent], str]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samsyn//Samhällshubben//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    zone = timezone.get_current_timezone()
    for e in events:
        item = CalendarEvent()
        item.add("uid", f"hub-event-{e.pk}@samsyn")
        item.add("summary", e.event.title)
        item.add("description", e.summary)
        if e.place:
            item.add("location", e.place)
        if e.starts:
            start = datetime.combine(e.event.date, e.starts, tzinfo=zone)
            end = datetime.combine(e.event.date, e.ends, tzinfo=zone) if e.ends else start + timedelta(hours=2)
            item.add("dtstart", start)
            item.add("dtend", end)
        else:
            item.add("dtstart", e.event.date)
        item.add("url", url_for(e))
        item.add("dtstamp", timezone.now())
        calendar.add_component(item)
    return calendar.to_ical()
