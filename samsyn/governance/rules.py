"""Governance's pure rules: standard library only, parameters as data, tested without a database."""

from __future__ import annotations

from datetime import date
from enum import Enum


class MinutesRefusal(Enum):
    """Why minutes may not be approved (locked) now; the services say each in words."""

    MEETING_AHEAD = "meeting_ahead"
    NOT_HELD = "not_held"
    NO_ATTENDANCE = "no_attendance"
    NOT_CONFIRMED = "not_confirmed"


def minutes_approval_refusals(
    *, today: date, meeting_date: date, held: bool, present_count: int, confirmed: bool
) -> list[MinutesRefusal]:
    """Every reason the minutes of a meeting may not be approved today; none means they may.

    Approving (justering) locks the minutes for good, so it comes after the meeting (on its day at
    the earliest), of a meeting recorded as held, with the attendance recorded (at least one person
    present), and only when the one approving has confirmed what will be locked.
    """
    refusals = []
    if today < meeting_date:
        refusals.append(MinutesRefusal.MEETING_AHEAD)
    if not held:
        refusals.append(MinutesRefusal.NOT_HELD)
    if present_count < 1:
        refusals.append(MinutesRefusal.NO_ATTENDANCE)
    if not confirmed:
        refusals.append(MinutesRefusal.NOT_CONFIRMED)
    return refusals
