"""The hub's rules as pure functions: places, waiting list and who moves up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def place_on_confirm(confirmed: int, capacity: int | None) -> str:
    """Where a registration goes when its visitor confirms it: "confirmed" while places are left
    (no capacity: always), otherwise "waiting"."""
    return "confirmed" if capacity is None or confirmed < capacity else "waiting"


def moving_up(confirmed: int, capacity: int | None, waiting: Sequence[int]) -> list[int]:
    """The waiting registrations (ids, in the order they confirmed) that get the places left."""
    if capacity is None:
        return list(waiting)
    return list(waiting[: max(capacity - confirmed, 0)])


def places_left(confirmed: int, capacity: int | None) -> int | None:
    """Places left, or None when there is no limit."""
    return None if capacity is None else max(capacity - confirmed, 0)


# How long a visitor's registration is kept after the event (the consent text says a year).
REGISTRATION_RETENTION_DAYS = 365


def registration_expired(event_date: date, today: date, days: int = REGISTRATION_RETENTION_DAYS) -> bool:
    """Whether a registration for an event on `event_date` is past its keeping on `today`."""
    return (today - event_date).days > days


# How long a visitor's interest in a challenge is kept after it was sent (the consent text says two years).
INTEREST_RETENTION_DAYS = 730


def interest_expired(sent_on: date, today: date, days: int = INTEREST_RETENTION_DAYS) -> bool:
    """Whether an interest sent on `sent_on` is past its keeping on `today`."""
    return (today - sent_on).days > days
