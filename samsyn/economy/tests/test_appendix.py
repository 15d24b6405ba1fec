"""The finance appendix from the demo records: seeds 001 and 004 reproduced, formats agreeing."""

import json
import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.core.lib.numbers import format_kronor
from samsyn.economy.reports import appendix as reports
from samsyn.economy.selectors import year_summary

KR = 100


def rows(report, key):
    return {r.label: r.values for r in report.table(key).rows}


def test_budget_and_outcome_as_of_2023_10_31_is_seed_001(shk):
    report = reports.finance_appendix(shk, date(2023, 10, 31))
    table = rows(report, "budget_outcome")
    # budget 2022, 2023, 2024, 2025, total | outcome 2022, 2023, 2024, 2025, total
    assert table["Övergripande processtöd"][:5] == (2_800_000 * KR, 2_900_000 * KR, 0, 0, 5_700_000 * KR)
    assert table["Övergripande processtöd"][5:7] == (2_506_744 * KR, 2_285_479 * KR)
    # Before the revision the pilot budget is 4 100 000 and the reserve has its own line.
    assert table["Pilotprojekt och seed money"][:2] == (4_100_000 * KR, 6_000_000 * KR)
    assert table["Reserverat belopp MKL"][:2] == (500_000 * KR, 1_000_000 * KR)
    total = report.table("budget_outcome").rows[-1].values
    # Seed 001 prints 14 696 819: its 2023 subtotal was one krona above the sum of its parts.
    assert total[4] == 33_350_000 * KR and total[9] == 14_696_818 * KR
    subtotal = next(r for r in report.table("budget_outcome").rows if r.kind == "subtotal").values
    # Seed 001 prints 6 342 808; the parts sum to 6 342 807.
    assert subtotal[6] == 6_342_807 * KR
    assert subtotal[0] == 4_950_000 * KR  # printed empty in the seed


def test_appendix_as_of_2024_09_19_is_seed_004(shk):
    report = reports.finance_appendix(shk, date(2024, 9, 19))
    table = rows(report, "budget_outcome")
    assert "Reserverat belopp MKL" not in table
    assert table["Pilotprojekt och seed money"][:5] == (
        4_600_000 * KR,
        7_000_000 * KR,
        8_500_000 * KR,
        0,
        20_100_000 * KR,
    )
    assert report.table("budget_outcome").rows[-1].values[4] == 52_950_000 * KR
    assert rows(report, "financing")["Tillgängligt totalt"] == (48_550_000 * KR,)
    categories = report.table("categories").rows[-1].values
    assert categories == (3_442_901 * KR, 1_418_507 * KR, 1_321_973 * KR, 6_183_381 * KR)
    pilot = report.table("pilot").rows[-1].values
    assert pilot == (8_500_000 * KR, 4_248_705 * KR)
    leverage = report.table("leverage").rows[-1].values
    assert leverage == (10_000_000 * KR, 1_244_000 * KR)
    research = report.table("research").rows[-1].values
    assert research == (10_000_000 * KR, 6_134_051 * KR, 12_044_085 * KR)
    forecast = report.table("forecast")
    assert len(forecast.columns) == 6  # budget, outcome, forecast 1 and 2, difference
    # The printed figures are as of 2024-08-31: a report of another date does not compare them.
    assert report.reconciliation == ()
    differences = {
        r.label: (r.printed_ore, r.difference_ore)
        for r in reports.finance_appendix(shk, date(2024, 8, 31)).reconciliation
    }
    assert differences["Bilaga 1: Budget och utfall 2022-2025: Delsumma, Utfall 2024"] == (6_183_382 * KR, -1 * KR)
    assert differences["Bilaga 1: Budget och utfall 2022-2025: Summaraden, Utfall 2023"] == (9_575_315 * KR, 1 * KR)
    # Figures that agree are counted, not listed.
    assert "Bilaga 1: Uppväxling: Summa, Beslutat 2024" not in differences


def test_report_before_the_revision_shows_the_old_budget(shk):
    before = reports.finance_appendix(shk, date(2023, 12, 31))
    after = reports.finance_appendix(shk, date(2024, 1, 1))
    assert rows(before, "budget_outcome")["Pilotprojekt och seed money"][0] == 4_100_000 * KR
    assert rows(after, "budget_outcome")["Pilotprojekt och seed money"][0] == 4_600_000 * KR


