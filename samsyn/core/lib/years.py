"""Which years a page can be asked about: those of a partnership's plans, budgets and reports.

A year outside them (0, 10000, a number of twenty digits) is no page at all, so its URL does not
match (404) instead of reaching a date or a database column that cannot hold it.
"""

FIRST_YEAR = 1900
LAST_YEAR = 2200


def year_parse(text: str) -> int | None:
    """The year written in `text` (ASCII digits only), or None when it is not one of the years above."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LAST_YEAR)):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
