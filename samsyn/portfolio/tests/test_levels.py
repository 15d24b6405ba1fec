"""Portfolio levels: macro, meso and micro views, the portfolio as
of a date, phase history, balance and exports, as the demo roles use them."""

import re
import subprocess
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samsyn.core.models import AuditEntry, FocusArea, Organization, Partnership, Person
from samsyn.core.reports import report_render
from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from samsyn.portfolio import models as portfolio_models  # Testbed by name would look like a test class
from samsyn.portfolio.models import (
    Colour,
    Discipline,
    Initiative,
    Perspective,
    Phase,
    PhaseChange,
    Portfolio,
    SocietalGoal,
    StatusUpdate,
)
from samsyn.portfolio.rules.phases import phase_as_of, phase_shown
from samsyn.portfolio.tests.bulk import initiatives_bulk_create

D = date.fromisoformat
INDEX = "/shk/portfolj/"
MACRO = "/shk/portfolj/styrelsen/"
BARN = "/shk/portfolj/portfolj-barn-och-unga/"
ALDRE = "/shk/portfolj/portfolj-aldre/"
SKULTUNA = "/shk/portfolj/testbadd-skultuna/"


@pytest.fixture(autouse=True)
def swedish():
    """Expected texts are translated in the language the pages are served in."""
    with translation.override("sv"):
        yield


def history_url(slug):
    return f"/shk/portfolj/initiativ/{slug}/historik/"


# The rule, without a database.

CHANGES = [(D("2023-11-30"), "ongoing"), (D("2023-12-11"), "phase_2")]


@pytest.mark.parametrize(
    "changes,on,expected",
    [
        (CHANGES, D("2023-12-11"), "phase_2"),  # a change exactly on the date counts
        (CHANGES, D("2023-12-10"), "ongoing"),  # the day before it, the earlier phase
        (CHANGES, D("2023-11-30"), "ongoing"),
        (CHANGES, D("2023-11-29"), None),  # before any change: did not exist yet
        (CHANGES, D("2030-01-01"), "phase_2"),
        ([], D("2024-01-01"), None),
        # Two changes the same day: the one recorded later wins, whichever phase it names.
        ([(D("2024-09-19"), "planned"), (D("2024-09-19"), "ongoing")], D("2024-09-19"), "ongoing"),
        ([(D("2024-09-19"), "ongoing"), (D("2024-09-19"), "planned")], D("2024-09-19"), "planned"),
        # A change recorded after the fact with an older date still sorts by date.
        ([(D("2024-09-19"), "ongoing"), (D("2023-12-11"), "planned")], D("2024-01-01"), "planned"),
        ([(D("2024-09-19"), "ongoing"), (D("2023-12-11"), "planned")], D("2024-09-20"), "ongoing"),
    ],
)
def test_phase_as_of(changes, on, expected):
    assert phase_as_of(changes, on) == expected


@pytest.mark.parametrize(
    "changes,current,as_of,expected",
    [
        ([], "ongoing", None, "ongoing"),  # no history: today's view keeps the recorded phase
        ([], "ongoing", D("2023-12-11"), None),  # ...but as of a date nothing shows it existed
        ([(D("2030-01-01"), "planned")], "planned", None, None),  # starts in the future: not yet
        (CHANGES, "phase_2", None, "phase_2"),
        (CHANGES, "phase_2", D("2023-12-01"), "ongoing"),
    ],
)
def test_phase_shown(changes, current, as_of, expected):
    assert phase_shown(changes, current, D("2025-06-01"), as_of) == expected


# Pages.


def report_of(response):
    assert response.status_code == 200, response.status_code
    return response.context["report"]


def names(report):
    return {r.name for r in report.rows}


def phase_of(report, name):
    return next(r.phase for r in report.rows if r.name == name)


def test_index_lists_every_portfolio_by_level(client_as, shk):
    response = client_as("lasare").get(INDEX)
    report = report_of(response)
    html = response.content.decode()
    slugs = [row.slug for level in report.levels for row in level.rows]
    assert sorted(slugs) == sorted(Portfolio.objects.filter(partnership=shk).values_list("slug", flat=True))
    assert [level.level for level in report.levels] == ["macro", "meso", "micro"]
    assert [len(level.rows) for level in report.levels] == [1, 2, 4]
    for slug in slugs:
        assert f'href="/shk/portfolj/{slug}/"' in html
    macro = report.levels[0].rows[0]
    assert macro.total == Initiative.objects.filter(partnership=shk).count()


