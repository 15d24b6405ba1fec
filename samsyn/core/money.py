"""Money: integers of öre, parsed and shown the Swedish way (DOMAIN.md rule 5). Standard library only."""

from __future__ import annotations

import re
from decimal import Decimal

ORE_PER_KRONA = 100
# Swedish thousands separator as in samsyn/formats/sv (no-break space).
THOUSANDS = "\xa0"


def _whole_ore(value, what):
    # bool is an int in Python; a float is never money here.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an integer number of öre, not {value!r}")
    return value


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_AMOUNT = re.compile(r"^(\d+)(?:[,.](\d{1,2}))?$")


def parse_kronor(text: str) -> int:
    """ "472 000", "472000", "472 000,50", "472 000 kr" -> öre, exactly (Decimal, never float).

    Spaces (also no-break and thin) group thousands; a comma (or a point) starts at most two
    decimals of öre. Raises ValueError for anything else, including negative amounts.
    """
    cleaned = _SPACES.sub("", (text or "").strip())
    lowered = cleaned.lower()
    for suffix in ("kr", "sek", ":-"):
        if lowered.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError(text)
    # At most two decimals, so the product is a whole number of öre.
    return int(Decimal(match.group(1) + "." + (match.group(2) or "0")) * ORE_PER_KRONA)


def format_kronor(ore: int, *, unit: bool = False) -> str:
    """12 720 000 öre -> "127 200" (or "127 200 kr"); öre shown only when there are any: "472 000,50"."""
    ore = _whole_ore(ore, "the amount")
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), ORE_PER_KRONA)
    grouped = f"{kronor:,}".replace(",", THOUSANDS)
    text = f"{sign}{grouped}" + (f",{rest:02d}" if rest else "")
    return f"{text}{THOUSANDS}kr" if unit else text
