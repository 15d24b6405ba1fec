"""Reminders by e-mail (`samsyn remind`): what is due for each person on a day, one message each.

The apps register sources, each giving what is due on a day as `Due` rows, with the same rules
their start page panels use, so the reminder and the start page agree. Each thing is reminded of
again only when `reminder_due` says so: never twice on the same day, again after a week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import override

from .invitations import site_url
from .mail import mail_queue
from .models import Partnership, Person, ReminderSent
from .services import audit_record

# A thing still due is reminded of again once this many days have passed since the last reminder.
REMIND_EVERY_DAYS = 7


@dataclass(frozen=True)
class Due:
    """One thing due for a person: `kind` and `object_id` name it for the record of reminders;
    `url` is the page where they act, a path on this site."""

    person_id: int
    kind: str
    object_id: int
    text: str
    note: str = ""
    url: str = ""


ReminderSource = Callable[[Partnership, date], list[Due]]
_SOURCES: list[tuple[int, ReminderSource]] = []


def reminder_source_register(order: int, source: ReminderSource) -> None:
    if all(s is not source for _, s in _SOURCES):
        _SOURCES.append((order, source))
        _SOURCES.sort(key=lambda pair: pair[0])


def reminder_due(*, last_sent: date | None, today: date, every_days: int = REMIND_EVERY_DAYS) -> bool:
    """Whether a thing still due is reminded of today: if never before, or `every_days` or more
    days after the last reminder of it (so a second run on the same day sends nothing new)."""
    return last_sent is None or (today - last_sent).days >= every_days


def reminders_send(partnership: Partnership, today: date) -> dict[str, int]:
    """Send each person one message with what is due for them and not reminded of too recently;
    returns how many people were written to and how many things they were reminded of."""
    due: list[Due] = [d for _, source in _SOURCES for d in source(partnership, today)]
    last = {
        (row["person_id"], row["kind"], row["object_id"]): row["last"]
        for row in ReminderSent.objects.filter(partnership=partnership)
        .values("person_id", "kind", "object_id")
        .annotate(last=Max("sent_on"))
    }
    by_person: dict[int, dict[tuple[str, int], Due]] = defaultdict(dict)
    for d in due:
        # Each thing once per person, even when two sources or rules name it.
        if reminder_due(last_sent=last.get((d.person_id, d.kind, d.object_id)), today=today):
            by_person[d.person_id].setdefault((d.kind, d.object_id), d)
    people = Person.objects.filter(partnership=partnership, pk__in=by_person).exclude(email="").order_by("name")
    items = 0
    for person in people:
        with transaction.atomic():
            rows = list(by_person[person.pk].values())
            with override("sv"):
                subject = _("Reminder: what is waiting for you in %(partnership)s") % {"partnership": partnership.name}
            mail_queue(
                to=[person.email],
                subject=subject,
                template="core/mail/reminder",
                context={
                    "person": person,
                    "items": [{"text": d.text, "note": d.note, "url": site_url(d.url) if d.url else ""} for d in rows],
                    "partnership_name": partnership.name,
                },
                partnership=partnership,
            )
            ReminderSent.objects.bulk_create(
                ReminderSent(partnership=partnership, person=person, kind=d.kind, object_id=d.object_id, sent_on=today)
                for d in rows
            )
            audit_record(
                partnership=partnership,
                user=None,
                action="reminder.send",
                obj=person,
                after={
                    "name": person.name,
                    "items": [f"{d.kind}:{d.object_id}" for d in rows],
                    "day": today.isoformat(),
                },
            )
            items += len(rows)
    return {"people": len(people), "items": items}