def test_macro_shows_every_initiative(client_as, shk):
    report = report_of(client_as("styrelse").get(MACRO))
    assert names(report) == set(Initiative.objects.filter(partnership=shk).values_list("name", flat=True))
    assert report.level == "macro"


def test_meso_shows_its_focus_area_only(client_as, shk):
    report = report_of(client_as("lasare").get(BARN))
    expected = set(
        Initiative.objects.filter(partnership=shk, focus_areas__slug="barn-och-unga").values_list("name", flat=True)
    )
    assert names(report) == expected
    assert "Cornerstone Indicators" in expected and "Co-working" in expected  # both areas: in both portfolios
    assert "Måltider och möten" not in names(report)
    aldre = report_of(client_as("lasare").get(ALDRE))
    assert "Måltider och möten" in names(aldre) and "Cornerstone Indicators" not in names(aldre)


def test_micro_shows_its_testbed_only(client_as, shk):
    report = report_of(client_as("lasare").get(SKULTUNA))
    expected = set(Initiative.objects.filter(partnership=shk, testbed__slug="skultuna").values_list("name", flat=True))
    assert names(report) == expected and "PUG Civilsamhälle" in expected
    assert "Den utforskande spiralen" not in names(report)  # Zetterbergsgymnasiet's


def test_groups_by_societal_goal_and_phase_with_counts(client_as, shk):
    barn_goal = SocietalGoal.objects.get(partnership=shk, key="barn-medskapa-livsmiljoer")
    Initiative.objects.get(partnership=shk, slug="pa-barn-och-ungas-villkor").societal_goals.add(barn_goal)
    Initiative.objects.get(partnership=shk, slug="pug-civilsamhalle").societal_goals.add(barn_goal)
    report = report_of(client_as("lasare").get(BARN))
    groups = {g.key: g for g in report.goal_groups}
    # The meso portfolio answers to its own focus area's goals only.
    assert set(groups) == {"barn-medskapa-livsmiljoer", ""}
    goal = groups["barn-medskapa-livsmiljoer"]
    assert [r.name for r in goal.rows] == [
        "PUG Civilsamhälle",
        "På barn och ungas villkor",
    ]  # by phase: ongoing, phase 2
    phases = [key for key, _label in report.phases]
    assert goal.counts[phases.index("phase_2")] == 1 and goal.counts[phases.index("ongoing")] == 1
    assert groups[""].total == report.total - 2
    # The foot row counts each initiative once.
    assert sum(r.count for r in report.phase_counts) == report.total
    html = client_as("lasare").get(BARN).content.decode()
    assert 'id="goal-phase"' in html and "<tfoot>" in html


def test_goals_without_initiatives_are_zero_rows_and_missing(client_as, shk):
    report = report_of(client_as("lasare").get(ALDRE))
    keys = [g.key for g in report.goal_groups]
    assert keys == ["aldre-halsa-valbefinnande", "aldre-sjalvbestammande-trygghet", "aldre-kunskapsutbyte-larande", ""]
    assert all(g.total == 0 for g in report.goal_groups[:3])
    goal = report.goal_groups[0].title
    assert _("No initiative towards the societal goal “%(text)s”") % {"text": goal} in report.missing


def test_status_colour_is_the_latest_update_with_its_name(client_as, shk):
    # Start from no statuses at all: the demo records a few from the seeds.
    StatusUpdate.objects.filter(partnership=shk).delete()
    initiative = Initiative.objects.get(partnership=shk, slug="cornerstone-indicators")
    StatusUpdate.objects.create(
        partnership=shk, initiative=initiative, date=D("2024-01-10"), colour=Colour.RED, text="Stod still"
    )
    StatusUpdate.objects.create(
        partnership=shk, initiative=initiative, date=D("2024-03-01"), colour=Colour.GREEN, text="Studenterna har börjat"
    )
    response = client_as("lasare").get(BARN)
    report = report_of(response)
    row = next(r for r in report.rows if r.slug == "cornerstone-indicators")
    assert (row.status_colour, row.status_label, row.status_text) == (
        "green",
        str(Colour.GREEN.label),
        "Studenterna har börjat",
    )
    html = response.content.decode()
    # The colour is written out, not only shown.
    assert re.search(r'class="status status-green"[^>]*>.*?</span> ' + re.escape(str(Colour.GREEN.label)), html)
    others = [r for r in report.rows if r.slug != "cornerstone-indicators"]
    assert all(r.status_label == _("No status") and r.status_colour == "" for r in others)
    counts = {r.key: r.count for r in report.status_counts}
    assert counts["green"] == 1 and counts["red"] == 0 and counts[""] == report.total - 1
    # As of a date the status is the latest update on or before it.
    earlier = report_of(client_as("lasare").get(BARN + "?per=2024-02-01"))
    assert next(r for r in earlier.rows if r.slug == "cornerstone-indicators").status_colour == "red"


