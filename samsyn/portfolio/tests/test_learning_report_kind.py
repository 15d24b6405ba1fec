"""The learning log and the network through the report registry: a hand-made log rendered, and
the command line and JSON carrying the page's rows."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from samsyn.core.reports import report_render
from samsyn.portfolio.reports.learning import LearningLog, LogRow

LOG = LearningLog(
    "Testpartnerskapet",
    "Typ: Lärdom",
    date(2024, 9, 19),
    (LogRow(date(2024, 3, 1), "lesson", "Lärdom", "fic", "FIC", ("Barn och unga",), "Anna", "Tidig dialog lönar sig"),),
)


def test_xlsx_and_json_of_a_hand_made_log():
    sheet = load_workbook(BytesIO(report_render("learning", LOG, "xlsx"))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0].endswith(" (Typ: Lärdom)")
    assert rows[2][1:] == ["Lärdom", "FIC", "Barn och unga", "Anna", "Tidig dialog lönar sig"]
    assert rows[2][0].date() == date(2024, 3, 1) and sheet["A3"].number_format == "yyyy-mm-dd"
    data = json.loads(report_render("learning", LOG, "json"))
    assert data["rows"][0]["date"] == "2024-03-01" and data["rows"][0]["focus_areas"] == ["Barn och unga"]


@pytest.mark.django_db
def test_command_line_log_and_network(shk, capsys, client_as):
    page = client_as("lasare").get("/shk/larande/?year=2023")
    call_command("report", "learning", "--partnership", "shk", "--year", "2023")
    data = json.loads(capsys.readouterr().out)
    assert len(data["rows"]) == page.context["count"]
    call_command("report", "network", "--partnership", "shk", "--derived", "nej")
    network = json.loads(capsys.readouterr().out)
    assert all(not r["derived"] for r in network["rows"])
    with pytest.raises(CommandError, match="no focus area"):
        call_command("report", "network", "--partnership", "shk", "--focus-area", "nowhere")
