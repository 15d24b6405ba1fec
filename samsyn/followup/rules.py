"""Pure rules of follow-up: periods of a KPI, the columns of a measurement import, colour distributions.

Standard library only (and gettext for the messages, core's table reader for imports); table-driven
tests in tests/test_rules.py.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

# Only gettext from Django: the messages reach the user, in Swedish.
from django.utils.translation import gettext as _

from samsyn.core.lib.tabular import Table, TableError

# The colours of SHK's evaluation (seed 003), best first; the order of every distribution.
COLOURS = ("green", "yellow", "orange", "red")
# Months that start each period of a year.
PERIOD_STARTS = {"year": (1,), "half": (1, 7), "quarter": (1, 4, 7, 10), "month": tuple(range(1, 13))}


def period_parse(text: str, periodicity: str) -> date:
    """'2023' -> 2023-01-01; '2023-H2' -> 2023-07-01; '2023-Q3' -> 2023-07-01; '2023-05' or '2023-05-01' -> 2023-05-01.

    The result must be the first day of a period of the KPI's periodicity."""
    text = (text or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(?:(H)([12])|(Q)([1-4])|(\d{2})(?:-(\d{2}))?))?", text, re.IGNORECASE)
    if not m:
        raise ValueError(_("not a period (write 2023, 2023-H1, 2023-Q2 or 2023-05)"))
    year = int(m.group(1))
    if m.group(2):
        month = 1 if m.group(3) == "1" else 7
    elif m.group(4):
        month = 1 + 3 * (int(m.group(5)) - 1)
    elif m.group(6):
        month = int(m.group(6))
        if m.group(7) and int(m.group(7)) != 1:
            raise ValueError(_("a period starts on the first day of a month"))
    else:
        month = 1
    if not 1 <= month <= 12:
        raise ValueError(_("no such month"))
    if month not in PERIOD_STARTS[periodicity]:
        raise ValueError(
            _("the period does not start a period of this KPI (%(periodicity)s)") % {"periodicity": periodicity}
        )
    return date(year, month, 1)


def period_label(start: date, periodicity: str) -> str:
    if periodicity == "half":
        return f"{start.year} H{1 if start.month < 7 else 2}"
    if periodicity == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if periodicity == "month":
        return f"{start.year}-{start.month:02d}"
    return str(start.year)


def period_of(day: date, periodicity: str) -> date:
    """The first day of the KPI period that holds `day`."""
    month = max(m for m in PERIOD_STARTS[periodicity] if m <= day.month)
    return date(day.year, month, 1)


def count_by_period(days: Iterable[date], periodicity: str, *, until: date) -> list[tuple[date, int]]:
    """A counted figure's value for each period of the KPI, from the period of its first counted day
    up to the period that holds `until` (today), in order; a period that counted nothing is 0, a day
    after `until` is not counted yet. Nothing counted: no period."""
    counts: dict[date, int] = {}
    for day in days:
        if day <= until:
            start = period_of(day, periodicity)
            counts[start] = counts.get(start, 0) + 1
    if not counts:
        return []
    periods, start, last = [], min(counts), period_of(until, periodicity)
    starts = PERIOD_STARTS[periodicity]
    while start <= last:
        periods.append((start, counts.get(start, 0)))
        later = [m for m in starts if m > start.month]
        start = date(start.year, later[0], 1) if later else date(start.year + 1, starts[0], 1)
    return periods


# ------------------------------------------------------------------ targets per year


def target_for_year(year: int, *, standing: Decimal | None, by_year: Mapping[int, Decimal]) -> Decimal | None:
    """The target a KPI is measured against in `year`: the target that year's business plan set
    for it, otherwise the KPI's standing target (None when it has neither). A year's own target is
    never carried to other years: a later plan that sets none falls back to the standing target."""
    return by_year.get(year, standing)


def latest_in_year(points: Iterable[tuple[date, Decimal]], year: int) -> tuple[date, Decimal] | None:
    """The value a year ends with: the latest measurement whose period starts in `year` (for a
    yearly KPI the year's only one; for a half-yearly or monthly one, the last period measured)."""
    found = [(start, value) for start, value in points if start.year == year]
    return max(found, key=lambda point: point[0]) if found else None


# What a KPI value or target may hold: the columns' own bounds (16 digits, 3 of them decimals), so
# that every value a form or an import accepts is one the database stores and the pages can show.
VALUE_MAX_DIGITS = 16
VALUE_DECIMAL_PLACES = 3