@pytest.mark.parametrize(
    "query,included,excluded",
    [
        ("phase=phase_2", "Cornerstone Indicators", "PUG Civilsamhälle"),
        ("party=eskilstuna", "Den utforskande spiralen", "PUG Civilsamhälle"),
        ("testbed=zetterbergsgymnasiet", "Den utforskande spiralen", "Cornerstone Indicators"),
        ("q=drömfabriken", "Portföljstyrning i Drömfabriken", "Studentcoacher"),
        ("q=cornerstone&phase=phase_2", "Cornerstone Indicators", "Demokratisk infrastruktur"),
    ],
)
def test_filters(client_as, shk, query, included, excluded):
    report = report_of(client_as("lasare").get(f"{BARN}?{query}"))
    assert included in names(report) and excluded not in names(report)
    assert report.filters


def test_filter_by_perspective(client_as, shk):
    perspective = Perspective.objects.get(partnership=shk, slug="tillitsskapande")
    Initiative.objects.get(partnership=shk, slug="studentcoacher").perspectives.add(perspective)
    report = report_of(client_as("lasare").get(f"{MACRO}?perspective=tillitsskapande"))
    assert names(report) == {"Studentcoacher"}


def test_phase_filter_uses_the_phase_as_of_the_date(client_as, shk):
    report = report_of(client_as("lasare").get(f"{BARN}?per=2023-12-10&phase=ongoing"))
    assert "Cornerstone Indicators" in names(report)  # ongoing the day before the Core Team's decision
    report = report_of(client_as("lasare").get(f"{BARN}?per=2023-12-11&phase=ongoing"))
    assert "Cornerstone Indicators" not in names(report)


def test_unknown_filter_values_are_form_errors_not_a_crash(client_as, shk):
    response = client_as("lasare").get(f"{BARN}?phase=nope&party=finns-inte&q=cornerstone")
    report = report_of(response)
    assert set(response.context["form"].errors) == {"phase", "party"}
    assert names(report) == {"Cornerstone Indicators"}  # the valid filter still applies
    assert 'role="alert"' in response.content.decode()


def test_as_of_2023_12_11_barn_och_unga(client_as, shk):
    """Seed 001: the Core Team's proposal of 2023-12-11 takes three initiatives into phase 2 and
    continues 'Styrning och ledning KUG trygghet' in phase 1."""
    report = report_of(client_as("coreteam-barn").get(BARN + "?per=2023-12-11"))
    assert report.as_of == D("2023-12-11")
    for name in ["Demokratisk infrastruktur", "På barn och ungas villkor", "Cornerstone Indicators"]:
        assert phase_of(report, name) == "phase_2"
    assert phase_of(report, "Styrning och ledning KUG trygghet") == "phase_1"
    # Started later, by their history: not in the portfolio that day.
    assert "Portfölj lärande" not in names(report)  # first recorded 2024-09-19
    assert "Skultuna Andan 2.0" not in names(report)  # seed 003, dated the end of 2023
    # The new proposals of the same day are there, planned.
    assert phase_of(report, "Normförskjutning") == "planned"
    html = client_as("coreteam-barn").get(BARN + "?per=2023-12-11").content.decode()
    assert 'value="2023-12-11"' in html


def test_as_of_the_day_before_shows_the_earlier_phase(client_as, shk):
    report = report_of(client_as("lasare").get(BARN + "?per=2023-12-10"))
    assert phase_of(report, "Cornerstone Indicators") == "ongoing"
    assert "Styrning och ledning KUG trygghet" not in names(report)


