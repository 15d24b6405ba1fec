"""When an initiative's owner should write a new status update (lägesrapport): pure, standard library.

The process leader's report to the board draws on the initiatives' latest status, so an update older
than the board's rhythm (about four meetings a year) is stale. The interval is data, passed in.
"""

from __future__ import annotations

from datetime import date

STATUS_UPDATE_EVERY_DAYS = 90


def status_update_due(*, last: date | None, today: date, every_days: int = STATUS_UPDATE_EVERY_DAYS) -> bool:
    """Due when there has never been an update, or the latest is `every_days` old or older."""
    return last is None or (today - last).days >= every_days
