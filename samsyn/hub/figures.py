"""What the hub counts for the follow-up: students and researchers who began work on a challenge,
and the registrations and attendance of the events it registers people for. Registered from
HubConfig.ready() in core's registry, so that the follow-up counts them without naming the hub."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import Partnership
from samsyn.core.registry import CountedFigure, counted_figure_register, event_counts_register

from .models import Interest, PublishedEvent, Registration

CHALLENGE_WORK_BEGUN = "hub.challenge_work_begun"
EVENT_REGISTRATIONS = "hub.event_registrations"
EVENT_ATTENDANCE = "hub.event_attendance"


def challenge_work_begun(partnership: Partnership) -> list[date]:
    """The day work began, for each interest in a challenge that led to work."""
    days = Interest.objects.filter(partnership=partnership, started_on__isnull=False).values_list(
        "started_on", flat=True
    )
    return [day for day in days if day is not None]


def event_registrations(partnership: Partnership) -> list[date]:
    """The event's day, for each confirmed registration."""
    return list(
        Registration.objects.filter(partnership=partnership, status=Registration.Status.CONFIRMED).values_list(
            "event__event__date", flat=True
        )
    )


def event_attendance(partnership: Partnership) -> list[date]:
    """The event's day, for each registered person marked present at the door."""
    return list(
        Registration.objects.filter(partnership=partnership, attended=True).values_list("event__event__date", flat=True)
    )


def event_counts(partnership: Partnership, event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{follow-up event id: (confirmed registrations, attended)} of the events the hub registers
    people for; one query."""
    rows = (
        PublishedEvent.objects.filter(partnership=partnership, event_id__in=event_ids)
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            present=Count("registrations", filter=Q(registrations__attended=True)),
            any_registration=Count("registrations"),
        )
        .filter(Q(registration_open=True) | Q(any_registration__gt=0))
        .values_list("event_id", "confirmed", "present")
    )
    return {event_id: (confirmed, present) for event_id, confirmed, present in rows}


def register() -> None:
    counted_figure_register(
        CountedFigure(
            CHALLENGE_WORK_BEGUN,
            _("students and researchers who began work on a challenge in the hub"),
            challenge_work_begun,
        )
    )
    counted_figure_register(
        CountedFigure(EVENT_REGISTRATIONS, _("confirmed registrations for the hub's events"), event_registrations)
    )
    counted_figure_register(CountedFigure(EVENT_ATTENDANCE, _("people present at the hub's events"), event_attendance))
    event_counts_register(event_counts)