def test_as_of_a_date_before_any_history_is_empty(client_as, shk):
    report = report_of(client_as("lasare").get(MACRO + "?per=2020-01-01"))
    assert report.total == 0 and report.rows == ()


def test_september_2024_shows_what_is_recorded_not_the_seeds_counts(client_as, shk):
    """Seed 004 counts 13 and 7 initiatives in September 2024 without naming them: the page counts
    the recorded ones and invents none."""
    on = D("2024-09-19")
    for url, slug in [(BARN, "barn-och-unga"), (ALDRE, "aldre")]:
        report = report_of(client_as("lasare").get(f"{url}?per={on}"))
        recorded = {
            i.name
            for i in Initiative.objects.filter(partnership=shk, focus_areas__slug=slug)
            if i.phase_changes.filter(date__lte=on).exists()
        }
        assert names(report) == recorded
    assert Initiative.objects.filter(partnership=shk).count() == 33


def test_invalid_date_is_a_form_error_and_shows_today(client_as, shk):
    response = client_as("lasare").get(BARN + "?per=2023-13-45")
    report = report_of(response)
    assert "per" in response.context["form"].errors
    assert report.as_of is None and report.total > 0
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_per"' in html
    # A file of a view with a wrong date is not produced: the page with the error is.
    response = client_as("lasare").get(BARN + "?per=nej&format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_index_as_of_counts_the_portfolio_that_day(client_as, shk):
    report = report_of(client_as("lasare").get(INDEX + "?per=2023-12-11"))
    barn = next(r for level in report.levels for r in level.rows if r.slug == "portfolj-barn-och-unga")
    detail = report_of(client_as("lasare").get(BARN + "?per=2023-12-11"))
    assert barn.total == detail.total
    assert list(barn.counts) == [r.count for r in detail.phase_counts]


def test_initiative_that_starts_in_the_future_is_not_shown_today(client_as, shk):
    future = timezone.localdate() + timedelta(days=30)
    initiative = Initiative.objects.create(partnership=shk, slug="kommande", name="Kommande", phase=Phase.PLANNED)
    initiative.focus_areas.add(FocusArea.objects.get(partnership=shk, slug="aldre"))
    PhaseChange.objects.create(partnership=shk, initiative=initiative, phase=Phase.PLANNED, date=future, decision="x")
    assert "Kommande" not in names(report_of(client_as("lasare").get(ALDRE)))
    assert "Kommande" in names(report_of(client_as("lasare").get(f"{ALDRE}?per={future}")))


# Phase history.


def test_history_page_lists_every_change(client_as, shk):
    response = client_as("lasare").get(history_url("cornerstone-indicators"))
    assert response.status_code == 200
    changes = response.context["changes"]
    assert [(c.date, c.phase) for c in changes] == [(D("2023-11-30"), "ongoing"), (D("2023-12-11"), "phase_2")]
    html = response.content.decode()
    assert "2023-11-30" in html and "2023-12-11" in html and "beslutsunderlag" in html
    assert str(Phase.PHASE_2.label) in html
    assert 'method="post"' not in html.split("<main")[1]  # a reader gets no form


@pytest.mark.parametrize("username", ["lasare", "styrelse", "ekonomi", "initiativagare"])
def test_reader_and_board_member_cannot_record_a_phase_change(client_as, shk, username):
    client = client_as(username)
    before = PhaseChange.objects.count()
    main = client.get(history_url("cornerstone-indicators")).content.decode().split("<main")[1]
    assert 'method="post"' not in main
    response = client.post(
        history_url("cornerstone-indicators"), {"phase": "completed", "date": "2024-10-01", "decision": "Nej"}
    )
    assert response.status_code == 403
    assert PhaseChange.objects.count() == before
    assert Initiative.objects.get(partnership=shk, slug="cornerstone-indicators").phase == "phase_2"


def test_core_team_records_a_phase_change_in_its_own_focus_area(client_as, shk):
    client = client_as("coreteam-barn")
    url = history_url("perspektivskifte-tidiga-insatser")
    assert 'method="post"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "phase": "ongoing",
            "date": "2024-02-01",
            "decision": "Core Team-möte 2024-02-01, punkt 3",
            "source": "Protokoll",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    initiative = Initiative.objects.get(partnership=shk, slug="perspektivskifte-tidiga-insatser")
    change = initiative.phase_changes.order_by("-pk").first()
    assert (change.phase, change.date, change.decision, change.source) == (
        "ongoing",
        D("2024-02-01"),
        "Core Team-möte 2024-02-01, punkt 3",
        "Protokoll",
    )
    assert change.recorded_by.username == "coreteam-barn"
    assert initiative.phase == "ongoing"
    entry = AuditEntry.objects.filter(action="initiative.move_phase", object_id=str(initiative.pk)).latest("at")
    assert entry.user.username == "coreteam-barn" and entry.after["decision"] == "Core Team-möte 2024-02-01, punkt 3"
    html = client.get(url).content.decode()
    assert "Core Team-möte 2024-02-01, punkt 3" in html
    assert (change.recorded_by.get_full_name() or "coreteam-barn") in html
    # The portfolio as of the day before still shows it planned.
    assert phase_of(report_of(client.get(BARN + "?per=2024-01-31")), "Perspektivskifte tidiga insatser") == "planned"
    assert phase_of(report_of(client.get(BARN + "?per=2024-02-01")), "Perspektivskifte tidiga insatser") == "ongoing"


def test_core_team_cannot_move_the_other_focus_areas_initiative(client_as, shk):
    client = client_as("coreteam-barn")
    url = history_url("maltider-och-moten")
    assert 'method="post"' not in client.get(url).content.decode().split("<main")[1]
    before = PhaseChange.objects.count()
    response = client.post(url, {"phase": "completed", "date": "2024-10-01", "decision": "Beslut"})
    assert response.status_code == 403 and PhaseChange.objects.count() == before


def test_the_decision_is_required(client_as, shk):
    before = PhaseChange.objects.count()
    response = client_as("coreteam-barn").post(
        history_url("studentcoacher"), {"phase": "completed", "date": "2024-10-01", "decision": "  "}
    )
    assert response.status_code == 200
    assert "decision" in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    response = client_as("coreteam-barn").post(
        history_url("studentcoacher"), {"phase": "completed", "date": "2024-13-01", "decision": "Beslut"}
    )
    assert "date" in response.context["form"].errors
    assert PhaseChange.objects.count() == before


def test_unknown_initiative_history_is_404(client_as, shk):
    assert client_as("lasare").get(history_url("finns-inte")).status_code == 404


# Balance.


def balance_of(report, key):
    table = next(t for t in report.balance if t.key == key)
    return {r.label: r.count for r in table.rows}, table


def test_balance_shows_every_row_and_what_is_missing(client_as, shk):
    report = report_of(client_as("coreteam-aldre").get(ALDRE))
    perspectives, table = balance_of(report, "perspectives")
    assert len(perspectives) == Perspective.objects.filter(partnership=shk).count() == 9
    assert set(perspectives.values()) == {0} and table.none_count == report.total  # none recorded in the demo
    kinds, _kinds_table = balance_of(report, "partner_kinds")
    assert kinds[str(Organization.Kind.CIVIL_SOCIETY.label)] == 0
    assert _("No initiative with civil society as partner") in report.missing
    assert _("No initiative with the perspective “%(name)s”") % {"name": "Tillitsskapande"} in report.missing
    parties, _t = balance_of(report, "parties")
    assert parties["Eskilstuna kommun"] == sum(1 for r in report.rows if "Eskilstuna kommun" in r.parties)
    areas, _t = balance_of(report, "focus_areas")
    assert areas["Välmående och självständiga äldre"] == report.total
    assert areas["Alla barn och unga lyckas"] == 2  # Co-working and Future Impact Champion belong to both
    phases, _t = balance_of(report, "phases")
    assert sum(phases.values()) == report.total
    assert len(Discipline.objects.filter(partnership=shk)) == len(balance_of(report, "disciplines")[0])
    html = client_as("coreteam-aldre").get(ALDRE).content.decode()
    assert 'id="missing-list"' in html and 'id="table-perspectives"' in html


def test_barn_och_unga_has_civil_society_partners(client_as, shk):
    report = report_of(client_as("lasare").get(BARN))
    kinds, _t = balance_of(report, "partner_kinds")
    # RF-SISU in Physical literacy, The Wellbeing Economy Alliance in Cornerstone Indicators.
    assert kinds[str(Organization.Kind.CIVIL_SOCIETY.label)] == 2
    assert _("No initiative with civil society as partner") not in report.missing


def test_balance_follows_the_filters(client_as, shk):
    report = report_of(client_as("lasare").get(BARN + "?testbed=zetterbergsgymnasiet"))
    disciplines, _t = balance_of(report, "disciplines")
    assert disciplines["Pedagogik"] == 1 and disciplines["Folkhälsa"] == 0


# Exports: the same figures as the page.


def xlsx_cells(response):
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def pdf_text(response):
    """The PDF's text in the order it was written: cell by cell, a table row's cells in turn."""
    assert response["Content-Type"] == "application/pdf"
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True)
    return done.stdout.decode()


