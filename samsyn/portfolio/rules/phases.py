"""Pure rules of the portfolio: standard library only, testable without a database.

Any portfolio view can be shown as of a past date ("the portfolio on 2023-12-11"). An
initiative's phase on a date follows from its phase history (PhaseChange): the phase it
entered last on or before that date. Seed 001's decision proposal of 2023-12-11
is the example: on that day three initiatives of 'Alla barn och unga lyckas' went into
phase 2, while the process leader's report of 2023-11-30 still had them as ongoing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

Change = tuple[date, str]


def phase_as_of(changes: Iterable[Change], on: date) -> str | None:
    """The phase of an initiative on `on`, from its history, or None if it had none yet.

    `changes` are (date, phase) pairs in the order they were recorded. The latest date on or
    before `on` wins; of two changes on the same day the one recorded later wins, because a
    correction is recorded after what it corrects. A change dated exactly `on` counts: the
    initiative entered the phase that day.
    """
    best_date, best_phase = None, None
    for when, phase in changes:
        if when <= on and (best_date is None or when >= best_date):
            best_date, best_phase = when, phase
    return best_phase


def phase_shown(changes: Sequence[Change], current_phase: str, today: date, as_of: date | None = None) -> str | None:
    """The phase a portfolio view shows for an initiative, or None when it is left out.

    As of a date only the history counts: an initiative with no change on or before that
    date did not exist yet (or is not known to have), so it is left out. Without a date the
    view is today's: the history as of today, so a change dated in the future is not shown
    yet; an initiative with no history at all keeps the phase recorded on it, because
    nothing says it did not exist.
    """
    if as_of is not None:
        return phase_as_of(changes, as_of)
    if not changes:
        return current_phase
    return phase_as_of(changes, today)
