"""Pure computations of the finance appendix (seeds 001 and 004, bilaga 1; DOMAIN.md rules 5 and 6).

Standard library only. Amounts are integer öre; every subtotal and total is computed here
from the records under it, never typed.
"""
from __future__ import annotations

from datetime import date

# Operational goal V (seed 000, 001, 004): leverage existing funding by at least 10 MSEK a year.
DEFAULT_LEVERAGE_TARGET_ORE = 10_000_000 * 100


def allocations_as_of(rows, as_of: date | None = None) -> dict:
    """The budget as it stood: for each (cost line, decision year), the amount of the latest
    revision decided on or before `as_of` (DOMAIN.md rule 6). Rows are
    (cost_line, year, decided_on, tiebreak, amount_ore); a later tiebreak wins on the same day."""
    latest = {}
    for line, year, decided_on, tiebreak, amount in rows:
        if as_of is not None and decided_on > as_of:
            continue
        key = (line, year)
        if key not in latest or (decided_on, tiebreak) > latest[key][0]:
            latest[key] = ((decided_on, tiebreak), amount)
    return {key: amount for key, (_, amount) in latest.items()}