def test_xlsx_renderer_reads_only_the_report():
    """A hand-made report, no database: the workbook holds exactly its figures."""
    from openpyxl import load_workbook

    from samsyn.portfolio.reports.levels import (
        BalanceTable,
        CountRow,
        GoalGroup,
        InitiativeRow,
        PortfolioReport,
    )

    row = InitiativeRow(
        slug="a",
        name="Initiativ A",
        phase="phase_2",
        phase_label="Fas 2",
        status_colour="green",
        status_label="Grön",
        status_date=D("2024-01-02"),
        status_text="Bra",
        focus_areas=("Barn",),
        societal_goals=("Mål 1",),
        testbed="Skultuna",
        owner="",
        parties=("MDU",),
        partners=(),
        perspectives=(),
        disciplines=("AI",),
    )
    phases = tuple((p.value, str(p.label)) for p in Phase)
    counts = tuple(1 if p == Phase.PHASE_2 else 0 for p in Phase)
    report = PortfolioReport(
        slug="x",
        name="Portfölj X",
        level="meso",
        level_label="Meso",
        owner_label="Core Team",
        scope="Barn",
        as_of=D("2023-12-11"),
        today=D("2025-01-01"),
        filters=(("Fas", "Fas 2"),),
        phases=phases,
        phase_counts=tuple(CountRow(k, label, n) for (k, label), n in zip(phases, counts, strict=True)),
        status_counts=(CountRow("green", "Grön", 1), CountRow("", "Ingen status", 0)),
        goal_groups=(GoalGroup("g1", "Mål 1", counts, (row,)), GoalGroup("", "Inget mål", tuple(0 for _ in Phase), ())),
        rows=(row,),
        balance=(
            BalanceTable("perspectives", "Perspektiv", "Perspektiv", (CountRow("1", "Trygghet", 0),), "Inget", 1),
        ),
        missing=("Inget initiativ med perspektivet Trygghet",),
    )
    wb = load_workbook(BytesIO(report_render("portfolio", report, "xlsx")))
    values = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    summary, items, balance = values[_("Portfolio")], values[_("Initiatives")], values[_("Balance")]
    assert ["Mål 1", 0, 0, 0, 0, 1, 0, 1] in summary and ["Fas", "Fas 2"] in [r[:2] for r in summary]
    assert items[2][:4] == ["Initiativ A", "Mål 1", "Fas 2", "Grön"] and items[2][4].date() == D("2024-01-02")
    assert ["Trygghet", 0] in [r[:2] for r in balance] and ["Inget", 1] in [r[:2] for r in balance]
    assert ["Inget initiativ med perspektivet Trygghet"] in [r[:1] for r in balance]


