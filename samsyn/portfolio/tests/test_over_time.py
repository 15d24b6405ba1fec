"""The portfolio over time: each focus area's initiatives per phase at every year's end, from the
phase history, as a chart beside the table with the same figures."""

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date

from samsyn.portfolio.reports.levels import PHASES, portfolio_over_time

D = date.fromisoformat
TODAY = D("2025-06-01")
INDEX = [p.value for p in PHASES].index


@dataclass
class Area:
    slug: str
    name: str
    order: int = 0


@dataclass
class Change:
    date: date
    phase: str


@dataclass
class Related:
    items: list

    def all(self):
        return self.items


@dataclass
class FakeInitiative:
    phase: str
    history: list = field(default_factory=list)
    areas: list = field(default_factory=list)

    @property
    def phase_changes(self):
        return Related([Change(D(day), phase) for day, phase in self.history])

    @property
    def focus_areas(self):
        return Related(self.areas)


BARN = Area("barn", "Alla barn och unga lyckas", 1)
ALDRE = Area("aldre", "Välmående och självständiga äldre", 2)


def counts(**by_phase):
    values = [0] * len(PHASES)
    for phase, n in by_phase.items():
        values[INDEX(phase)] = n
    return tuple(values)


def table(result):
    return {area.key: {y.year: y.counts for y in area.years} for area in result}


def test_no_initiatives_no_areas():
    assert portfolio_over_time([], today=TODAY) == ()


def test_each_year_end_shows_the_phase_of_that_day():
    moving = FakeInitiative("ongoing", [("2023-03-01", "planned"), ("2024-05-01", "ongoing")], [BARN])
    assert table(portfolio_over_time([moving], today=TODAY)) == {
        "barn": {2023: counts(planned=1), 2024: counts(ongoing=1), 2025: counts(ongoing=1)}
    }


def test_without_history_counted_only_in_the_view_year_as_the_index_counts_it():
    moving = FakeInitiative("planned", [("2024-01-10", "planned")], [BARN])
    unknown = FakeInitiative("ongoing", [], [BARN])
    result = portfolio_over_time([moving, unknown], today=TODAY)
    assert table(result) == {"barn": {2024: counts(planned=1), 2025: counts(planned=1, ongoing=1)}}
    assert result[0].years[-1].total == 2


def test_an_initiative_in_two_areas_counts_in_each_and_areas_follow_their_order():
    both = FakeInitiative("ongoing", [("2025-01-01", "ongoing")], [ALDRE, BARN])
    none = FakeInitiative("exploring", [("2025-02-01", "exploring")], [])
    result = portfolio_over_time([both, none], today=TODAY)
    assert [a.key for a in result] == ["barn", "aldre", "none"]
    assert [a.name for a in result][-1] == "Inget fokusområde"
    assert table(result)["aldre"] == {2025: counts(ongoing=1)}


def test_as_of_a_past_date_ends_there_and_ignores_later_changes():
    moving = FakeInitiative(
        "completed", [("2023-03-01", "planned"), ("2023-09-01", "ongoing"), ("2024-05-01", "completed")], [BARN]
    )
    assert table(portfolio_over_time([moving], today=TODAY, as_of=D("2023-06-30"))) == {
        "barn": {2023: counts(planned=1)}
    }


def test_index_page_charts_each_focus_area_by_its_table(client_as, shk):
    page = client_as("lasare").get("/shk/portfolj/").content.decode()
    tags = re.findall(r'<svg[^>]*class="chart chart-columns"[^>]*>', page)
    assert len(tags) >= 2
    for tag in tags:
        assert 'role="img"' in tag
        described = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
        assert described.startswith("over-time-")
        assert f'<caption id="{described}">' in page
    labels = re.findall(r'aria-label="([^"]*)"', " ".join(tags))
    assert any(
        label.startswith("Initiativ per fas vid årets slut: Alla barn och unga lyckas. 2023: ") for label in labels
    )
    assert "Portföljen över tid" in page


def test_index_pdf_has_the_chart(client_as, shk):
    response = client_as("lasare").get("/shk/portfolj/", {"format": "pdf"})
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert "Portföljen över tid" in text.decode()
    assert "Samma siffror finns i tabellen nedan." in " ".join(text.decode().split())
