"""The economy's charts: each on its page beside the table that holds the same figures, in Swedish,
in the appendix's PDF too, without more queries as the data grows."""

import re
import subprocess
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.core.lib.numbers import format_kronor
from samsyn.core.reports import report_render
from samsyn.economy.reports import finance_build
from samsyn.economy.rules.appendix import PilotYear, pilot_years

KR = 100
CHART = re.compile(r'<svg[^>]*class="chart[^"]*"[^>]*>')


def charts_in(page):
    """{aria-describedby: aria-label} of every chart on the page."""
    found = {}
    for tag in CHART.findall(page):
        assert 'role="img"' in tag
        described = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
        found[described] = re.search(r'aria-label="([^"]+)"', tag).group(1)
    return found


def kr(ore):
    return format_kronor(ore, unit=True)


@pytest.mark.parametrize(
    "budget,decided,expected",
    [
        ({}, [], ()),
        ({2024: 100}, [], (PilotYear(2024, 100, 0, 100),)),
        ({2024: 100}, [(2024, 30), (2024, 50)], (PilotYear(2024, 100, 80, 20),)),
        # More decided than the budget: what remains is negative, not hidden.
        ({2024: 100}, [(2024, 130)], (PilotYear(2024, 100, 130, -30),)),
        # A decision in a year without a budget, and years in order.
        (
            {2025: 50, 2023: 10},
            [(2024, 5)],
            (PilotYear(2023, 10, 0, 10), PilotYear(2024, 0, 5, -5), PilotYear(2025, 50, 0, 50)),
        ),
    ],
)
def test_pilot_years(budget, decided, expected):
    assert pilot_years(budget, decided) == expected


def test_appendix_shows_a_chart_by_each_of_four_tables(shk, client_as):
    page = client_as("styrelse").get(reverse("economy:appendix", args=["shk"]), {"per": "2024-09-19"}).content.decode()
    found = charts_in(page)
    assert set(found) == {"t-budget_outcome", "t-followup", "t-pilot", "t-leverage"}
    for key in found:
        assert f'id="{key}"' in page  # the table alternative: the caption the chart points to
    assert page.count("Samma siffror finns i tabellen ovan.") == 4
    # Swedish words and figures, the same as in the tables.
    assert "Följeforskning: Budget " + kr(500_000 * KR) in found["t-followup"]
    assert "Senaste prognos" in found["t-followup"]
    assert "Utfall " + kr(285_001 * KR) in found["t-followup"]
    assert "2024: Tilldelad budget " + kr(19_600_000 * KR) in found["t-budget_outcome"]
    assert "Beslutade " + kr(4_248_705 * KR) in found["t-pilot"]
    assert "Mål " + kr(10_000_000 * KR) in found["t-leverage"]


def test_appendix_pdf_has_the_charts(shk):
    pdf = report_render("finance", finance_build(shk, date(2024, 9, 19)), "pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.replace("\xa0", " ").split())
    # The legends and captions are only in the charts.
    assert "Tilldelad budget" in text
    assert text.count("Samma siffror finns i tabellen ovan.") == 4
    assert "Budget 8 500 000 kr" in text  # the pilot bar's total


def test_followup_page_chart_names_its_table(shk, client_as):
    page = client_as("styrelse").get(reverse("economy:followup", args=["shk"]), {"per": "2024-09-19"}).content.decode()
    found = charts_in(page)
    assert list(found) == ["t-followup"]
    assert "Samma siffror finns i tabellen nedan." in page
    # On a phone the chart scrolls in a frame of its own, named for it.
    assert (
        'role="region" tabindex="0" aria-label="Diagram: Budget, senaste prognos och utfall per budgetpost 2024"'
        in page
    )


def test_pilot_page_has_a_chart_and_a_table_per_year(shk, client_as):
    page = client_as("ekonomi").get(reverse("economy:pilot_grants", args=["shk"])).content.decode()
    found = charts_in(page)
    assert list(found) == ["years-caption"]
    assert 'id="years-caption"' in page
    assert "2024: Beslutade " + kr(4_248_705 * KR) + ", Återstår " + kr(4_251_295 * KR) in found["years-caption"]
    assert format_kronor(4_251_295 * KR) in page.split('id="years-caption"')[1]


def test_applications_page_has_leverage_against_the_target(shk, client_as):
    page = client_as("ekonomi").get(reverse("economy:applications", args=["shk"])).content.decode()
    found = charts_in(page)
    assert list(found) == ["leverage-caption"]
    assert (
        "2023: Externa medel " + kr(9_933_000 * KR) + " (99,3\xa0%), Mål " + kr(10_000_000 * KR)
        in found["leverage-caption"]
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["economy:pilot_grants", "economy:applications"])
def test_chart_pages_run_a_constant_number_of_queries(shk, client_as, name):
    from samsyn.economy.models import Leverage, PilotGrant

    client = client_as("ekonomi")
    url = reverse(name, args=["shk"])
    client.get(url)
    before = _count(client, url)
    for i in range(30):
        PilotGrant.objects.create(
            partnership=shk,
            key=f"extra-{i}",
            title=f"Extra {i}",
            area="A",
            amount_ore=1000 + i,
            decided_on=date(2020 + i % 6, 3, 1),
        )
        Leverage.objects.create(
            partnership=shk,
            key=f"extra-{i}",
            kind="external",
            source_name="S",
            title=f"Extra {i}",
            year=2020 + i % 6,
            amount_ore=i,
        )
    assert _count(client, url) == before