@pytest.mark.parametrize(
    "url",
    [
        BARN,
        BARN + "?per=2023-12-11",
        ALDRE + "?party=eskilstuna",
        SKULTUNA + "?per=2024-09-19&phase=ongoing",
        MACRO + "?q=fas",
    ],
)
def test_xlsx_has_the_pages_figures(client_as, shk, url):
    client = client_as("lasare")
    report = report_of(client.get(url))
    sep = "&" if "?" in url else "?"
    response = client.get(url + sep + "format=xlsx")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheets = xlsx_cells(response)
    summary, items, balance = sheets[_("Portfolio")[:31]], sheets[_("Initiatives")[:31]], sheets[_("Balance")[:31]]
    assert [report.name] in [row[:1] for row in summary]
    assert [_("Initiatives"), report.total] in [list(row[:2]) for row in summary]
    foot = next(row for row in summary if row[0] == _("All initiatives (each counted once)"))
    assert list(foot[1:]) == [r.count for r in report.phase_counts] + [report.total]
    for group in report.goal_groups:
        row = next(row for row in summary if row[0] == group.title)
        assert list(row[1:]) == [*list(group.counts), group.total]
    status = {row[0]: row[1] for row in summary if row and row[0] in {r.label for r in report.status_counts}}
    assert status == {r.label: r.count for r in report.status_counts}
    header = items[1]
    listed = [row for row in items[2:] if row and row[0]]
    assert [row[0] for row in listed] == [r.name for r in report.rows]
    assert [row[header.index(_("Phase"))] for row in listed] == [r.phase_label for r in report.rows]
    for line in report.missing:
        assert [line] in [list(row[:1]) for row in balance]
    for table in report.balance:
        start = next(i for i, row in enumerate(balance) if row[0] == table.title)
        got = {row[0]: row[1] for row in balance[start + 2 : start + 2 + len(table.rows)]}
        assert got == {r.label: r.count for r in table.rows}
    if report.as_of:
        assert report.as_of.isoformat() in str(summary)
    for label, value in report.filters:
        assert [label, value] in [list(row[:2]) for row in summary]


