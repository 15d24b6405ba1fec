"""Money: integers of öre, parsed from Swedish text and checked (DOMAIN.md rule 5).

Writing amounts is core.lib.numbers' work (format_kronor)."""

from __future__ import annotations

import re
from decimal import Decimal

from samsyn.core.lib.numbers import ORE_PER_KRONA, format_kronor  # noqa: F401  (until every caller imports it from lib)


def _whole_ore(value, what):
    # bool is an int in Python; a float is never money here.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an integer number of öre, not {value!r}")
    return value


# The largest amount anyone may write, in whole kronor: a thousand billion less one. Far above any
# partnership's money, and far below what a 64-bit column of öre can hold, also summed over many
# rows, so that no typed or imported amount can overflow a column or a total.
MAX_KRONOR = 999_999_999_999


class AmountTooLarge(ValueError):
    """An amount above MAX_KRONOR."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_AMOUNT = re.compile(r"^(\d+)(?:[,.](\d{1,2}))?$")


def parse_kronor(text: str) -> int:
    """ "472 000", "472000", "472 000,50", "472 000 kr" -> öre, exactly (Decimal, never float).

    Spaces (also no-break and thin) group thousands; a comma (or a point) starts at most two
    decimals of öre. Raises AmountTooLarge above MAX_KRONOR and ValueError for anything else,
    including negative amounts.
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
    if int(match.group(1)) > MAX_KRONOR:
        raise AmountTooLarge(text)
    # At most two decimals, so the product is a whole number of öre.
    return int(Decimal(match.group(1) + "." + (match.group(2) or "0")) * ORE_PER_KRONA)
