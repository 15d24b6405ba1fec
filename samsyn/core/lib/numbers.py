"""Numbers, money and percentages written the Swedish way, through Babel's CLDR data for sv_SE.

Whatever the interface language, figures are Swedish (DOMAIN.md rule 5): a no-break space groups
thousands ("1 272 000"), a comma starts the decimals ("62,5"), a no-break space stands before the
unit ("288 000 kr", "66,7 %"). Money is integer öre (or an exact Decimal of öre), never float.
Years are not numbers: write them as they are ("2023"), never through these functions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_currency, format_decimal

LOCALE = "sv_SE"
ORE_PER_KRONA = 100
NBSP = "\xa0"

# Patterns in CLDR notation; the no-break space before the unit keeps "66,7 %" on one line.
WHOLE = "#,##0"
WITH_ORE = "#,##0.00"


# Whole numbers without a unit are the most common figure in a report (every cell of the finance
# appendix): they are grouped here with the locale's own symbols, taken from Babel once, since
# Babel's pattern machinery costs some 50 µs a figure. test_numbers checks both give the same text.
_GROUP = format_decimal(1000, format=WHOLE, locale=LOCALE)[1]
_MINUS = format_decimal(-1, format=WHOLE, locale=LOCALE)[:-1]


# " kr" after whole kronor, as Babel writes the Swedish crown's symbol after the pattern below.
_KRONOR_UNIT = format_currency(1, "SEK", format=f"{WHOLE}{NBSP}¤", locale=LOCALE, currency_digits=False)[1:]


def _whole(n: int) -> str:
    text = f"{abs(n):,}".replace(",", _GROUP)
    return _MINUS + text if n < 0 else text


def _exact(value, what: str) -> Decimal:
    # bool is an int in Python, and a float is never exact: both are refused.
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"{what} must be an integer or a Decimal, not {value!r}")
    return Decimal(value)


def format_kronor(ore, *, unit: bool = False) -> str:
    """12 720 000 öre -> "127 200" (or "127 200 kr"); öre shown only when there are any: "472 000,50".

    None gives "" so that a missing amount stays empty.
    """
    if ore is None:
        return ""
    ore = _exact(ore, "the amount in öre")
    if ore != ore.to_integral_value():
        raise ValueError(f"the amount must be a whole number of öre, not {ore}")
    if ore % ORE_PER_KRONA == 0:
        # Whole kronor, the usual amount: grouped without Babel's pattern machinery (see _whole).
        text = _whole(int(ore) // ORE_PER_KRONA)
        return text + _KRONOR_UNIT if unit else text
    kronor = ore / ORE_PER_KRONA
    pattern = WHOLE if ore % ORE_PER_KRONA == 0 else WITH_ORE
    if unit:
        return format_currency(kronor, "SEK", format=f"{pattern}{NBSP}¤", locale=LOCALE, currency_digits=False)
    return format_decimal(kronor, format=pattern, locale=LOCALE)


def format_number(value, *, decimals: int | None = None) -> str:
    """11129000 -> "11 129 000"; Decimal("62.50") -> "62,5"; decimals=1 rounds to one decimal.

    Without decimals every significant decimal of an exact value is kept. None gives "".
    """
    if value is None:
        return ""
    value = _exact(value, "the number")
    if decimals is None:
        places = max(0, -value.normalize().as_tuple().exponent)
        pattern = WHOLE + ("." + "#" * places if places else "")
    else:
        pattern = WHOLE + ("." + "0" * decimals if decimals else "")
    # Babel rounds in the current decimal context; people expect 2,5 to become 3, not 2.
    with localcontext(rounding=ROUND_HALF_UP):
        return format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=decimals is not None)


def format_percent(value, *, decimals: int | None = None) -> str:
    """A value in per cent: Decimal("66.7") -> "66,7 %", 50 -> "50 %". None gives ""."""
    if value is None:
        return ""
    return f"{format_number(value, decimals=decimals)}{NBSP}%"
