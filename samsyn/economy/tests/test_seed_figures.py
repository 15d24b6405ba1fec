"""Every figure the finance appendices of SHK 2024/1 (seed 004, as of 2024-08-31) and SHK 2023/1
(seed 001, as of 2023-10-31) print, figure by figure: read from the seed texts themselves, kept
as the documents' printed tables, and computed by Samsyn to the krona, or listed in the
reconciliation with both values and the reason, which is always the document's own arithmetic."""

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from samsyn.economy.models import PrintedTable
from samsyn.economy.reports import appendix as reports

KR = 100
SEEDS = Path(__file__).resolve().parents[2] / "archive" / "demo_data" / "seeds"
FIGURE = re.compile(r"-?\d{1,3}(?: \d{3})*")
# (seed, first line of its appendix tables, line after them, diary number, as of)
APPENDICES = {
    "004": (
        "## Budget och utfall 2022-2025 Samhällskontraktet",
        "## Processledarrapport",
        "SHK 2024/1",
        date(2024, 8, 31),
    ),
    "001": ("Finansiär\tSumma 2022-2025", "Totalsumma\t", "SHK 2023/1", date(2023, 10, 31)),
}


def seed_figures(seed: str) -> Counter:
    """Every cell of the seed's appendix tables that is a figure (a year in a header is none)."""
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    first, last, _document, _as_of = APPENDICES[seed]
    text = path.read_text(encoding="utf-8")
    start = text.index(first)
    end = text.index("\n", text.index(last, start)) if seed == "001" else text.index(last, start)
    found: Counter = Counter()
    for line in text[start:end].splitlines():
        if "\t" not in line:
            continue
        for cell in line.split("\t")[1:]:
            cell = re.sub(r"</?[bi]>", "", cell).strip()
            if FIGURE.fullmatch(cell):
                found[int(cell.replace(" ", "")) * KR] += 1
    return found


def kept_figures(partnership, document: str) -> Counter:
    found: Counter = Counter()
    for table in PrintedTable.objects.filter(partnership=partnership, document=document):
        for row in table.rows:
            found.update(v for v in row["values"] if v is not None)
    return found


@pytest.mark.parametrize("seed", ["004", "001"])
def test_the_printed_tables_hold_every_figure_of_the_seed(shk, seed):
    document = APPENDICES[seed][2]
    printed, kept = seed_figures(seed), kept_figures(shk, document)
    assert sum(printed.values()) == {"004": 214, "001": 71}[seed]
    # Seed 004's "Varav OH-kostnader" repeats the overhead total of the specification below it.
    expected_missing = Counter({1_321_972 * KR: 1}) if seed == "004" else Counter()
    assert printed - kept == expected_missing
    assert kept - printed == Counter()


@pytest.mark.parametrize(
    ("as_of", "compared", "equal"),
    [(date(2024, 8, 31), 213, 189), (date(2023, 10, 31), 71, 67)],
)
def test_every_printed_figure_is_computed_or_its_difference_explained(shk, as_of, compared, equal):
    report = reports.finance_appendix(shk, as_of)
    assert (report.printed_figures, report.printed_figures_equal) == (compared, equal)
    differing = [r for r in report.reconciliation if r.difference_ore]
    # Every figure Samsyn does not compute as printed is listed, with both values.
    assert len({r.label for r in differing if r.label.startswith("Bilaga 1")}) >= compared - equal
    for entry in differing:
        assert entry.printed_ore is not None and entry.computed_ore is not None
        assert "inte förklarad" not in entry.explanation
        # The reason is the document's arithmetic: 1 kr of öre rounding.
        assert abs(entry.difference_ore) == KR, entry
        assert any(
            words in entry.explanation
            for words in ("de tryckta delarna blir", "De tryckta talen som summeras blir", "Skillnaden följer av")
        ), entry


def test_a_figure_that_nothing_explains_says_so(shk):
    table = PrintedTable.objects.get(partnership=shk, key="004-forskning")
    rows = table.rows
    rows[0]["values"][0] += 5 * KR  # UKK's budget as if printed 2 500 005
    table.rows = rows
    table.save()
    found = {r.label: r for r in reports.finance_appendix(shk, date(2024, 8, 31)).reconciliation}
    entry = found["Bilaga 1: Forskning per akademi: UKK, Budget 2024"]
    assert (entry.printed_ore, entry.computed_ore) == (2_500_005 * KR, 2_500_000 * KR)
    assert entry.explanation == "Skillnaden är inte förklarad."