@pytest.mark.parametrize("url", [BARN + "?per=2023-12-11", ALDRE + "?party=eskilstuna"])
def test_pdf_has_the_pages_figures(client_as, shk, url):
    client = client_as("lasare")
    report = report_of(client.get(url))
    response = client.get(url + "&format=pdf")
    assert ".pdf" in response["Content-Disposition"]
    flat = " ".join(pdf_text(response).split())
    assert report.name in flat
    for row in report.rows:
        assert row.name in flat
    foot = _("All initiatives (each counted once)")
    figures = [int(n) for n in flat.split(foot)[1].split()[: len(report.phase_counts) + 1]]
    assert figures == [r.count for r in report.phase_counts] + [report.total]
    for line in report.missing:
        assert line in flat
    if report.as_of:
        assert report.as_of.isoformat() in flat
    # Forms and download links are for the screen only.
    assert _("Download this view:") not in flat


def test_index_exports(client_as, shk):
    client = client_as("lasare")
    report = report_of(client.get(INDEX + "?per=2023-12-11"))
    sheets = xlsx_cells(client.get(INDEX + "?per=2023-12-11&format=xlsx"))
    rows = next(iter(sheets.values()))
    for level in report.levels:
        for r in level.rows:
            assert [r.name, r.owner_label, r.scope, *list(r.counts), r.total] in [list(row) for row in rows]
    flat = " ".join(pdf_text(client.get(INDEX + "?per=2023-12-11&format=pdf")).split())
    for level in report.levels:
        for r in level.rows:
            assert f"{r.name} {r.scope} " + " ".join(map(str, [*list(r.counts), r.total])) in flat


def test_other_formats_are_ignored(client_as, shk):
    response = client_as("lasare").get(BARN + "?format=exe")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


# Tenancy.


@pytest.fixture
def other_partnership(db):
    other = Partnership.objects.create(slug="annat", name="Ett annat partnerskap")
    Portfolio.objects.create(partnership=other, slug="annan-portfolj", name="Annan", level="macro", owner="board")
    Initiative.objects.create(partnership=other, slug="hemligt", name="Hemligt", phase=Phase.ONGOING)
    return other


def test_another_partnerships_portfolio_is_404(client_as, shk, other_partnership):
    client = client_as("admin")
    assert client.get("/shk/portfolj/annan-portfolj/").status_code == 404
    assert client.get("/shk/portfolj/annan-portfolj/?format=xlsx").status_code == 404
    assert client.get(history_url("hemligt")).status_code == 404
    assert client.get("/annat/portfolj/").status_code == 404
    assert client.get("/annat/portfolj/annan-portfolj/").status_code == 404
    assert "Hemligt" not in names(report_of(client.get(MACRO)))
    assert "annan-portfolj" not in client.get(INDEX).content.decode()


def test_anonymous_visitor_is_sent_to_the_login(client, shk):
    response = client.get(BARN)
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


# Constant queries whatever the data size.