def decimal_parse(
    text: str, *, max_digits: int = VALUE_MAX_DIGITS, decimal_places: int = VALUE_DECIMAL_PLACES
) -> Decimal:
    """Swedish or English notation: '62,5', '62.5', '11 129 000', '11\u00a0129\u00a0000'; at most
    `max_digits` digits of which `decimal_places` after the decimal sign."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "").replace(",", ".")
    if not cleaned:
        raise ValueError(_("empty"))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("not a number")) from None
    if not value.is_finite():
        raise ValueError(_("not a number"))
    _sign, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)  # a finite value
    decimals = max(0, -exponent)
    if decimals > decimal_places:
        raise ValueError(_("at most %(places)s decimals") % {"places": decimal_places})
    if len(digits) + max(0, exponent) - decimals > max_digits - decimal_places:
        raise ValueError(
            _("too large: at most %(digits)s digits before the decimal sign") % {"digits": max_digits - decimal_places}
        )
    return value


@dataclass(frozen=True)
class MeasurementRow:
    row: int
    kpi_key: str
    period_text: str
    value: Decimal
    note: str


CSV_COLUMNS = ("kpi", "period", "value", "note")


def measurement_rows_parse(table: Table) -> list[MeasurementRow]:
    """The rows of a measurement table with the header kpi, period, value[, note].

    Raises TableError for the first bad row; the caller checks KPI keys and periods."""
    if not table.header:
        raise TableError(_("the file is empty"), row=1, column="kpi")
    index = table.index(CSV_COLUMNS, normalise=lambda h: h.strip().lower())
    for column in CSV_COLUMNS[:3]:
        if column not in index:
            raise TableError(_("the header lacks this column"), row=1, column=column)
    rows = []
    for number, cells in table.rows:
        if not any(str(c).strip() for c in cells):
            continue

        def cell(name: str, cells: Sequence[object] = cells) -> str:
            i = index.get(name)
            return str(cells[i]).strip() if i is not None and i < len(cells) else ""

        if not cell("kpi"):
            raise TableError(_("empty"), row=number, column="kpi")
        if not cell("period"):
            raise TableError(_("empty"), row=number, column="period")
        try:
            value = decimal_parse(cell("value"))
        except ValueError as error:
            raise TableError(str(error), row=number, column="value") from None
        rows.append(MeasurementRow(number, cell("kpi"), cell("period"), value, cell("note")))
    return rows


# A theme is a short name, not a sentence: a line whose part before the first colon is longer
# is a statement that happens to hold a colon.
THEME_MAX_WORDS = 6
THEME_MAX_CHARS = 80


def statement_line_parse(line: str) -> tuple[str, str]:
    """One line of the statements box as (theme, text): "Samverkan: Parterna arbetar bra tillsammans."
    gives ("Samverkan", "Parterna arbetar bra tillsammans."); a line without a short theme before
    its first colon is all text, with no theme."""
    theme, sep, text = line.partition(":")
    theme, text = " ".join(theme.split()), text.strip()
    if sep and theme and text and len(theme) <= THEME_MAX_CHARS and len(theme.split()) <= THEME_MAX_WORDS:
        return theme, text
    return "", line.strip()


def theme_key(theme: str) -> str:
    """What makes two names the same whatever their capitals or spaces: two statements' themes
    across years, a KPI's name in an imported file and on the page."""
    return " ".join(theme.split()).casefold()


def distribution(colours: Iterable[str]) -> dict[str, int]:
    """Counts per colour, every colour present, in the scale's order."""
    counts = dict.fromkeys(COLOURS, 0)
    for colour in colours:
        counts[colour] += 1
    return counts


def percent_of(part: int, whole: int) -> Decimal:
    """Exact share in percent, rounded to one decimal for display."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# ------------------------------------------------------------------ anonymity and limits


def anonymity_change_refused(*, anonymous_now: bool, anonymous_after: bool, has_answers: bool) -> bool:
    """May an evaluation's anonymity change? Once there are answers it may not be turned off: the
    respondents answered on the promise, and their answers no longer lead to anyone anyway. Turning
    it on is always allowed (the answers are then unlinked from their respondents)."""
    return anonymous_now and not anonymous_after and has_answers


def ballot_secret_new() -> str:
    """The secret a respondent's browser keeps to find its answers again (256 random bits)."""
    return secrets.token_urlsafe(32)


def ballot_secret_hash(secret: str) -> str:
    """What the database keeps of a respondent's secret. The secret is random and long, so a plain
    SHA-256 cannot be reversed or guessed (salts and slow hashes are for passwords people choose);
    it needs no key, so a new SECRET_KEY does not cut respondents off from their answers."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Limit:
    """At most `count` attempts within `seconds`."""

    count: int
    seconds: int


def limit_exceeded(attempts: int, limit: Limit) -> bool:
    """`attempts` made within the limit's time, this one included: is this one too many?"""
    return attempts > limit.count
