"""The process leader's report as a kind of the report registry: built once from a meeting, rendered
from plain data, and asked for by the command line and the agenda."""

import json
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samsyn.core.reports import report_for_attachment, report_kind, report_render
from samsyn.governance.models import Meeting
from samsyn.governance.reports import leader_build
from samsyn.governance.reports.leader import InitiativeRef, LeaderReportData, LeverageLine, MeetingRef, ReportGoal

DATA = LeaderReportData(
    partnership="Testpartnerskapet",
    meeting=MeetingRef(1, "styrelse-test", "Styrelsemöte", date(2024, 9, 19)),
    status="draft",
    status_name="Utkast",
    sent_on=None,
    introduction="Rapporten följer verksamhetsmålen.",
    sent_html="",
    goals=(
        ReportGoal(
            1, 1, "Utveckling och innovation", "green", "Grön", ("Fler piloter",), (InitiativeRef("fic", "FIC"),), None
        ),
        ReportGoal(
            2,
            5,
            "Uppväxling",
            "",
            "",
            ("Ansökan till Formas",),
            (),
            LeverageLine(3_000_000, 121_400_000, 1_000_000_000, Decimal("0.3")),
        ),
    ),
)


def test_json_of_a_hand_made_report():
    data = json.loads(report_render("leader", DATA, "json"))
    assert data["meeting"] == {"pk": 1, "key": "styrelse-test", "title": "Styrelsemöte", "date": "2024-09-19"}
    assert data["goals"][1]["leverage"] == {
        "external": 3_000_000,
        "internal": 121_400_000,
        "target": 1_000_000_000,
        "share": "0.3",
    }


@pytest.mark.django_db
def test_pdf_of_a_hand_made_report(shk):
    # The page template extends base.html, which names the partnership: the data itself does not query.
    pdf = report_render("leader", DATA, "pdf", extra={"partnership": shk})
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())
    for expected in ("Rapporten följer verksamhetsmålen.", "Fler piloter", "FIC", "Ansökan till Formas", "30 000"):
        assert expected in flat, expected


@pytest.mark.django_db
def test_builder_reads_the_meetings_report(shk):
    data = leader_build(shk, "styrelse-2023-11-30")
    assert data.meeting.key == "styrelse-2023-11-30"
    assert [g.number for g in data.goals] == [1, 2, 3, 4, 5]
    assert any("FORMAS" in b for g in data.goals for b in g.bullets)
    meeting = Meeting.objects.get(partnership=shk, key="styrelse-2023-11-30")
    assert leader_build(shk, meeting) == data
    with pytest.raises(LookupError):
        leader_build(shk, "no-such-meeting")


@pytest.mark.django_db
def test_registered_for_the_agenda_and_the_command_line(shk, capsys):
    assert report_for_attachment("governance:leader_report") is report_kind("leader")
    call_command("report", "leader", "--partnership", "shk", "--meeting", "styrelse-2023-11-30", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"]["date"] == "2023-11-30" and len(data["goals"]) == 5
    with pytest.raises(CommandError, match="no meeting"):
        call_command("report", "leader", "--partnership", "shk", "--meeting", "no-such-meeting")


@pytest.mark.django_db
def test_minutes_as_data_on_the_command_line_and_the_page(shk, capsys, client_as):
    call_command("report", "minutes", "--partnership", "shk", "--meeting", "styrelse-2024-09-19")
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2024-09-19" and data["items"][1]["title"].startswith("Ekonomi")
    assert any(a["substitutes_for"] == "Anna Letterstål" for a in data["attendees"])
    assert any("Karin Axelsson" in a["who"] for item in data["items"] for a in item["assignments"])
    meeting = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    page = client_as("lasare").get(reverse("governance:meeting", args=["shk", meeting.pk]), {"format": "json"})
    assert page.json() == data
