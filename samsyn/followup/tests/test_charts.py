"""The follow-up's charts: KPI trends against their targets and the traffic-light answers, each on
its page with a Swedish label and pointing at the table that holds the same figures."""

import re

import pytest

from samsyn.followup import selectors
from samsyn.followup.models import Kpi

CHART = re.compile(r'<svg[^>]*class="chart[^"]*"[^>]*>')


def charts_in(page):
    """[(aria-describedby, aria-label)] of every chart on the page, each pointing at an element there."""
    found = []
    for tag in CHART.findall(page):
        assert 'role="img"' in tag
        described = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
        assert f'id="{described}"' in page
        found.append((described, re.search(r'aria-label="([^"]+)"', tag).group(1)))
    return found


def test_kpi_list_has_a_trend_per_kpi_with_values(shk, client_as):
    page = client_as("lasare").get("/shk/uppfoljning/nyckeltal/").content.decode()
    found = charts_in(page)
    typed = Kpi.objects.filter(partnership=shk, measurements__isnull=False).distinct().count()
    # The KPIs Samsyn counts itself have values without measurements (the demo's student at work).
    counted = selectors.kpi_counted(shk, list(Kpi.objects.filter(partnership=shk).exclude(counted_from="")))
    with_values = typed + sum(1 for values in counted.values() if values)
    assert typed > 0 and with_values > typed
    assert len(found) == with_values
    assert all(label.startswith("Utveckling för ") and "Värde: " in label for _id, label in found)


def test_kpi_detail_says_the_target(shk, client_as):
    kpi = Kpi.objects.filter(partnership=shk, measurements__isnull=False, target__isnull=False).first()
    page = client_as("lasare").get(f"/shk/uppfoljning/nyckeltal/{kpi.key}/").content.decode()
    ((described, label),) = charts_in(page)
    assert described == f"trend-{kpi.key}-cap"
    assert "; Mål " in label
    assert "Samma siffror finns i tabellen nedan." in page


@pytest.mark.parametrize(
    "url",
    [
        "/shk/uppfoljning/utvarderingar/utvardering-2023/resultat/",
        "/shk/uppfoljning/utvarderingar/utvardering-2023/live/",
    ],
)
def test_evaluation_results_chart_each_statement(client_as, url):
    page = client_as("processledare").get(url).content.decode()
    found = charts_in(page)
    assert found[0][0] == "answers-1-cap"
    # Seed 003: statement 1 got 2 green, 12 yellow, 1 orange of 15.
    assert "Påstående 1: Grön 2, Gul 12, Orange 1, Röd 0, Totalt 15" in found[0][1]


def test_evaluation_compare_charts_each_theme_by_year(client_as):
    page = client_as("processledare").get("/shk/uppfoljning/utvarderingar/jamfor/").content.decode()
    found = charts_in(page)
    assert found[0][0] == "compare-1-cap"
    assert found[0][1].startswith("Svar per år: ")
    assert "2023: Grön 2, Gul 12, Orange 1, Röd 0, Totalt 15" in found[0][1]
