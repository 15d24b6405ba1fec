"""The finance appendix as the board saw it: SHK 2024/1 (as of 2024-08-31) and SHK 2023/1 (as of
2023-10-31) reproduced, nothing counted before it was decided or recorded, and every printed
total that does not add up found."""

from datetime import date

import pytest

from samsyn.economy.reports import appendix as reports
from samsyn.economy.rules.appendix import (
    PrintedRow,
    forecast_difference,
    pilot_budget_split,
    printed_table_mismatches,
)

KR = 100


def rows(report, key):
    return {r.label: r.values for r in report.table(key).rows}


def plain(text):
    """Amounts are written with no-break spaces between the thousands."""
    return text.replace("\xa0", " ")


def reconciliation(report):
    return {r.label: r for r in report.reconciliation}


@pytest.fixture
def aug(shk):
    return reports.finance_appendix(shk, date(2024, 8, 31))


@pytest.fixture
def oct23(shk):
    return reports.finance_appendix(shk, date(2023, 10, 31))


def test_forecast_rounds_1_and_2_as_of_31_august(aug):
    table = aug.table("forecast")
    assert table.columns[3:5] == ("Prognos 1", "Prognos 2")
    assert len(table.columns) == 6
    values = rows(aug, "forecast")
    assert values["Alla barn och unga lyckas"][2:4] == (3_500_000 * KR, 3_500_000 * KR)


def test_pilot_difference_is_forecast_minus_budget_as_printed(aug):
    table = aug.table("forecast")
    assert table.columns[-1] == "Differens prognos − budget"
    values = rows(aug, "forecast")
    assert values["Pilotprojekt och seed money 2024"][-1] == -4_250_000 * KR
    assert values["Pilotprojekt och seed money 2025"][-1] == 4_250_000 * KR
    assert values["Delsumma"][-1] == 0
    assert table.rows[-1].label == "Summa"
    assert table.rows[-1].values == (19_600_000 * KR, 7_685_610 * KR, 19_600_000 * KR, 19_600_000 * KR, 0)
    entry = reconciliation(aug)[
        "Bilaga 1: Budget 2024, utfall och prognoser: Pilotprojekt och seed money 2024, Differens Budget-Prognos 2"
    ]
    assert (entry.printed_ore, entry.computed_ore, entry.difference_ore) == (-4_250_000 * KR, -4_250_000 * KR, 0)
    assert "visar prognos minus budget" in entry.explanation
    assert entry.document == "SHK 2024/1"


def test_pilot_budget_split_as_printed(aug):
    table = aug.table("pilot")
    labels = [r.label for r in table.rows]
    assert labels[0] == "Övergripande utveckling"
    assert table.rows[0].values == (4_250_000 * KR, None)
    assert rows(aug, "pilot")["Återstående till 2025"] == (4_250_000 * KR, None)
    assert "Återstår" not in labels
    assert table.rows[-1].values == (8_500_000 * KR, 4_248_705 * KR)


def test_nothing_decided_later_is_counted_as_of_31_october_2023(shk, oct23):
    # The 2023 grants were decided on 2023-12-31 (SHK 2023/2): not yet on 31 October.
    assert rows(oct23, "leverage")["Summa"] == (10_000_000 * KR, 0)
    december = reports.finance_appendix(shk, date(2023, 12, 31))
    assert rows(december, "leverage")["Summa"] == (10_000_000 * KR, 11_133_000 * KR)
    # Research money was first booked in the appendix as of 2024-08-31.
    assert oct23.table("research").rows == (oct23.table("research").rows[-1],)
    assert oct23.table("research").rows[-1].values == (None, None, None)
    # No forecast recorded for 2023: no forecast column, and no 0 in the follow-up's total.
    assert len(oct23.table("forecast").columns) == 4
    assert oct23.table("forecast").rows[-1].values[-1] is None
    assert oct23.followup.rows[-1].values[1] is None


def test_reconciliation_compares_only_figures_of_the_reports_date(shk):
    assert reports.finance_appendix(shk, date(2026, 10, 31)).reconciliation == ()
    assert reports.finance_appendix(shk, date(2024, 9, 19)).reconciliation == ()


def test_every_printed_total_that_does_not_add_up_is_found_2024(aug):
    found = reconciliation(aug)
    # Samsyn's own total agrees with the printed one; the printed parts do not add up to it.
    column_2024 = found["Bilaga 1: Budget och utfall 2022-2025: Summaraden, Utfall 2024"]
    assert (column_2024.printed_ore, column_2024.computed_ore) == (7_685_610 * KR, 7_685_610 * KR)
    assert "blir 7 685 611 kr (nedför kolumnen); tryckt står 7 685 610 kr" in plain(column_2024.explanation)
    pilot = found["Bilaga 1: Budget och utfall 2022-2025: Pilotprojekt och seed money, Totalt utfall"]
    assert (pilot.printed_ore, pilot.computed_ore) == (1_962_591 * KR, 1_962_592 * KR)
    # The three line totals of the specification, 1 kr from their printed parts: Samsyn sums the parts.
    for line, printed in (
        ("Övergripande processstöd", 1_849_992),
        ("Event och kommunikation", 490_935),
        ("Alla barn och unga lyckas", 1_689_816),
    ):
        entry = found[f"Bilaga 1: Specifikation utfall per augusti 2024: {line}, Summa"]
        assert entry.printed_ore == printed * KR and abs(entry.difference_ore) == KR
        assert "Tabellerna gjordes i Excel från belopp i öre" in entry.explanation
    # The same outcome where another table prints it points to the specification's arithmetic.
    carried = found["Bilaga 1: Budget och utfall 2022-2025: Övergripande processtöd, Utfall 2024"]
    assert (carried.printed_ore, carried.computed_ore) == (1_849_992 * KR, 1_849_993 * KR)
    assert plain(carried.explanation).startswith(
        "Bilaga 1: Specifikation utfall per augusti 2024: Övergripande processstöd, Summa har tryckt 1 849 992 kr"
    )
    # A total whose difference is only that of its parts says so.
    total = found["Bilaga 1: Budget och utfall 2022-2025: Övergripande processtöd, Totalt utfall"]
    assert total.explanation == "Skillnaden följer av talen den summerar: Övergripande processtöd, Utfall 2024."
    # A group heading's printed target counts in its subtotal: no false difference.
    assert not any(label.startswith("Bilaga 1: Uppväxling") for label in found)


