"""The hub's rules as pure functions: places, waiting list and who moves up; how long a visitor's
data is kept; when an open question takes answers, how its answers are reviewed and grouped."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


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


# How long the name and e-mail address given with an answer to an open question are kept after it
# was sent (the consent text says a year); the answer itself stays, without them.
ANSWER_CONTACT_RETENTION_DAYS = 365


def answer_contact_expired(sent_on: date, today: date, days: int = ANSWER_CONTACT_RETENTION_DAYS) -> bool:
    """Whether the name and e-mail of an answer sent on `sent_on` are past their keeping on `today`."""
    return (today - sent_on).days > days


# How long a newsletter sign-up waits for its confirmation before it is erased (the page says a week).
SIGNUP_CONFIRMATION_DAYS = 7


def signup_expired(signed_up_on: date, today: date, days: int = SIGNUP_CONFIRMATION_DAYS) -> bool:
    """Whether an unconfirmed newsletter sign-up made on `signed_up_on` is past its keeping on `today`."""
    return (today - signed_up_on).days > days


def question_shown(published_on: date | None, today: date) -> bool:
    """Whether an open question is on the hub: from its publishing date on; without one it is a draft."""
    return published_on is not None and published_on <= today


def question_takes_answers(answers_open: bool, published_on: date | None, closes_on: date | None, today: date) -> bool:
    """Whether an open question takes answers on `today`: shown, not closed, and its last day to
    answer (if any) not passed (the last day itself still counts)."""
    return answers_open and question_shown(published_on, today) and (closes_on is None or today <= closes_on)


# The review of an answer: what each decision makes of each status. An approved answer may be taken
# off the hub again (rejected), and a rejected one approved after all; nothing goes back to waiting.
REVIEW: dict[tuple[str, str], str] = {
    ("pending", "approve"): "approved",
    ("pending", "reject"): "rejected",
    ("approved", "reject"): "rejected",
    ("rejected", "approve"): "approved",
}


def answer_reviewed(status: str, decision: str) -> str | None:
    """The status an answer gets from the decision ("approve" or "reject"), or None when the
    decision changes nothing (approving an approved answer) or is unknown."""
    return REVIEW.get((status, decision))


def answer_may_be_learned(status: str, already_learned: bool) -> bool:
    """Whether an answer may be taken into the initiative's learning log: once, and only approved."""
    return status == "approved" and not already_learned


def grouped_by(items: Sequence[T], key: Callable[[T], K | None], order: Sequence[K]) -> list[tuple[K | None, list[T]]]:
    """The items in groups by their key, the groups in `order` (those with no item left out), and
    the items of no key (None) last; each group keeps the items' own order. A key not in `order`
    goes before the keyless, in the order it is first met."""
    groups: dict[K | None, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    known = [k for k in order if k in groups]
    unknown = [k for k in groups if k is not None and k not in set(order)]
    result: list[tuple[K | None, list[T]]] = [(k, groups[k]) for k in known + unknown]
    if None in groups:
        result.append((None, groups[None]))
    return result
