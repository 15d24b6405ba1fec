"""The finance appendix as a report kind: its renderers fed a hand-made appendix, and leverage against
its target computed in one place."""

import json
import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from samsyn.core.reports import report_for_attachment, report_kind, report_render
from samsyn.economy.reports.appendix import MONEY, PERCENT, FinanceAppendix, Reconciliation, Table
from samsyn.economy.rules.appendix import DEFAULT_LEVERAGE_TARGET_ORE, Row, leverage_against_target

APPENDIX = FinanceAppendix(
    partnership="Testpartnerskapet",
    as_of=date(2024, 8, 31),
    year=2024,
    tables=(
        Table(
            "followup",
            "Budgetuppföljning 2024",
            ("Budgetpost", "Budget", "Utfall", "Förbrukat"),
            (MONEY, MONEY, PERCENT),
            (
                Row("Följeforskning", (100_000_00, 28_500_01, Decimal("28.5")), "line", "foljeforskning"),
                Row("Summa", (100_000_00, 28_500_01, Decimal("28.5")), "total"),
            ),
            "Anteckning",
        ),
    ),
    reconciliation=(Reconciliation("Protokoll", "Summa", 28_500_00, 28_500_01, "Avrundat"),),
    reconciliation_as_of=date(2024, 8, 31),
    chart=(("Följeforskning", 100_000_00, 0, 28_500_01),),
)


def test_finance_is_registered_for_the_agenda_and_the_command_line():
    kind = report_kind("finance")
    assert report_for_attachment("economy:appendix") is kind
    assert kind.formats == ("html", "pdf", "xlsx", "json")


def test_json_of_a_hand_made_appendix():
    data = json.loads(report_render("finance", APPENDIX, "json"))
    assert data["as_of"] == "2024-08-31"
    (table,) = data["tables"]
    assert table["kinds"] == ["money", "money", "percent"]
    assert table["rows"][0] == {
        "label": "Följeforskning",
        "values": [10_000_000, 2_850_001, "28.5"],
        "kind": "line",
        "slug": "foljeforskning",
    }
    assert data["reconciliation"][0]["difference_ore"] == 1


def test_xlsx_of_a_hand_made_appendix():
    workbook = load_workbook(BytesIO(report_render("finance", APPENDIX, "xlsx")))
    # The sheets are named as people read them: by their tables' titles.
    assert workbook.sheetnames[-1] == "Avstämning"
    sheet = workbook["Budgetuppföljning 2024"]
    assert sheet["A1"].value == "Budgetuppföljning 2024 (Testpartnerskapet, 2024-08-31)"
    # openpyxl reads numbers back as float: compare through their text.
    assert [str(c.value) for c in sheet[3]][:3] == ["Följeforskning", "100000", "28500.01"]
    assert sheet["D3"].value == 28.5 and sheet["A4"].font.bold and sheet["A5"].value == "Anteckning"
    reconciliation = workbook["Avstämning"]
    assert [str(c.value) for c in reconciliation[3]][2:5] == ["28500", "28500.01", "0.01"]


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_html_and_pdf_of_a_hand_made_appendix(fmt):
    content = report_render("finance", APPENDIX, fmt)
    if fmt == "pdf":
        content = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    text = " ".join(content.decode().replace("\xa0", " ").split())
    assert "Testpartnerskapet" in text and "Följeforskning" in text and "28 500,01" in text


@pytest.mark.parametrize(
    ("external", "target", "expected_target", "share"),
    [
        (3_000_000, None, DEFAULT_LEVERAGE_TARGET_ORE, Decimal("0.3")),
        (1_000_000_000, None, DEFAULT_LEVERAGE_TARGET_ORE, Decimal("100.0")),
        (999_999_999, 1_000_000_000, 1_000_000_000, Decimal("100.0")),
        (500_000_000, 2_000_000_000, 2_000_000_000, Decimal("25.0")),
        (500_000_000, 0, 0, None),
    ],
)
def test_leverage_against_target(external, target, expected_target, share):
    status = leverage_against_target(2024, external, 121_400_000, target)
    assert status.target_ore == expected_target and status.share == share
    assert status.external_ore == external and status.internal_ore == 121_400_000
