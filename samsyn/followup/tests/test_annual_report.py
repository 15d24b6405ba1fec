"""The annual report: the same figures on the page, in the PDF and in the DOCX."""

import subprocess
from io import BytesIO

import pytest
from django.urls import reverse

from samsyn.core.lib.numbers import format_kronor
from samsyn.followup.reports import annual_report_build

URL = "/shk/uppfoljning/verksamhetsberattelse/2023/"


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.fixture
def report(shk):
    return annual_report_build(shk, 2023)


def test_report_is_compiled_from_the_data(report):
    assert report.registrations_total == 56 + 78 + 84 + 59 + 46
    assert len(report.stories) == 8
    assert [(s[2]["green"], s[2]["yellow"], s[2]["orange"]) for s in report.evaluations[0].statements] == [
        (2, 12, 1),
        (1, 9, 5),
    ]
    names = [a.name for a in report.areas]
    assert "Alla barn och unga lyckas" in names and "Välmående och självständiga äldre" in names
    figures = dict(next(e for e in report.events if e.figures).figures)
    assert figures["Nya samarbetsmöjligheter"] == "62,5\u00a0%"


def _money_lines(report):
    if report.money is None:
        return []
    return [format_kronor(report.money.outcome_ore), format_kronor(report.money.budget_ore)]


def test_page_pdf_and_docx_hold_the_same_figures(report, client_as):
    client = client_as("lasare")
    page = client.get(URL).content.decode()
    pdf = client.get(URL + "pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    docx = client.get(URL + "docx/")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    texts = {"page": page.replace("&nbsp;", "\u00a0"), "pdf": pdf_text(pdf.content), "docx": docx_text(docx.content)}
    for name, text in texts.items():
        flat = " ".join(text.split())
        assert "323" in flat, name
        assert "62,5 %" in flat.replace("\u00a0", " "), name
        assert "Robert Holm" in flat, name
        assert "Vårt arbete i Samhällskontraktet har bidragit till utveckling och innovation." in flat, name
        for amount in _money_lines(report):
            assert " ".join(amount.split()) in flat.replace("\u00a0", " ").replace("\u202f", " "), (name, amount)
        for goal in report.goals:
            assert goal.title.split()[0] in flat, (name, goal.title)


def test_a_year_without_goals_or_money_still_makes_a_report(shk, client_as):
    # The neighbours are always installed; what can be missing is their data for the year.
    report = annual_report_build(shk, 1999)
    assert report.goals == () and report.events == () and report.registrations_total == 0
    assert (report.money.budget_ore, report.money.outcome_ore, report.money.pilot_decided_ore) == (0, 0, 0)
    page = client_as("styrelse").get(reverse("followup:annual_report", args=["shk", 1999])).content.decode()
    assert "Inga verksamhetsmål är registrerade för året." in page


def test_json_and_docx_through_the_registry(shk, client_as):
    client = client_as("styrelse")
    url = reverse("followup:annual_report", args=["shk", 2023])
    data = client.get(url, {"format": "json"}).json()
    assert data["year"] == 2023 and data["money"]["outcome_ore"] == 957_531_600
    assert [g["roman"] for g in data["goals"]] == ["I", "II", "III", "IV", "V"]
    docx = client.get(url, {"format": "docx"})
    assert docx["Content-Disposition"] == 'attachment; filename="verksamhetsberattelse-2023.docx"'


def test_total_outcome_and_goals_come_from_the_neighbours(report):
    # seed 003: total outcome 2023 is 9 575 316 kr; the five operational goals I-V
    assert report.money.outcome_ore == 957_531_600
    assert [g.roman for g in report.goals] == ["I", "II", "III", "IV", "V"]


def test_the_year_s_report_shows_the_portfolio_as_the_year_ended(shk):
    """The 2023 report: each initiative in the phase it had on 31 December 2023, and none that was
    first recorded in 2024."""
    lines = {line.name: line.phase for area in annual_report_build(shk, 2023).areas for line in area.initiatives}
    # In phase 2 from 11 December 2023.
    assert lines["Cornerstone Indicators"] == "Fas 2"
    # Planned at the end of 2023; ongoing only from September 2024.
    assert lines["Future Impact Champion"] == "Planeras"
    assert lines["Framtidens äldreboende"] == "Utforskas"
    # First recorded at the board meeting of 19 September 2024.
    assert "Portfölj lärande" not in lines
    assert "Seniorrestaurang/fritidsgård" not in lines
    # The 2024 report has them, in their 2024 phase.
    lines_2024 = {line.name: line.phase for area in annual_report_build(shk, 2024).areas for line in area.initiatives}
    assert lines_2024["Future Impact Champion"] == "Pågående"
    assert "Portfölj lärande" in lines_2024


def test_the_docx_is_swedish_and_writes_money_in_kronor(client_as):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(BytesIO(client_as("lasare").get(URL + "docx/").content))
    assert doc.core_properties.language == "sv-SE"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    money = doc.tables[-1]
    assert [row.cells[0].text for row in money.rows][:2] == ["Budget", "Totalt utfall"]
    assert all(row.cells[1].text.endswith("\u00a0kr") for row in money.rows), [r.cells[1].text for r in money.rows]
