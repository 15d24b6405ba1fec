"""The KPIs' targets per year: the rule of which target a year has, the service and form that write a
year's targets, and the pages, the chart and the annual report that measure a year against its own."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samsyn.core.models import AuditEntry, Partnership
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.followup import charts, rules, selectors, services
from samsyn.followup.models import Kpi, KpiTarget, Measurement
from samsyn.followup.reports import annual_report_build
from samsyn.tests.test_no_lost_update import STALE, form_values

D = Decimal


def text_of(response) -> str:
    html = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---------------------------------------------------------------- rules, without a database


@pytest.mark.parametrize(
    "year, standing, by_year, expected",
    [
        # The year's own target wins over the standing one.
        (2026, D("10"), {2026: D("4")}, D("4")),
        # A year without its own follows the standing target; another year's own is not carried.
        (2027, D("10"), {2026: D("4")}, D("10")),
        (2025, D("10"), {2026: D("4")}, D("10")),
        (2027, None, {2026: D("4")}, None),
        (2026, None, {2026: D("4")}, D("4")),
        (2026, None, {}, None),
        # Zero is a target too.
        (2026, D("10"), {2026: D("0")}, D("0")),
    ],
)
def test_target_for_year(year, standing, by_year, expected):
    assert rules.target_for_year(year, standing=standing, by_year=by_year) == expected


@pytest.mark.parametrize(
    "points, year, expected",
    [
        ([(date(2023, 1, 1), D("19"))], 2023, (date(2023, 1, 1), D("19"))),
        ([(date(2023, 1, 1), D("19"))], 2024, None),
        (
            [(date(2023, 7, 1), D("2")), (date(2023, 1, 1), D("1")), (date(2024, 1, 1), D("3"))],
            2023,
            (date(2023, 7, 1), D("2")),
        ),
        ([], 2023, None),
    ],
)
def test_latest_in_year(points, year, expected):
    assert rules.latest_in_year(points, year) == expected


# ---------------------------------------------------------------- the service


def leader(shk):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))


@pytest.mark.django_db
def test_a_years_targets_are_created_changed_and_removed_with_their_history(shk):
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    partners = Kpi.objects.get(partnership=shk, key="nya-externa-partners")
    changed = services.kpi_targets_set(
        actor=leader(shk), user=None, partnership=shk, year=2031, targets={pilots.pk: D("5"), partners.pk: None}
    )
    assert changed == 1
    assert KpiTarget.objects.get(kpi=pilots, year=2031).target == D("5")
    # The same value again changes nothing and writes no history.
    audited = AuditEntry.objects.count()
    assert (
        services.kpi_targets_set(
            actor=leader(shk), user=None, partnership=shk, year=2031, targets={pilots.pk: D("5.000")}
        )
        == 0
    )
    assert AuditEntry.objects.count() == audited
    services.kpi_targets_set(actor=leader(shk), user=None, partnership=shk, year=2031, targets={pilots.pk: D("6")})
    services.kpi_targets_set(actor=leader(shk), user=None, partnership=shk, year=2031, targets={pilots.pk: None})
    assert not KpiTarget.objects.filter(kpi=pilots, year=2031).exists()
    actions = list(
        AuditEntry.objects.filter(object_type="followup.kpitarget")
        .order_by("pk")
        .values_list("action", "before", "after")
    )[-3:]
    assert [a for a, *_ in actions] == ["kpi_target.create", "kpi_target.change", "kpi_target.delete"]
    assert actions[1][1]["target"] == "5.000" and actions[1][2]["target"] == "6"


@pytest.mark.django_db
def test_a_kpi_of_another_partnership_is_refused(shk):
    other = Partnership.objects.create(slug="annat", name="Annat partnerskap")
    foreign = Kpi.objects.create(partnership=other, key="x", name="Främmande")
    with pytest.raises(ValidationError) as error:
        services.kpi_targets_set(actor=leader(shk), user=None, partnership=shk, year=2031, targets={foreign.pk: D("1")})
    assert error.value.messages == ["Välj bland partnerskapets egna nyckeltal."]
    assert not KpiTarget.objects.filter(kpi=foreign).exists()


@pytest.mark.django_db
def test_a_board_member_sets_no_targets(shk):
    board = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.BOARD_CHAIR)}))
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    with pytest.raises(PermissionDenied):
        services.kpi_targets_set(actor=board, user=None, partnership=shk, year=2031, targets={pilots.pk: D("5")})


# ---------------------------------------------------------------- the form


@pytest.mark.django_db
def test_the_form_lists_every_kpi_and_saves_the_years_targets(shk, client_as):
    url = reverse("followup:kpi_targets_edit", args=["shk", 2026])
    client = client_as("processledare")
    response = client.get(url)
    page = text_of(response)
    assert "Nyckeltalens mål för 2026" in page
    assert "Antal genomförda piloter" in page
    assert "Tomt: det stående målet 10 000 000 kr gäller." in page
    values = form_values(response)
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    ideas = Kpi.objects.get(partnership=shk, key="antal-innovationsideer")
    assert values[f"kpi_{pilots.pk}"] == "4"
    response = client.post(url, {**values, f"kpi_{pilots.pk}": "", f"kpi_{ideas.pk}": "12,5"})
    assert response.status_code == 302
    assert response["Location"] == "/shk/styrning/verksamhetsplan/?year=2026#kpi-targets"
    assert not KpiTarget.objects.filter(kpi=pilots, year=2026).exists()
    assert KpiTarget.objects.get(kpi=ideas, year=2026).target == D("12.5")


@pytest.mark.django_db
def test_the_form_says_what_is_wrong_in_swedish(shk, client_as):
    url = reverse("followup:kpi_targets_edit", args=["shk", 2026])
    client = client_as("processledare")
    ideas = Kpi.objects.get(partnership=shk, key="antal-innovationsideer")
    response = client.post(url, {**form_values(client.get(url)), f"kpi_{ideas.pk}": "många"})
    assert response.status_code == 200
    assert "inte ett tal" in text_of(response)
    assert not KpiTarget.objects.filter(kpi=ideas, year=2026).exists()


@pytest.mark.django_db
def test_only_those_who_write_the_plan_see_the_form(client_as):
    url = reverse("followup:kpi_targets_edit", args=["shk", 2026])
    assert client_as("admin").get(url).status_code == 200
    for username in ("lasare", "styrelse", "ekonomi"):
        assert client_as(username).get(url).status_code == 403


@pytest.mark.django_db
def test_a_stale_save_of_the_targets_is_refused(shk, client_as):
    url = reverse("followup:kpi_targets_edit", args=["shk", 2026])
    alice, bob = client_as("admin"), client_as("processledare")
    alice_form, bob_form = form_values(alice.get(url)), form_values(bob.get(url))
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    field = f"kpi_{pilots.pk}"
    assert alice.post(url, {**alice_form, field: "5"}).status_code == 302
    response = bob.post(url, {**bob_form, field: "7"})
    assert response.status_code == 200
    page = text_of(response)
    assert STALE in page
    assert "Antal genomförda piloter (nu: ”5”)" in page
    assert KpiTarget.objects.get(kpi=pilots, year=2026).target == D("5")
    # Bob's value stays in the form with the version he has now seen: saving again goes through.
    again = form_values(response)
    assert again[field] == "7"
    assert bob.post(url, again).status_code == 302
    assert KpiTarget.objects.get(kpi=pilots, year=2026).target == D("7")


@pytest.mark.django_db
def test_saving_the_same_targets_twice_is_no_conflict(shk, client_as):
    url = reverse("followup:kpi_targets_edit", args=["shk", 2026])
    client = client_as("processledare")
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    form = {**form_values(client.get(url)), f"kpi_{pilots.pk}": "9"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert KpiTarget.objects.get(kpi=pilots, year=2026).target == D("9")


# ---------------------------------------------------------------- pages, chart and annual report


@pytest.mark.django_db
def test_the_kpi_pages_measure_against_this_years_target(shk, client_as):
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    Measurement.objects.create(partnership=shk, kpi=pilots, period_start=date(2025, 1, 1), value=D("2"))
    KpiTarget.objects.create(partnership=shk, kpi=pilots, year=2025, target=D("3"))
    detail = text_of(client_as("lasare").get(reverse("followup:kpi_detail", args=["shk", "antal-piloter"])))
    # Today is in 2026, whose illustrative plan sets 4.
    assert "Mål 2026 4 (satt i verksamhetsplanen 2026)" in detail
    # Each period of the trend table stands against its own year's target.
    assert "2025 2 3" in detail
    assert "Målen i årens verksamhetsplaner" in detail
    listing = text_of(client_as("lasare").get(reverse("followup:kpi_list", args=["shk"])))
    assert "Mål 2026 4" in listing
    # The standing target where the year sets none.
    money = text_of(
        client_as("lasare").get(reverse("followup:kpi_detail", args=["shk", "extern-finansiering-beviljad"]))
    )
    assert "Mål 2026 10 000 000 kr (det stående målet)" in money


@pytest.mark.django_db
def test_the_chart_draws_the_target_of_the_year(shk):
    pilots = Kpi.objects.get(partnership=shk, key="antal-piloter")
    Measurement.objects.create(partnership=shk, kpi=pilots, period_start=date(2025, 1, 1), value=D("2"))
    trend = selectors.kpi_trends(shk, [pilots], year=2026)[0]
    assert trend.target == D("4")
    chart = str(charts.kpi_trend_chart(trend))
    assert "Mål 2026 4" in chart
    assert "Mål 2026 4" not in str(charts.kpi_trend_chart(selectors.kpi_trends(shk, [pilots], year=2025)[0]))


@pytest.mark.django_db
def test_the_annual_report_measures_the_year_against_its_own_targets(shk, client_as):
    events = Kpi.objects.get(partnership=shk, key="events-digitala-aktiviteter")
    KpiTarget.objects.create(partnership=shk, kpi=events, year=2023, target=D("25"))
    report = annual_report_build(shk, 2023)
    lines = {k.name: k for k in report.kpis}
    line = lines[events.name]
    assert (line.period, line.value, line.target, line.own_target) == ("2023", D("19"), D("25.000"), True)
    money = lines["Beviljad extern finansiering under året (kr)"]
    assert (money.value, money.target, money.own_target) == (D("11129000"), D("10000000"), False)
    # 2026's own target of events is not 2023's.
    assert annual_report_build(shk, 2026).kpis and {k.name: k.target for k in annual_report_build(shk, 2026).kpis}[
        events.name
    ] == D("20")
    page = text_of(client_as("styrelse").get(reverse("followup:annual_report", args=["shk", 2023])))
    assert "Nyckeltal mot årets mål" in page
    assert "Antal events och digitala aktiviteter som spridit kunskap vunnen i forskning på MDH 2023 19 25" in page
