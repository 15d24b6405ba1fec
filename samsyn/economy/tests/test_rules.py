"""Pure computations of the economy: table-driven, no database."""

from datetime import date
from decimal import Decimal

import pytest

from samsyn.economy.rules import appendix as ra
from samsyn.economy.rules import imports as ri


@pytest.mark.parametrize(
    "text, ore",
    [
        ("1234", 123400),
        ("1 234,50", 123450),
        ("1 234.50", 123450),
        ("1\u00a0234,5", 123450),
        ("0,01", 1),
        ("-2 000", -200000),
        ("472 000 kr", 47200000),
        (1500, 150000),
        (1234.5, 123450),
        (2.0, 200),
    ],
)
def test_parse_amount(text, ore):
    assert ri.parse_amount(text) == ore


@pytest.mark.parametrize("text", ["", "abc", "1,234,50", "1.234,50", "12,345", "--1", True])
def test_parse_amount_refuses(text):
    with pytest.raises((ValueError, TypeError)):
        ri.parse_amount(text)


@pytest.mark.parametrize(
    "text, category",
    [
        ("personnel", "personnel"),
        ("Personal", "personnel"),
        ("drift och konsulter", "operations"),
        ("Drift  och konsulter", "operations"),
        ("operations", "operations"),
        ("OH", "overhead"),
        ("overhead", "overhead"),
    ],
)
def test_parse_category(text, category):
    assert ri.parse_category(text) == category


def test_parse_category_refuses_unknown():
    with pytest.raises(ValueError):
        ri.parse_category("resor")


A = date(2022, 1, 1)
B = date(2024, 1, 1)
ROWS = [(1, 2022, A, 1, 410_000_000), (1, 2022, B, 2, 460_000_000), (2, 2022, A, 3, 50_000_000), (2, 2022, B, 4, 0)]


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2021, 12, 31), {}),
        (date(2023, 10, 31), {(1, 2022): 410_000_000, (2, 2022): 50_000_000}),  # seed 001: 4 100 000 and the reserve
        (date(2023, 12, 31), {(1, 2022): 410_000_000, (2, 2022): 50_000_000}),  # the day before the revision
        (date(2024, 1, 1), {(1, 2022): 460_000_000, (2, 2022): 0}),  # seed 004: 4 600 000, reserve moved
    ],
)
def test_allocations_as_of_keeps_history(as_of, expected):
    assert ra.allocations_as_of(ROWS, as_of) == expected


def test_same_day_revision_later_row_wins():
    rows = [(1, 2024, B, 1, 100), (1, 2024, B, 2, 200)]
    assert ra.allocations_as_of(rows) == {(1, 2024): 200}


@pytest.mark.parametrize(
    "spent, budget, rate",
    [
        (0, 100, Decimal("0.0")),
        (50, 100, Decimal("50.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (150, 100, Decimal("150.0")),
        (5, 0, None),
    ],
)
def test_burn_rate(spent, budget, rate):
    assert ra.burn_rate(spent, budget) == rate


@pytest.mark.parametrize(
    "as_of, elapsed",
    [(date(2024, 1, 1), Decimal("0.3")), (date(2024, 12, 31), Decimal("100.0")), (date(2023, 7, 2), Decimal("50.1"))],
)
def test_year_elapsed(as_of, elapsed):
    assert ra.year_elapsed(as_of) == elapsed


LINES = [
    ra.Line(1, "a", "A", "base"),
    ra.Line(2, "b", "B", "base"),
    ra.Line(3, "p", "P", "pilot"),
    ra.Line(4, "r", "R", "other"),
]


def test_grouped_rows_subtotal_and_total_are_computed_and_empty_lines_left_out():
    values = {1: (100, None), 2: (50, 1), 3: (7, 0), 4: (0, None)}
    rows = ra.grouped_rows(LINES, lambda line: values[line.id], 2, subtotal_label="S", total_label="T")
    assert [(r.label, r.values, r.kind) for r in rows] == [
        ("A", (100, None), "line"),
        ("B", (50, 1), "line"),
        ("S", (150, 1), "subtotal"),
        ("P", (7, 0), "line"),
        ("T", (157, 1), "total"),
    ]


def test_measure_value():
    outcome = {
        (1, 2024, "personnel"): 10,
        (1, 2024, "overhead"): 5,
        (2, 2024, "personnel"): 7,
        (3, 2023, "unspecified"): 100,
    }
    budget = {(1, 2024): 1000, (3, 2024): 50}
    args = (LINES, budget, outcome, {2024: 33}, {(2024, "external"): 3, (2024, "internal"): 4})
    assert ra.measure_value({"measure": "outcome", "group": "base", "year": 2024, "category": "personnel"}, *args) == 17
    assert ra.measure_value({"measure": "outcome", "lines": ["a"]}, *args) == 15
    assert ra.measure_value({"measure": "outcome"}, *args) == 122
    assert ra.measure_value({"measure": "budget", "year": 2024}, *args) == 1050
    assert ra.measure_value({"measure": "pilot", "year": 2024}, *args) == 33
    assert ra.measure_value({"measure": "leverage", "year": 2024}, *args) == 7
    assert ra.measure_value({"measure": "leverage", "year": 2024, "kind": "external"}, *args) == 3
    with pytest.raises(ValueError):
        ra.measure_value({"measure": "x"}, *args)