def _add_initiatives(shk, n):
    areas = list(FocusArea.objects.filter(partnership=shk))
    owner = Person.objects.filter(partnership=shk).first()
    parties = list(Organization.objects.filter(partnership=shk, memberships__isnull=False).distinct())
    partners = list(Organization.objects.filter(partnership=shk, kind=Organization.Kind.CIVIL_SOCIETY))
    perspectives = list(Perspective.objects.filter(partnership=shk)[:3])
    disciplines = list(Discipline.objects.filter(partnership=shk)[:2])
    goals = list(SocietalGoal.objects.filter(partnership=shk))
    testbed = portfolio_models.Testbed.objects.get(partnership=shk, slug="skultuna")
    created = initiatives_bulk_create(
        shk,
        n,
        name="Extra {k} fas",
        owner=owner,
        testbed=testbed,
        phase=Phase.ONGOING,
        relations={
            "focus_areas": areas,
            "parties": parties,
            "partners": partners,
            "perspectives": perspectives,
            "disciplines": disciplines,
            "societal_goals": goals,
        },
    )
    PhaseChange.objects.bulk_create(
        PhaseChange(partnership=shk, initiative=i, phase=phase, date=D(day), decision="d")
        for i in created
        for phase, day in ((Phase.PLANNED, "2023-01-01"), (Phase.ONGOING, "2023-06-01"))
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(partnership=shk, initiative=i, date=D("2023-07-01"), colour=Colour.YELLOW, text="t")
        for i in created
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        INDEX,
        INDEX + "?per=2023-12-11",
        MACRO,
        BARN + "?per=2023-12-11&phase=ongoing&party=vasteras",
        SKULTUNA + "?q=extra",
        MACRO + "?perspective=tillitsskapande&testbed=skultuna&focus_area=aldre",
        MACRO + "?format=xlsx",
        history_url("cornerstone-indicators"),
    ],
)
@pytest.mark.parametrize("username", ["coreteam-barn", "lasare"])
def test_pages_run_a_fixed_number_of_queries(client_as, shk, url, username, no_search_index):
    client = client_as(username)
    _add_initiatives(shk, 60)
    first = _queries(client, url)
    Initiative.objects.filter(slug__startswith="extra-").delete()
    _add_initiatives(shk, 140)
    assert _queries(client, url) == first


# In a real browser: axe-core clean, usable on a phone, and a phase change recorded through the form.


@pytest.mark.browser
def test_browser_portfolio_pages_and_recording_a_phase_change(new_page):
    from playwright.sync_api import expect

    page = new_page(username="coreteam-barn")
    page.goto(INDEX)
    assert_accessible(page, "portfolio overview")
    page.locator(f"a[href='{BARN}']").click()
    expect(page.locator("h1")).to_have_text("Portfölj Alla barn och unga lyckas")
    assert_accessible(page, "meso portfolio")

    # The as-of form: pick a date, see the portfolio of that day.
    page.locator("#id_per").fill("2023-12-11")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"per=2023-12-11"))
    row = page.locator("tr", has=page.locator("th a", has_text="Cornerstone Indicators"))
    expect(row.locator(".phase")).to_have_text("Fas 2")
    assert_accessible(page, "meso portfolio as of 2023-12-11")

    # A wrong date is an error message linked to the field, not a crash.
    page.goto(BARN + "?per=2023-02-31")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "portfolio with a date error")

    # Phase history: record a change through the form.
    page.goto(history_url("perspektivskifte-tidiga-insatser"))
    assert_accessible(page, "phase history")
    page.locator("#id_phase").select_option("ongoing")
    page.locator("#id_date").fill("2024-03-01")
    page.locator("#id_decision").fill("Core Team-möte 2024-03-01")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".message")).to_be_visible()
    expect(page.locator("#history tbody tr").last).to_contain_text("Core Team-möte 2024-03-01")
    expect(page.locator("#history tbody tr").last).to_contain_text("2024-03-01")
    assert_accessible(page, "phase history after recording")

    # Without a decision the form says what is missing.
    page.locator("#id_decision").fill("")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "phase history form with an error")

    phone = new_page(viewport=PHONE, username="lasare", is_mobile=True, has_touch=True)
    for url, label in [
        (INDEX, "portfolio overview"),
        (BARN, "meso portfolio"),
        (history_url("cornerstone-indicators"), "phase history"),
    ]:
        phone.goto(url)
        assert_accessible(phone, f"{label} on a phone")
        assert_no_horizontal_scroll(phone, f"{label} on a phone")
