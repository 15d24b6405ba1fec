"""Parsing of outcome import rows (`samsyn import outcomes`, the import page). Standard library only."""

from __future__ import annotations

import re
from datetime import date, datetime

from samsyn.core.money import parse_kronor

# Category names accepted in a file: the English code names and the seeds' Swedish headings.
CATEGORY_NAMES = {
    "personnel": "personnel",
    "personal": "personnel",
    "operations": "operations",
    "drift och konsulter": "operations",
    "drift": "operations",
    "overhead": "overhead",
    "oh": "overhead",
    "oh-kostnader": "overhead",
}
REQUIRED_COLUMNS = ("cost_line", "date", "category", "amount")
OPTIONAL_COLUMNS = ("initiative", "text")


def parse_amount(text: object) -> int:
    """ "1 234,50", "1234.50", "-2 000" -> öre. A point or a comma is the decimal mark, spaces
    group thousands; a leading minus is a correction. Raises ValueError otherwise."""
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int):
        # Through the parser like any text, so that its bounds hold for number cells too.
        text = str(text)
    if isinstance(text, float):
        # A number cell of a workbook: at most two decimals are money.
        text = f"{text:.2f}"
        if text.endswith(".00"):
            text = text[:-3]
    text = str(text).strip()
    negative = text.startswith(("-", "\u2212"))
    ore = parse_kronor(text[1:] if negative else text)
    return -ore if negative else ore


def parse_category(text: object) -> str:
    key = re.sub(r"\s+", " ", str(text or "").strip().lower())
    if key not in CATEGORY_NAMES:
        raise ValueError(text)
    return CATEGORY_NAMES[key]


def parse_date(value: object) -> date:
    # A workbook cell may hold a datetime (a date subclass): keep only its date.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def normalise_name(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower())