def test_every_printed_total_that_does_not_add_up_is_found_2023(oct23):
    found = reconciliation(oct23)
    subtotal = found["Bilaga 1: Budget och utfall 2022-2025: Delsumma, Totalt utfall"]
    assert (subtotal.printed_ore, subtotal.computed_ore) == (11_147_631 * KR, 11_147_630 * KR)
    # The row's 2022 cell is printed empty while its total counts it: said in words, not as rounding.
    row_total = found["Bilaga 1: Budget och utfall 2022-2025: Delsumma, TOTALT"]
    assert (row_total.printed_ore, row_total.computed_ore) == (16_050_000 * KR, 16_050_000 * KR)
    assert "Cellen för 2022 är tom" in row_total.explanation
    assert "avrundades" not in row_total.explanation
    column_2023 = found["Bilaga 1: Budget och utfall 2022-2025: Delsumma, Utfall 2023"]
    assert (column_2023.printed_ore, column_2023.computed_ore) == (6_342_808 * KR, 6_342_807 * KR)
    assert all(r.document == "SHK 2023/1" for r in oct23.reconciliation if r.label.startswith("Bilaga 1"))


@pytest.mark.parametrize(
    ("rows_", "row_sums", "expected"),
    [
        # Everything adds up: nothing found.
        ([PrintedRow("a", (1, 2, 3)), PrintedRow("b", (1, 1, 2)), PrintedRow("S", (2, 3, 5), "total")], [], []),
        # A column total 1 off.
        (
            [PrintedRow("a", (1, 2, 3)), PrintedRow("b", (1, 1, 2)), PrintedRow("S", (2, 4, 5), "total")],
            [],
            [("S", "y", 4, 3)],
        ),
        # A row total 1 off.
        ([PrintedRow("a", (1, 2, 4))], [(2, [(0, 1), (1, 1)])], [("a", "z", 4, 3)]),
        # A difference column: z = x - y, printed y - x.
        ([PrintedRow("a", (5, 2, -3))], [(2, [(0, 1), (1, -1)])], [("a", "z", -3, 3)]),
        # An empty printed subtotal is not checked, but still counts in the total.
        (
            [
                PrintedRow("a", (1, 1, 2)),
                PrintedRow("D", (None, 1, 2), "subtotal"),
                PrintedRow("b", (2, 0, 2)),
                PrintedRow("S", (3, 1, 4), "total"),
            ],
            [],
            [],
        ),
        # A total counts the printed subtotal, not the lines under it.
        (
            [PrintedRow("a", (1, 1, 2)), PrintedRow("D", (2, 1, 3), "subtotal"), PrintedRow("S", (2, 1, 3), "total")],
            [],
            [("D", "x", 2, 1), ("D", "z", 3, 2)],
        ),
    ],
)
def test_printed_table_mismatches(rows_, row_sums, expected):
    found = printed_table_mismatches(("x", "y", "z"), rows_, row_sums)
    assert [(m.row, m.column, m.printed_ore, m.parts_ore) for m in found] == expected


@pytest.mark.parametrize(
    ("budget", "forecast", "decided", "expected"),
    [
        (8_500_000, 4_250_000, 4_248_705, (4_250_000, 4_250_000)),  # SHK 2024/1
        (8_500_000, None, 4_248_705, (None, 4_251_295)),  # no forecast: what is left after the decisions
        (8_500_000, 8_500_000, 0, (8_500_000, 0)),
        (0, 100, 0, (100, -100)),
    ],
)
def test_pilot_budget_split(budget, forecast, decided, expected):
    assert pilot_budget_split(budget, forecast, decided) == expected


@pytest.mark.parametrize(
    ("forecast", "budget", "expected"),
    [(4_250_000, 8_500_000, -4_250_000), (4_250_000, 0, 4_250_000), (100, 100, 0), (None, 100, None)],
)
def test_forecast_difference_is_forecast_minus_budget(forecast, budget, expected):
    assert forecast_difference(forecast, budget) == expected


def test_the_appendix_lists_the_grants_above_the_limits_without_a_competent_decision(shk):
    """Seed 004 lists 2024's pilot grants and no decider; seven of them are above the process
    leader's 200 000 kr and so were the board's to decide, at a meeting."""
    from samsyn.economy.reports.appendix import finance_appendix

    report = finance_appendix(shk, date(2024, 8, 31))
    table = report.table("unbacked")
    grants = [row for row in table.rows if row.kind != "total"]
    assert len(grants) == 7
    assert any(
        row.label.startswith("2024-08-31 FIC: Beslutsordning okänd, ska beslutas av styrelsen") for row in grants
    )
    assert all("ska beslutas av styrelsen" in row.label for row in grants)
    assert table.rows[-1].values == (399_150_000,)
    # As of a date before any of them, there is no such table.
    earlier = finance_appendix(shk, date(2024, 1, 31))
    assert "unbacked" not in [t.key for t in earlier.tables]
