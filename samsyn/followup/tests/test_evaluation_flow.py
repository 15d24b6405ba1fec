"""Setting up, running live and answering a traffic-light evaluation."""

import pytest
from django.test import Client

from samsyn.core.models import FocusArea, Person
from samsyn.followup import selectors
from samsyn.followup.models import Ballot, Evaluation, Response


@pytest.fixture
def evaluation(shk, client_as):
    client = client_as("processledare")
    response = client.post(
        "/shk/uppfoljning/utvarderingar/ny/",
        {
            "title": "Utvärdering 2024",
            "year": 2024,
            "audience": "link",
            "anonymous": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ev = Evaluation.objects.get(partnership=shk, key="utvardering-2024")
    response = client.post(
        ev.get_absolute_url(),
        {
            "st-statements": "Utveckling och innovation: Vårt arbete har bidragit till utveckling och innovation.\n"
            "styrning och  Ledning: Vi har en väl fungerande styrning och ledning.",
        },
    )
    assert response.status_code == 302
    client.post(ev.get_absolute_url(), {"status": "open"})
    ev.refresh_from_db()
    assert ev.status == "open" and ev.statements.count() == 2
    return ev


def answer(client, url, ev, colours, comment=""):
    data = {}
    for s, colour in zip(ev.statements.order_by("order"), colours, strict=False):
        data[f"s{s.pk}-colour"] = colour
        data[f"s{s.pk}-comment"] = comment
        data[f"s{s.pk}-move_up"] = ""
    return client.post(url, data)


def test_anyone_with_the_link_answers_anonymously_once(evaluation):
    phone = Client()
    url = f"/svara/{evaluation.code}/"
    assert phone.get(url).status_code == 200
    assert Ballot.objects.filter(evaluation=evaluation).count() == 0  # looking creates nothing
    assert answer(phone, url, evaluation, ["green", "yellow"], "Bra!").status_code == 302
    # answering again from the same phone replaces the answers
    assert answer(phone, url, evaluation, ["orange", "yellow"]).status_code == 302
    assert Ballot.objects.filter(evaluation=evaluation).count() == 1
    assert list(
        Response.objects.filter(statement__evaluation=evaluation)
        .order_by("statement__order")
        .values_list("colour", flat=True)
    ) == ["orange", "yellow"]
    assert answer(Client(), url, evaluation, ["green", "green"]).status_code == 302
    assert Ballot.objects.filter(evaluation=evaluation).count() == 2


def test_every_statement_needs_a_colour(evaluation):
    phone = Client()
    response = answer(phone, f"/svara/{evaluation.code}/", evaluation, ["green", ""])
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Response.objects.filter(statement__evaluation=evaluation).exists()


def test_closed_evaluation_takes_no_answers(evaluation, client_as):
    client_as("processledare").post(evaluation.get_absolute_url(), {"status": "closed"})
    response = answer(Client(), f"/svara/{evaluation.code}/", evaluation, ["green", "green"])
    assert response.status_code == 200
    assert not Response.objects.filter(statement__evaluation=evaluation).exists()


def test_live_counts_follow_the_answers(evaluation, client_as):
    organiser = client_as("processledare")
    live = organiser.get(f"/shk/uppfoljning/utvarderingar/{evaluation.key}/live/").content.decode()
    assert 'hx-trigger="every 3s"' in live and "<svg" in live and f"/svara/{evaluation.code}/" in live
    answer(Client(), f"/svara/{evaluation.code}/", evaluation, ["green", "red"])
    answer(Client(), f"/svara/{evaluation.code}/", evaluation, ["green", "yellow"])
    fragment = organiser.get(f"/shk/uppfoljning/utvarderingar/{evaluation.key}/live/fordelning/").content.decode()
    assert 'data-colour="green">2<' in fragment
    assert 'data-colour="red">1<' in fragment


def test_invited_people_answer_logged_in_by_the_short_link(shk, client_as):
    client = client_as("processledare")
    ev = Evaluation.objects.create(
        partnership=shk, key="named-2024", title="Named", year=2024, audience="invited", anonymous=False, status="open"
    )
    client.post(ev.get_absolute_url(), {"st-statements": "Påstående ett"})
    board = Person.objects.get(partnership=shk, key="per-inge-hellman")
    page = client.get(ev.get_absolute_url()).content.decode()
    assert f'value="{board.pk}"' in page  # board members are offered
    client.post(ev.get_absolute_url(), {"inv-people": [board.pk]})
    # the short link does not let strangers in, nor members who are not invited
    stranger = Client().get(f"/svara/{ev.code}/").content.decode()
    assert "Bara de inbjudna svarar på den här utvärderingen, inloggade." in stranger
    assert "Logga in för att svara" in stranger
    assert "Logga in för att svara" not in client_as("lasare").get(f"/svara/{ev.code}/").content.decode()
    assert not Ballot.objects.filter(evaluation=ev).exists()
    # the board member logged in answers there
    statement = ev.statements.get()
    assert (
        client_as("styrelse")
        .post(f"/svara/{ev.code}/", {f"s{statement.pk}-colour": "yellow", f"s{statement.pk}-comment": "Nja"})
        .status_code
        == 302
    )
    results = client_as("lasare").get(f"/shk/uppfoljning/utvarderingar/{ev.key}/resultat/").content.decode()
    assert "Per-Inge Hellman" in results  # named evaluation shows who said what
    assert Client().get("/svara/finns-inte/").status_code == 404


def test_anonymous_results_name_nobody(shk, client_as):
    page = client_as("lasare").get("/shk/uppfoljning/utvarderingar/utvardering-2023/resultat/").content.decode()
    assert "katalysator" in page and "r01" not in page


def test_statements_frozen_after_answers(shk, client_as):
    ev = Evaluation.objects.get(partnership=shk, key="utvardering-2023")
    response = client_as("processledare").post(ev.get_absolute_url(), {"st-statements": "Nytt"})
    assert response.status_code == 200 and ev.statements.count() == 2


def test_compare_across_years(shk, evaluation, client_as):
    answer(Client(), f"/svara/{evaluation.code}/", evaluation, ["green", "green"])
    page = client_as("styrelse").get("/shk/uppfoljning/utvarderingar/jamfor/").content.decode()
    assert '<th scope="row">2023</th>' in page and '<th scope="row">2024</th>' in page
    # The themes were written as words; "styrning och  Ledning" in 2024 meets 2023's "Styrning och ledning".
    _years, rows = selectors.evaluation_compare(shk)
    by_theme = {row.theme.casefold(): sorted(row.by_year) for row in rows}
    assert by_theme == {"utveckling och innovation": [2023, 2024], "styrning och ledning": [2023, 2024]}


def test_statement_themes_are_shown_as_written_never_as_a_code(shk, evaluation, client_as):
    page = client_as("processledare").get(evaluation.get_absolute_url()).content.decode()
    assert "(Utveckling och innovation)" in page
    assert "Utveckling och innovation: Vårt arbete har bidragit" in page  # the box to change them
    assert "utveckling-och-innovation" not in page


def test_core_team_keeps_events_and_stories_in_its_focus_area(shk, client_as):
    from samsyn.followup.models import Event

    aldre = FocusArea.objects.get(partnership=shk, slug="aldre")
    barn = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    data = {"date": "2024-03-01", "title": "Forum X", "kind": "forum", "focus_area": barn.pk}
    response = client_as("coreteam-aldre").post("/shk/uppfoljning/evenemang/nytt/", data)
    assert response.status_code == 200 and not Event.objects.filter(key="forum-x").exists()
    response = client_as("coreteam-aldre").post("/shk/uppfoljning/evenemang/nytt/", {**data, "focus_area": aldre.pk})
    assert response.status_code == 302 and Event.objects.get(key="forum-x").focus_area == aldre
    story = {"person_name": "N N", "text": "T", "focus_area": barn.pk, "consent_to_publish": "on"}
    response = client_as("coreteam-aldre").post("/shk/uppfoljning/berattelser/ny/", story)
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body
