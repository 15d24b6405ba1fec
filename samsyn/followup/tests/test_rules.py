from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from samsyn.core.lib.tabular import TableError, csv_table
from samsyn.followup import rules


@pytest.mark.parametrize(
    "text,periodicity,expected",
    [
        ("2023", "year", date(2023, 1, 1)),
        ("2023-H1", "half", date(2023, 1, 1)),
        ("2023-h2", "half", date(2023, 7, 1)),
        ("2023-Q1", "quarter", date(2023, 1, 1)),
        ("2023-Q4", "quarter", date(2023, 10, 1)),
        ("2023-05", "month", date(2023, 5, 1)),
        ("2023-12-01", "month", date(2023, 12, 1)),
        ("2023", "half", date(2023, 1, 1)),
        ("2023-07", "half", date(2023, 7, 1)),
    ],
)
def test_period_parse(text, periodicity, expected):
    assert rules.period_parse(text, periodicity) == expected


@pytest.mark.parametrize(
    "text,periodicity",
    [
        ("", "year"),
        ("23", "year"),
        ("2023-H3", "half"),
        ("2023-Q5", "quarter"),
        ("2023-13", "month"),
        ("2023-05-02", "month"),
        ("2023-H2", "year"),
        ("2023-05", "quarter"),
        ("2023-Q2", "half"),
    ],
)
def test_period_parse_refuses(text, periodicity):
    with pytest.raises(ValueError):
        rules.period_parse(text, periodicity)


@pytest.mark.parametrize(
    "start,periodicity,label",
    [
        (date(2023, 1, 1), "year", "2023"),
        (date(2023, 7, 1), "half", "2023 H2"),
        (date(2023, 10, 1), "quarter", "2023 Q4"),
        (date(2023, 5, 1), "month", "2023-05"),
    ],
)
def test_period_label(start, periodicity, label):
    assert rules.period_label(start, periodicity) == label


@pytest.mark.parametrize(
    "text,value",
    [
        ("62,5", Decimal("62.5")),
        ("62.5", Decimal("62.5")),
        ("11 129 000", Decimal("11129000")),
        ("11\u00a0129\u00a0000", Decimal("11129000")),
        ("-3", Decimal("-3")),
        ("0", Decimal("0")),
        ("9 999 999 999 999,999", Decimal("9999999999999.999")),
        ("-9999999999999", Decimal("-9999999999999")),
        ("0,125", Decimal("0.125")),
        ("1,500", Decimal("1.5")),
        ("1e3", Decimal("1000")),
    ],
)
def test_decimal_parse(text, value):
    assert rules.decimal_parse(text) == value


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "tom"),
        ("abc", "inte ett tal"),
        ("1,2,3", "inte ett tal"),
        ("NaN", "inte ett tal"),
        ("Infinity", "inte ett tal"),
        ("1e30", "för stort: högst 13 siffror före decimaltecknet"),
        ("10000000000000", "för stort: högst 13 siffror före decimaltecknet"),
        ("-10000000000000", "för stort: högst 13 siffror före decimaltecknet"),
        ("0,1234", "högst 3 decimaler"),
        ("1e-4", "högst 3 decimaler"),
    ],
)
def test_decimal_parse_refuses(text, message):
    with translation.override("sv"), pytest.raises(ValueError) as error:
        rules.decimal_parse(text)
    assert str(error.value) == message


def test_csv_semicolon_and_comma():
    rows = rules.measurement_rows_parse(csv_table("kpi;period;value;note\na;2023;62,5;x\n\nb;2024;3;\n"))
    assert [(r.row, r.kpi_key, r.value, r.note) for r in rows] == [
        (2, "a", Decimal("62.5"), "x"),
        (4, "b", Decimal("3"), ""),
    ]
    rows = rules.measurement_rows_parse(csv_table("kpi,period,value\na,2023,7\n"))
    assert rows[0].value == 7


@pytest.mark.parametrize(
    "text,row,column",
    [
        ("", 1, "kpi"),
        ("kpi;period\na;2023\n", 1, "value"),
        ("kpi;period;value\na;2023;x\n", 2, "value"),
        ("kpi;period;value\na;2023;1\n;2023;1\n", 3, "kpi"),
        ("kpi;period;value\na;;1\n", 2, "period"),
    ],
)
def test_csv_errors_name_row_and_column(text, row, column):
    with pytest.raises(TableError) as error:
        rules.measurement_rows_parse(csv_table(text))
    assert (error.value.row, error.value.column) == (row, column)


def test_distribution_has_every_colour_in_order():
    assert rules.distribution(["yellow", "green", "yellow"]) == {"green": 1, "yellow": 2, "orange": 0, "red": 0}
    assert list(rules.distribution([])) == ["green", "yellow", "orange", "red"]