def test_prognos_2_appears_once_made(shk):
    # SHK 2024/1, as of 31 August, takes its difference against prognos 2: it had been made by then.
    assert len(reports.finance_appendix(shk, date(2024, 5, 31)).table("forecast").columns) == 5
    assert len(reports.finance_appendix(shk, date(2024, 8, 31)).table("forecast").columns) == 6


def test_year_summary(shk):
    s = year_summary(shk, 2024, date(2024, 9, 19))
    assert s.budget_ore == 19_600_000 * KR
    assert s.outcome_ore == 7_685_610 * KR
    assert (s.leverage_external_ore, s.leverage_internal_ore, s.leverage_target_ore) == (
        30_000 * KR,
        1_214_000 * KR,
        10_000_000 * KR,
    )
    assert s.pilot_decided_ore == 4_248_705 * KR
    s23 = year_summary(shk, 2023)
    assert s23.outcome_ore == 9_575_316 * KR
    assert s23.leverage_external_ore == 9_933_000 * KR and s23.leverage_internal_ore == 1_200_000 * KR


def test_formats_carry_the_same_figures(shk, client_as):
    client = client_as("ekonomi")
    url = reverse("economy:appendix", args=["shk"])
    page = client.get(url, {"per": "2024-09-19"})
    assert page.status_code == 200
    html = page.content.decode()
    data = client.get(url, {"per": "2024-09-19", "format": "json"}).json()
    xlsx = client.get(url, {"per": "2024-09-19", "format": "xlsx"})
    pdf = client.get(url, {"per": "2024-09-19", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(xlsx.content))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()

    for index, table in enumerate(data["tables"]):
        # One sheet per table, in order, named by the table's title (never its key).
        sheet = workbook.worksheets[index]
        assert table["title"].startswith(sheet.title)
        cells = {}
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if row and row[0] is not None:
                cells.setdefault(row[0], row[1:])
        for row in table["rows"]:
            for value, kind, cell in zip(row["values"], table["kinds"], cells[row["label"]], strict=False):
                if value is None:
                    assert cell is None
                elif kind == "money":
                    assert Decimal(str(cell)) * 100 == value
                    assert sheet is not None
        # Every total shows in the HTML and the PDF, in Swedish format.
        total = row["values"][0] if table["kinds"][0] == "money" else None
        if total:
            shown = format_kronor(total)
            assert shown in html
            assert shown.replace("\xa0", " ") in text.replace("\xa0", " ")
    money_cell = workbook["Budget och utfall 2022–2025"].cell(row=3, column=2)
    assert isinstance(money_cell.value, (int, float, Decimal)) and "#,##0" in money_cell.number_format


def test_cli_report_json_and_pdf(shk, tmp_path, capsys):
    call_command("report", "finance", "--partnership", "shk", "--as-of", "2023-10-31", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2023-10-31"
    out = tmp_path / "a.pdf"
    call_command(
        "report", "finance", "--partnership", "shk", "--as-of", "2024-09-19", "--format", "pdf", "--output", str(out)
    )
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert "48 550 000" in text.replace("\xa0", " ")
    for fmt in ("html", "xlsx"):
        call_command(
            "report",
            "finance",
            "--partnership",
            "shk",
            "--as-of",
            "2024-09-19",
            "--format",
            fmt,
            "--output",
            str(tmp_path / f"a.{fmt}"),
        )
    assert "Tillgängligt totalt" in (tmp_path / "a.html").read_text()


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_appendix_runs_a_constant_number_of_queries(shk, client_as, fmt):
    from samsyn.economy.models import CostLine, Outcome

    client = client_as("ekonomi")
    url = reverse("economy:appendix", args=["shk"])
    params = {"per": "2024-09-19", "format": fmt}
    before = _queries(client, url, params)
    line = CostLine.objects.get(partnership=shk, slug="foljeforskning")
    Outcome.objects.bulk_create(
        [
            Outcome(
                partnership=shk,
                cost_line=line,
                date=date(2024, 3, 1 + i % 28),
                category="operations",
                amount_ore=100 + i,
                import_key=f"t{i}",
            )
            for i in range(300)
        ]
    )
    assert _queries(client, url, params) == before


def test_followup_page_has_an_svg_chart_and_the_same_data_as_a_table(shk, client_as):
    page = client_as("styrelse").get(reverse("economy:followup", args=["shk"]), {"per": "2024-09-19"}).content.decode()
    assert "<svg" in page and 'role="img"' in page and "aria-label=" in page
    assert 'id="t-followup"' in page

    # The chart's figures are those of the table: outcome of Följeforskning 2024.
    assert page.count(format_kronor(285_001 * KR)) >= 2
