"""The annual report's renderers fed a hand-made report: no database."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

from docx import Document

from samsyn.core.reports import report_kind, report_render
from samsyn.followup.reports import (
    AnnualReport,
    AreaSection,
    EvaluationSection,
    EventLine,
    GoalLine,
    InitiativeLine,
    KpiLine,
    Money,
    StoryLine,
)

REPORT = AnnualReport(
    partnership="Testpartnerskapet",
    year=2023,
    goals=(GoalLine("V", "Uppväxling", "Minst 10 miljoner", "green", "På väg"),),
    kpis=(KpiLine("Antal piloter", "count", "2023", Decimal("3"), Decimal("4.000"), True),),
    areas=(AreaSection("Barn och unga", (InitiativeLine("FIC", "Pågående", ("Fler möten",), 1),)),),
    stories=(StoryLine("Ett lyft", "Robert Holm", "Rektor", "Skolan", "FIC", "Det ändrade allt."),),
    events=(EventLine(date(2023, 5, 4), "Pitch", "Event", 56, 40, (("Nya idéer", "62,5 %"),)),),
    registrations_total=56,
    money=Money(1_000_000_00, 957_531_600, 3_000_000, 121_400_000, 1_000_000_000, 80_000_000),
    evaluations=(EvaluationSection("Utvärdering 2023", ((1, "Påstående", {"green": 2, "yellow": 12}, 14, ()),)),),
)


def test_annual_has_docx_and_json():
    assert report_kind("annual").formats == ("html", "pdf", "json", "docx")


def test_json_of_a_hand_made_report():
    data = json.loads(report_render("annual", REPORT, "json"))
    assert data["money"]["outcome_ore"] == 957_531_600 and data["events"][0]["date"] == "2023-05-04"
    assert data["evaluations"][0]["statements"][0][2] == {"green": 2, "yellow": 12}
    assert data["kpis"][0] == {
        "name": "Antal piloter",
        "unit": "count",
        "period": "2023",
        "value": "3",
        "target": "4.000",
        "own_target": True,
    }


def test_docx_of_a_hand_made_report():
    doc = Document(BytesIO(report_render("annual", REPORT, "docx")))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    flat = text.replace("\xa0", " ").replace("\u202f", " ")
    assert "Nyckeltal mot årets mål" in flat
    for expected in ("V. Uppväxling", "FIC (Pågående)", "Det ändrade allt.", "Pitch", "9 575 316", "Nya idéer 62,5 %"):
        assert expected in flat, expected