@pytest.mark.parametrize(
    "part,whole,expected",
    [(2, 15, Decimal("13.3")), (12, 15, Decimal("80.0")), (0, 0, Decimal(0)), (5, 8, Decimal("62.5"))],
)
def test_percent_of(part, whole, expected):
    assert rules.percent_of(part, whole) == expected


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Samverkan: Parterna arbetar bra tillsammans.", ("Samverkan", "Parterna arbetar bra tillsammans.")),
        (
            "Styrning  och ledning :  Vi har en väl fungerande styrning.",
            ("Styrning och ledning", "Vi har en väl fungerande styrning."),
        ),
        ("Ett påstående utan tema.", ("", "Ett påstående utan tema.")),
        # Seven words before the colon: a sentence holding a colon, not a theme.
        (
            "Vi har tre saker att göra nu: planera, göra, följa upp.",
            ("", "Vi har tre saker att göra nu: planera, göra, följa upp."),
        ),
        ("Tema utan text:", ("", "Tema utan text:")),
        (": bara text", ("", ": bara text")),
    ],
)
def test_statement_line_parse(line, expected):
    assert rules.statement_line_parse(line) == expected


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Styrning och ledning", "styrning  och Ledning", True),
        ("Samverkan för äldre", "SAMVERKAN FÖR ÄLDRE", True),
        ("Styrning och ledning", "Styrning", False),
    ],
)
def test_theme_key(a, b, same):
    assert (rules.theme_key(a) == rules.theme_key(b)) is same


@pytest.mark.parametrize(
    "anonymous_now,anonymous_after,has_answers,refused",
    [
        (True, False, True, True),  # the one refusal: answers were given on the promise
        (True, False, False, False),  # no answers yet: the organiser may still decide
        (True, True, True, False),
        (False, True, True, False),  # made anonymous: allowed, the answers are unlinked
        (False, False, True, False),
        (False, True, False, False),
    ],
)
def test_anonymity_cannot_be_turned_off_once_answered(anonymous_now, anonymous_after, has_answers, refused):
    assert (
        rules.anonymity_change_refused(
            anonymous_now=anonymous_now, anonymous_after=anonymous_after, has_answers=has_answers
        )
        is refused
    )


@pytest.mark.parametrize(
    "attempts,limit,exceeded",
    [
        (1, rules.Limit(10, 60), False),
        (10, rules.Limit(10, 60), False),
        (11, rules.Limit(10, 60), True),
        (1, rules.Limit(0, 60), True),
    ],
)
def test_a_limit_is_exceeded_by_the_attempt_after_its_count(attempts, limit, exceeded):
    assert rules.limit_exceeded(attempts, limit) is exceeded


def test_a_ballot_secret_is_long_random_and_kept_only_as_its_hash():
    first, second = rules.ballot_secret_new(), rules.ballot_secret_new()
    assert first != second and len(first) >= 43
    digest = rules.ballot_secret_hash(first)
    assert digest == rules.ballot_secret_hash(first) and first not in digest and len(digest) == 64


@pytest.mark.parametrize(
    "day,periodicity,expected",
    [
        (date(2026, 1, 1), "year", date(2026, 1, 1)),
        (date(2026, 12, 31), "year", date(2026, 1, 1)),
        (date(2026, 6, 30), "half", date(2026, 1, 1)),
        (date(2026, 7, 1), "half", date(2026, 7, 1)),
        (date(2026, 3, 31), "quarter", date(2026, 1, 1)),
        (date(2026, 4, 1), "quarter", date(2026, 4, 1)),
        (date(2026, 12, 31), "quarter", date(2026, 10, 1)),
        (date(2026, 2, 28), "month", date(2026, 2, 1)),
    ],
)
def test_period_of(day, periodicity, expected):
    assert rules.period_of(day, periodicity) == expected


@pytest.mark.parametrize(
    "days,periodicity,until,expected",
    [
        ([], "year", date(2026, 5, 1), []),
        # Only days after today: nothing counted yet.
        ([date(2027, 3, 12)], "year", date(2026, 11, 30), []),
        ([date(2026, 3, 1), date(2026, 3, 2)], "year", date(2026, 11, 30), [(date(2026, 1, 1), 2)]),
        # A year that counted nothing between two that did is 0, and today's period is the last.
        (
            [date(2024, 5, 1), date(2026, 1, 1), date(2027, 1, 1)],
            "year",
            date(2026, 11, 30),
            [(date(2024, 1, 1), 1), (date(2025, 1, 1), 0), (date(2026, 1, 1), 1)],
        ),
        (
            [date(2025, 12, 31), date(2026, 7, 1)],
            "half",
            date(2026, 7, 1),
            [(date(2025, 7, 1), 1), (date(2026, 1, 1), 0), (date(2026, 7, 1), 1)],
        ),
        (
            [date(2026, 11, 30)],
            "quarter",
            date(2026, 11, 30),
            [(date(2026, 10, 1), 1)],
        ),
        (
            [date(2025, 11, 5)],
            "month",
            date(2026, 1, 2),
            [(date(2025, 11, 1), 1), (date(2025, 12, 1), 0), (date(2026, 1, 1), 0)],
        ),
    ],
)
def test_count_by_period(days, periodicity, until, expected):
    assert rules.count_by_period(days, periodicity, until=until) == expected
