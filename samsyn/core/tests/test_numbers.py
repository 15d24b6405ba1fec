"""The one place that writes numbers, money and percentages: table tests, no database."""

from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal

from samsyn.core.lib.numbers import format_kronor, format_number, format_percent

NBSP = "\xa0"


def nbsp(text):
    # Tables are written with ordinary spaces for reading; the module writes no-break spaces.
    return text.replace(" ", NBSP)


@pytest.mark.parametrize(
    "ore,text,with_unit",
    [
        (127_200_000, "1 272 000", "1 272 000 kr"),
        (47_200_050, "472 000,50", "472 000,50 kr"),
        (0, "0", "0 kr"),
        (1, "0,01", "0,01 kr"),
        (99, "0,99", "0,99 kr"),
        (100, "1", "1 kr"),
        (-1, "-0,01", "-0,01 kr"),
        (-10_000_000, "-100 000", "-100 000 kr"),
        (12_345_678_901_234_567, "123 456 789 012 345,67", "123 456 789 012 345,67 kr"),
        (99_999_999_999_999_999, "999 999 999 999 999,99", "999 999 999 999 999,99 kr"),
        (Decimal("12720000"), "127 200", "127 200 kr"),
        (None, "", ""),
    ],
)
def test_format_kronor(ore, text, with_unit):
    assert format_kronor(ore) == nbsp(text)
    assert format_kronor(ore, unit=True) == nbsp(with_unit)


@pytest.mark.parametrize("ore", [1.5, 100.0, True, "100"])
def test_format_kronor_refuses_float_bool_and_text(ore):
    with pytest.raises(TypeError):
        format_kronor(ore)


def test_format_kronor_refuses_part_of_an_ore():
    with pytest.raises(ValueError):
        format_kronor(Decimal("0.5"))


@pytest.mark.parametrize(
    "value,decimals,text",
    [
        (0, None, "0"),
        (11_129_000, None, "11 129 000"),
        (Decimal("62.50"), None, "62,5"),
        (Decimal("11129000.5"), None, "11 129 000,5"),
        (Decimal("-1234.5"), None, "-1 234,5"),
        (Decimal("0.001"), None, "0,001"),
        (Decimal("1E+3"), None, "1 000"),
        (12_345_678_901_234_567, None, "12 345 678 901 234 567"),
        (Decimal("12.0"), 1, "12,0"),
        (Decimal("3.14159"), 2, "3,14"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("0.05"), 1, "0,1"),
        (None, None, ""),
    ],
)
def test_format_number(value, decimals, text):
    assert format_number(value, decimals=decimals) == nbsp(text)


@pytest.mark.parametrize(
    "value,decimals,text",
    [
        (Decimal("66.7"), None, "66,7 %"),
        (Decimal("62.50"), None, "62,5 %"),
        (50, None, "50 %"),
        (0, None, "0 %"),
        (Decimal("-4.2"), None, "-4,2 %"),
        (Decimal("100.0"), 1, "100,0 %"),
        (Decimal("1234.5"), None, "1 234,5 %"),
        (None, None, ""),
    ],
)
def test_format_percent(value, decimals, text):
    assert format_percent(value, decimals=decimals) == nbsp(text)


@pytest.mark.parametrize("value", [1.5, True])
def test_numbers_refuse_float_and_bool(value):
    with pytest.raises(TypeError):
        format_number(value)


@pytest.mark.parametrize(
    "ore",
    [0, 100, -100, 99_900, 100_000, -100_000, 123_456_700, -987_654_321_00, 10**17, Decimal("1272000")],
)
def test_whole_kronor_are_written_as_babel_writes_them(ore):
    """The shortcut for whole kronor gives Babel's own text for sv_SE, sign and grouping included."""
    kronor = Decimal(ore) / 100
    assert format_kronor(ore) == format_decimal(kronor, format="#,##0", locale="sv_SE")
    assert format_kronor(ore, unit=True) == format_currency(
        kronor, "SEK", format="#,##0\xa0¤", locale="sv_SE", currency_digits=False
    )
