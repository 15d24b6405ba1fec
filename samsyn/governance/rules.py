"""Governance's pure rules: standard library only, parameters as data, tested without a database."""

from __future__ import annotations

from collections.abc import Iterable
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


# Who a meeting concerns, by its kind: the roles that attend or prepare it (seed 002, appendix 1). A
# Core Team's meeting concerns its own focus area's members besides, whose role is in CORE_TEAM_ROLES.
BOARD_ROLES = frozenset({"board_chair", "board_member", "substitute"})
STAFF_ROLES = frozenset({"administrator", "process_leader", "deputy_process_leader"})
CORE_TEAM_ROLES = frozenset({"core_team_member"})
MEETING_AUDIENCE: dict[str, frozenset[str]] = {
    "board": BOARD_ROLES | STAFF_ROLES | {"economy_controller"},
    "joint": BOARD_ROLES | STAFF_ROLES | CORE_TEAM_ROLES,
    "core_team": STAFF_ROLES,
}


def meeting_concerns(
    *,
    kind: str,
    focus_area_id: int | None,
    roles: frozenset[str],
    focus_area_ids: frozenset[int],
    audience: dict[str, frozenset[str]] = MEETING_AUDIENCE,
) -> bool:
    """Whether a meeting is one of the person's own, to show among their next meetings."""
    if roles & audience.get(kind, frozenset()):
        return True
    return kind == "core_team" and bool(roles & CORE_TEAM_ROLES) and focus_area_id in focus_area_ids


def assignment_overdue(*, due: date | None, today: date) -> bool:
    """An open assignment is late the day after its due date; one without a date never is."""
    return due is not None and due < today


def notice_files_fitting(sizes: list[int], limit: int) -> list[bool]:
    """Which of a notice's files (their sizes in bytes, in the attachments' order) go with it as
    files: each in turn while the files taken so far and it stay within `limit` bytes together. One
    that does not fit is linked instead, and a smaller one after it may still go."""
    taken, fits = 0, []
    for size in sizes:
        fit = taken + size <= limit
        if fit:
            taken += size
        fits.append(fit)
    return fits


# ---------------------------------------------------------------- the year's business plan


def plan_years_offered(*, planned: Iterable[int], today_year: int) -> list[int]:
    """The years the plan page switches between: every year with a plan or goals, this year, and
    the year after the latest of them, which is where the next plan is started."""
    years = set(planned) | {today_year}
    return sorted(years | {max(years) + 1})


class PlanStartRefusal(Enum):
    """Why a year's plan cannot be started from the year before's; the services say each in words."""

    YEAR_HAS_GOALS = "year_has_goals"
    NOTHING_TO_COPY = "nothing_to_copy"


def plan_start_refusal(*, goals_in_year: int, goals_in_previous: int) -> PlanStartRefusal | None:
    """A year starts from a copy of the previous year's plan only while it has no goals of its own
    (a copy never lands on top of goals someone has written), and only if there is a plan to copy."""
    if goals_in_year:
        return PlanStartRefusal.YEAR_HAS_GOALS
    if not goals_in_previous:
        return PlanStartRefusal.NOTHING_TO_COPY
    return None


def numbers_closed(numbers: Iterable[int], removed: int) -> list[tuple[int, int]]:
    """(old, new) for the goals after a removed one, each moved up one place, lowest first (the
    order in which they can be renumbered one by one without two holding a number at once).

    The goals' numerals are their numbers (I, II, III …), so a year's goals stay numbered without a
    gap: remove II of I–V and III–V become II–IV."""
    return [(n, n - 1) for n in sorted(numbers) if n > removed]


ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def roman_numeral(number: int) -> str:
    """A goal's numeral, as the plans write them (I–X); a number past ten is written as it is."""
    return ROMAN[number] if 0 < number < len(ROMAN) else str(number)
