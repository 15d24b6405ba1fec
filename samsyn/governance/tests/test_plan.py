"""The business plan of a year: the rules of its years and numerals, the demo's plans 2025 (seed 000)
and 2026 (illustrative), its page, its writes and their history, and a new year started from the
year before's."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.core.models import AuditEntry, Partnership, Person
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.governance import services
from samsyn.governance.models import BusinessPlan, GoalActivity, GoalStatus, OperationalGoal
from samsyn.governance.rules import (
    PlanStartRefusal,
    numbers_closed,
    plan_start_refusal,
    plan_years_offered,
    roman_numeral,
)

plans = services.plans
URL = "/shk/styrning/verksamhetsplan/"


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def leader(shk):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))


# ---------------------------------------------------------------- rules, without a database


@pytest.mark.parametrize(
    "planned, today, expected",
    [
        ({2023, 2024, 2025, 2026}, 2026, [2023, 2024, 2025, 2026, 2027]),
        # This year is offered even before anything is written for it, and the next after it.
        ({2023, 2024}, 2026, [2023, 2024, 2026, 2027]),
        # A plan written ahead: the year after the latest plan is where the next one starts.
        ({2026, 2027}, 2026, [2026, 2027, 2028]),
        (set(), 2026, [2026, 2027]),
    ],
)
def test_plan_years_offered(planned, today, expected):
    assert plan_years_offered(planned=planned, today_year=today) == expected


@pytest.mark.parametrize(
    "in_year, in_previous, expected",
    [
        (0, 5, None),
        (1, 5, PlanStartRefusal.YEAR_HAS_GOALS),
        (5, 0, PlanStartRefusal.YEAR_HAS_GOALS),
        (0, 0, PlanStartRefusal.NOTHING_TO_COPY),
    ],
)
def test_plan_start_refusal(in_year, in_previous, expected):
    assert plan_start_refusal(goals_in_year=in_year, goals_in_previous=in_previous) is expected


@pytest.mark.parametrize(
    "numbers, removed, expected",
    [
        ([1, 3, 4, 5], 2, [(3, 2), (4, 3), (5, 4)]),
        ([5, 4, 3, 1], 2, [(3, 2), (4, 3), (5, 4)]),
        ([1, 2, 3, 4], 5, []),
        ([2, 3], 1, [(2, 1), (3, 2)]),
        ([], 1, []),
    ],
)
def test_numbers_closed(numbers, removed, expected):
    assert numbers_closed(numbers, removed) == expected


@pytest.mark.parametrize("number, numeral", [(1, "I"), (4, "IV"), (5, "V"), (9, "IX"), (10, "X"), (11, "11"), (0, "0")])
def test_roman_numeral(number, numeral):
    assert roman_numeral(number) == numeral


# ---------------------------------------------------------------- the demo's plans


@pytest.mark.django_db
def test_the_2025_plan_is_seed_000(shk):
    plan = BusinessPlan.objects.get(partnership=shk, year=2025)
    assert plan.introduction.startswith("Samhällskontraktet ska hantera de komplexa samhällsutmaningar")
    assert "Ett tryggt och hållbart samhälle präglad av tillit" in plan.vision
    assert "Fokusområde – Välmående och självständiga äldre" in plan.vision
    assert "- Ökad brukartid – skola, vård och omsorg utifrån invånarnas behov" in plan.vision
    assert "ILLUSTRATIV" not in plan.introduction
    goals = list(OperationalGoal.objects.filter(partnership=shk, year=2025).order_by("number"))
    assert [g.roman for g in goals] == ["I", "II", "III", "IV", "V"]
    assert [g.activities.count() for g in goals] == [6, 2, 4, 5, 2]
    assert goals[4].target_ore == 10_000_000_00
    assert goals[2].activities.order_by("order")[1].text == (
        "En vidareutvecklad kommunikationsstrategi presenteras för och beslutas av styrelsen i januari 2025."
    )


@pytest.mark.django_db
def test_the_2026_plan_is_illustrative_and_started_from_2025(shk):
    plan = BusinessPlan.objects.get(partnership=shk, year=2026)
    assert plan.introduction.startswith("ILLUSTRATIVT EXEMPEL.")
    assert "inte bland handlingarna" in plan.introduction
    assert plan.adopted_on is None
    old = list(OperationalGoal.objects.filter(partnership=shk, year=2025).order_by("number"))
    new = list(OperationalGoal.objects.filter(partnership=shk, year=2026).order_by("number"))
    assert [(g.number, g.title, g.text, g.target_ore) for g in new] == [
        (g.number, g.title, g.text, g.target_ore) for g in old
    ]
    assert [list(g.activities.values_list("text", flat=True)) for g in new] == [
        list(g.activities.values_list("text", flat=True)) for g in old
    ]
    assert {g.number: g.responsible.name for g in new if g.responsible} == {
        1: "Emma Mossberg",
        3: "Johannes Ollson",
        5: "Jonas Stier",
    }
    assert not GoalStatus.objects.filter(goal__in=new).exists()


# ---------------------------------------------------------------- the page


@pytest.mark.django_db
def test_the_plan_page_shows_the_whole_plan_of_2025(client_as):
    page = text_of(client_as("lasare").get(URL, {"year": "2025"}))
    assert "Verksamhetsplan 2025" in page
    assert "Inledning" in page and "Vision och inriktning" in page
    assert "Samhällskontraktet ska hantera de komplexa samhällsutmaningar" in page
    assert "V. Uppväxling" in page
    assert "Fortsätta säkra forskningsfinansiering av 10 miljoner från MDU" in page
    assert "Målbelopp 10 000 000 kr" in page.replace("\xa0", " ").replace("\u202f", " ")
    assert "Inte antagen av styrelsen enligt Samsyn." in page
    # A reader reads: no way to change anything.
    assert "Ändra mål" not in page and "Lägg till ett verksamhetsmål" not in page


@pytest.mark.django_db
def test_this_year_is_shown_unless_another_is_asked(client_as):
    page = text_of(client_as("lasare").get(URL))
    # Today is in 2026 (the machine's date, as everywhere in the demo): the illustrative plan.
    assert "Verksamhetsplan 2026" in page
    assert "ILLUSTRATIVT EXEMPEL." in page
    assert "Ansvarig Emma Mossberg" in page and "Ingen utsedd" in page
    # Years are written without a thousands space, in the switcher too.
    assert "2 026" not in page.replace("\xa0", " ")
    assert 'href="?year=2027"' in client_as("lasare").get(URL).content.decode()


@pytest.mark.django_db
def test_an_empty_year_offers_to_start_from_the_year_before(client_as):
    html = client_as("processledare").get(URL, {"year": "2027"}).content.decode()
    page = text_of(client_as("processledare").get(URL, {"year": "2027"}))
    assert "Det finns ingen verksamhetsplan för 2027 än." in page
    assert "Starta 2027 från planen för 2026" in page
    assert 'action="/shk/styrning/verksamhetsplan/2027/starta/"' in html
    # A reader is told who writes it, and offered nothing to post.
    reader = client_as("lasare").get(URL, {"year": "2027"})
    assert "Processtödet skriver årets plan" in text_of(reader)
    assert "/starta/" not in reader.content.decode()


@pytest.mark.django_db
def test_an_empty_year_without_a_plan_before_says_where_to_begin(client_as):
    page = text_of(client_as("processledare").get(URL, {"year": "2021"}))
    assert "Det finns ingen verksamhetsplan för 2021 än." in page
    assert "Starta 2021" not in page
    assert "Lägg till det första verksamhetsmålet" in page


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "10000", "abc", "-1"])
def test_a_year_no_plan_can_be_about_is_not_found(client_as, year):
    response = client_as("admin").get(URL, {"year": year})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_plan_page_runs_a_constant_number_of_queries(shk, client_as, no_search_index):
    client = client_as("processledare")
    url = f"{URL}?year=2026"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    person = Person.objects.filter(partnership=shk).first()
    for n in range(6, 14):
        goal = OperationalGoal.objects.create(
            partnership=shk, year=2026, number=n, title=f"Mål {n}", text="Text", responsible=person
        )
        for order in range(1, 4):
            GoalActivity.objects.create(partnership=shk, goal=goal, order=order, text="Akt", responsible=person)
    assert count() == before


# ---------------------------------------------------------------- writes and their history


@pytest.mark.django_db
def test_goals_are_numbered_moved_and_removed_without_gaps(shk):
    actor = leader(shk)
    one = plans.goal_create(actor=actor, user=None, partnership=shk, year=2031, title="Ett", text="Första målet")
    two = plans.goal_create(actor=actor, user=None, partnership=shk, year=2031, title="Två", text="Andra målet")
    three = plans.goal_create(actor=actor, user=None, partnership=shk, year=2031, title="Tre", text="Tredje målet")
    assert [one.roman, two.roman, three.roman] == ["I", "II", "III"]
    assert plans.goal_move(actor=actor, user=None, goal=three, direction="up")
    assert list(OperationalGoal.objects.filter(partnership=shk, year=2031).values_list("title", flat=True)) == [
        "Ett",
        "Tre",
        "Två",
    ]
    assert not plans.goal_move(actor=actor, user=None, goal=one, direction="up")
    plans.goal_delete(actor=actor, user=None, goal=one)
    assert list(OperationalGoal.objects.filter(partnership=shk, year=2031).values_list("number", "title")) == [
        (1, "Tre"),
        (2, "Två"),
    ]
    entry = AuditEntry.objects.filter(action="goal.delete", object_id=str(one.pk)).get()
    assert entry.before["text"] == "Första målet"


@pytest.mark.django_db
def test_activities_are_added_changed_moved_and_removed(shk):
    actor = leader(shk)
    goal = OperationalGoal.objects.get(partnership=shk, year=2026, number=2)
    person = Person.objects.get(partnership=shk, key="karin-axelsson")
    added = plans.activity_create(
        actor=actor, user=None, goal=goal, text="Följeforskningen rapporterar", responsible=person
    )
    assert list(goal.activities.order_by("order").values_list("text", flat=True))[-1] == "Följeforskningen rapporterar"
    assert plans.activity_move(actor=actor, user=None, activity=added, direction="up")
    assert list(goal.activities.order_by("order").values_list("text", flat=True))[1] == "Följeforskningen rapporterar"
    plans.activity_change(actor=actor, user=None, activity=added, text="Följeforskningen rapporterar i maj")
    added.refresh_from_db()
    assert added.text == "Följeforskningen rapporterar i maj" and added.responsible is None
    plans.activity_delete(actor=actor, user=None, activity=added)
    assert not GoalActivity.objects.filter(pk=added.pk).exists()
    actions = list(
        AuditEntry.objects.filter(object_type="governance.goalactivity", object_id=str(added.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["activity.create", "activity.move", "activity.change", "activity.delete"]


@pytest.mark.django_db
def test_a_responsible_person_of_another_partnership_is_refused(shk):
    other = Partnership.objects.create(slug="annat", name="Annat partnerskap")
    stranger = Person.objects.create(partnership=other, key="x", name="Främling")
    goal = OperationalGoal.objects.get(partnership=shk, year=2026, number=1)
    with pytest.raises(ValidationError) as error:
        plans.goal_change(actor=leader(shk), user=None, goal=goal, title="T", text="T", responsible=stranger)
    assert error.value.message_dict == {"responsible": ["Välj en person i partnerskapet."]}


@pytest.mark.django_db
def test_the_plan_is_written_and_its_history_names_the_year(shk, client_as):
    plans.plan_save(actor=leader(shk), user=None, partnership=shk, year=2031, introduction="Ett nytt år.")
    plans.plan_save(
        actor=leader(shk),
        user=None,
        partnership=shk,
        year=2031,
        introduction="Ett nytt år.",
        adopted_on=date(2031, 1, 30),
    )
    plan = BusinessPlan.objects.get(partnership=shk, year=2031)
    assert plan.adopted_on == date(2031, 1, 30)
    entries = AuditEntry.objects.filter(object_type="governance.businessplan", object_id=str(plan.pk)).order_by("pk")
    assert [e.action for e in entries] == ["plan.create", "plan.change"]
    history = text_of(client_as("admin").get("/shk/historik/"))
    assert "verksamhetsplan ”2031”" in history


@pytest.mark.django_db
def test_removing_a_goal_asks_first_and_says_what_goes_with_it(shk, client_as):
    goal = OperationalGoal.objects.get(partnership=shk, year=2025, number=2)
    url = reverse("governance:goal_delete", args=["shk", goal.pk])
    page = text_of(client_as("processledare").get(url))
    assert "Ta bort mål II för 2025?" in page
    assert "Dess 2 aktiviteter tas bort med det." in page
    assert "Målen efter det flyttas upp en plats: III–V blir II–IV." in page
    assert OperationalGoal.objects.filter(pk=goal.pk).exists()
    assert client_as("lasare").get(url).status_code == 403
    response = client_as("processledare").post(url)
    assert response.status_code == 302
    assert not OperationalGoal.objects.filter(pk=goal.pk).exists()
    assert list(
        OperationalGoal.objects.filter(partnership=shk, year=2025).order_by("number").values_list("number", "title")
    ) == [(1, "Utveckling och innovation"), (2, "Kommunikation"), (3, "Bemanning"), (4, "Uppväxling")]


@pytest.mark.django_db
def test_the_forms_save_through_the_pages(shk, client_as):
    client = client_as("processledare")
    emma = Person.objects.get(partnership=shk, key="emma-mossberg")
    response = client.post(
        reverse("governance:goal_new", args=["shk", 2031]),
        {"title": "Uppväxling", "text": "Minst 12 Mkr.", "target_ore": "12 000 000", "responsible": emma.pk},
    )
    assert response.status_code == 302
    goal = OperationalGoal.objects.get(partnership=shk, year=2031)
    assert (goal.number, goal.target_ore, goal.responsible) == (1, 12_000_000_00, emma)
    # The form shows the amount in kronor again.
    form = client.get(reverse("governance:goal_edit", args=["shk", goal.pk])).content.decode()
    assert 'value="12 000 000"' in form.replace("\xa0", " ").replace("\u202f", " ")
    response = client.post(
        reverse("governance:activity_new", args=["shk", goal.pk]), {"text": "Söka Vinnova", "responsible": emma.pk}
    )
    assert response.status_code == 302
    assert goal.activities.get().responsible == emma


# ---------------------------------------------------------------- a new year


@pytest.mark.django_db
def test_a_year_starts_from_the_year_before(shk):
    GoalStatus.objects.create(
        partnership=shk,
        goal=OperationalGoal.objects.get(partnership=shk, year=2026, number=1),
        date=date(2026, 6, 1),
        colour="green",
        text="På väg",
    )
    started = plans.plan_start(actor=leader(shk), user=None, partnership=shk, year=2027)
    assert (started.goals, started.activities) == (5, 19)
    goals = list(OperationalGoal.objects.filter(partnership=shk, year=2027).order_by("number"))
    assert [g.title for g in goals] == [
        "Utveckling och innovation",
        "Systematik och styrning",
        "Kommunikation",
        "Bemanning",
        "Uppväxling",
    ]
    assert goals[0].responsible.name == "Emma Mossberg"
    assert not GoalStatus.objects.filter(goal__in=goals).exists()
    plan = BusinessPlan.objects.get(partnership=shk, year=2027)
    assert plan.introduction == BusinessPlan.objects.get(partnership=shk, year=2026).introduction
    entry = AuditEntry.objects.get(object_type="governance.businessplan", object_id=str(plan.pk))
    assert entry.action == "plan.create" and entry.after["started_from"] == 2026 and entry.after["goals"] == 5


@pytest.mark.django_db
def test_a_year_with_goals_is_not_started_again(shk):
    with pytest.raises(ValidationError) as error:
        plans.plan_start(actor=leader(shk), user=None, partnership=shk, year=2026)
    assert error.value.messages == [
        "2026 har redan verksamhetsmål, så planen för 2025 kopieras inte över dem. Ändra i stället målen för 2026 ett i taget."
    ]
    assert OperationalGoal.objects.filter(partnership=shk, year=2026).count() == 5


@pytest.mark.django_db
def test_a_year_without_a_plan_before_cannot_start_from_it(shk):
    with pytest.raises(ValidationError) as error:
        plans.plan_start(actor=leader(shk), user=None, partnership=shk, year=2022)
    assert error.value.messages == ["Det finns ingen plan med verksamhetsmål för 2021 att starta 2022 från."]
    assert not BusinessPlan.objects.filter(partnership=shk, year=2022).exists()


@pytest.mark.django_db
def test_starting_from_the_page_says_what_was_copied(client_as):
    client = client_as("processledare")
    response = client.post("/shk/styrning/verksamhetsplan/2027/starta/", follow=True)
    page = text_of(response)
    assert (
        "Verksamhetsplanen 2027 är startad från 2026: 5 mål, 19 aktiviteter och 4 mål för nyckeltal kopierades." in page
    )
    assert "V. Uppväxling" in page
    again = text_of(client.post("/shk/styrning/verksamhetsplan/2027/starta/", follow=True))
    assert "2027 har redan verksamhetsmål" in again


# ---------------------------------------------------------------- the process leader's report


@pytest.mark.django_db
def test_the_leader_report_of_a_2025_meeting_follows_the_goals_of_2025(shk, client_as):
    from samsyn.governance.models import LeaderReport, Meeting
    from samsyn.governance.reports import leader as lr

    actor = leader(shk)
    # The plan of 2025 says something of its own, that no other year's goal says.
    goal = OperationalGoal.objects.get(partnership=shk, year=2025, number=3)
    plans.goal_change(
        actor=actor,
        user=None,
        goal=goal,
        title="Kommunikation",
        text="Kommunikationsstrategin 2025 är beslutad och följs.",
    )
    plans.goal_create(
        actor=actor, user=None, partnership=shk, year=2025, title="Lärande", text="Ett sjätte mål för 2025."
    )
    meeting = Meeting.objects.create(
        partnership=shk, key="styrelse-2025-05-20", kind="board", title="Styrelsemöte", date=date(2025, 5, 20)
    )
    draft = lr.draft(meeting)
    assert [row["goal"].year for row in draft["goals"]] == [2025] * 6
    assert [row["heading"] for row in draft["goals"]][2] == "Kommunikationsstrategin 2025 är beslutad och följs."
    assert draft["goals"][5]["heading"] == "Ett sjätte mål för 2025."
    # Made through its page, the report lists the goals of 2025, with the same words.
    client = client_as("processledare")
    assert client.post(reverse("governance:report_draft", args=["shk", meeting.pk])).status_code == 302
    report = LeaderReport.objects.get(meeting=meeting)
    assert list(report.goals.order_by("number").values_list("goal__year", flat=True)) == [2025] * 6
    page = text_of(client.get(reverse("governance:report", args=["shk", meeting.pk])))
    assert "Kommunikationsstrategin 2025 är beslutad och följs." in page
    # The 2024 meeting's report keeps the goals of its own year.
    autumn = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    assert {row["goal"].year for row in lr.draft(autumn)["goals"]} == {2024}
