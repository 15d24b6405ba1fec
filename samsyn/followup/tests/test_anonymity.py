"""An anonymous evaluation keeps no link from an answer to a person: not in its rows, not on any
page of the organiser's. A respondent changes their own answer through the secret their browser
holds; nobody else can. Anonymity cannot be turned off once there are answers. Answering by the
open link and guessing codes are limited per address."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client

from samsyn.core.models import Person
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.followup import services
from samsyn.followup.models import Ballot, Evaluation, Respondent, Response, Statement

BOARD_MEMBER = "per-inge-hellman"  # the demo login "styrelse"
SECRET_COMMENT = "Styrelsen borde ses oftare"


def answer(client, ev, colours, comment=""):
    """Open the evaluation's short link as the client and send the answers; the last response."""
    page = client.get(f"/svara/{ev.code}/", follow=True)
    url = page.redirect_chain[-1][0] if page.redirect_chain else f"/svara/{ev.code}/"
    data = {}
    for s, colour in zip(ev.statements.order_by("order"), colours, strict=True):
        data[f"s{s.pk}-colour"] = colour
        data[f"s{s.pk}-comment"] = comment
        data[f"s{s.pk}-move_up"] = ""
    return client.post(url, data)


def statements_of(ev, *texts):
    for order, text in enumerate(texts, start=1):
        Statement.objects.create(partnership=ev.partnership, evaluation=ev, order=order, text=text)


@pytest.fixture
def invited_anonymous(shk, client_as):
    """An anonymous evaluation for invited people, the board member invited by the organiser's page
    and answered with a comment."""
    ev = Evaluation.objects.create(
        partnership=shk, key="anonym-2024", title="Anonym 2024", year=2024, audience="invited", status="open"
    )
    statements_of(ev, "Styrningen fungerar väl.")
    board = Person.objects.get(partnership=shk, key=BOARD_MEMBER)
    assert client_as("processledare").post(ev.get_absolute_url(), {"inv-people": [board.pk]}).status_code == 302
    assert answer(client_as("styrelse"), ev, ["yellow"], SECRET_COMMENT).status_code == 302
    return ev


@pytest.fixture
def open_link(shk):
    ev = Evaluation.objects.create(
        partnership=shk, key="oppen-2024", title="Öppen 2024", year=2024, audience="link", status="open"
    )
    statements_of(ev, "Samarbetet fungerar väl.", "Vi når våra mål.")
    return ev


def process_leader(partnership_id):
    return Actor(partnership_id=partnership_id, person_id=None, grants=frozenset([Grant(Role.PROCESS_LEADER)]))


def organiser_pages(ev):
    base = f"/shk/uppfoljning/utvarderingar/{ev.key}/"
    return [
        "/shk/uppfoljning/",
        "/shk/uppfoljning/utvarderingar/",
        "/shk/uppfoljning/utvarderingar/jamfor/",
        base,
        base + "andra/",
        base + "live/",
        base + "live/fordelning/",
        base + "resultat/",
        f"/shk/uppfoljning/verksamhetsberattelse/{ev.year}/",
        f"/shk/uppfoljning/verksamhetsberattelse/{ev.year}/?format=json",
    ]


def test_the_organiser_sees_no_personal_link_and_no_name_beside_an_answer(invited_anonymous, client_as):
    organiser = client_as("processledare")
    seen = {url: organiser.get(url) for url in organiser_pages(invited_anonymous)}
    assert {url: r.status_code for url, r in seen.items()} == dict.fromkeys(seen, 200)
    for url, response in seen.items():
        body = response.content.decode()
        assert "/svara/r/" not in body, url
        if SECRET_COMMENT in body:
            assert "Per-Inge Hellman" not in body, url
    results = seen[f"/shk/uppfoljning/utvarderingar/{invited_anonymous.key}/resultat/"].content.decode()
    assert SECRET_COMMENT in results
    # The organiser opening the short link finds nobody's answers, only an invitation it does not have.
    own = organiser.get(f"/svara/{invited_anonymous.code}/", follow=True).content.decode()
    assert SECRET_COMMENT not in own


def test_the_answer_rows_of_an_anonymous_evaluation_lead_to_nobody(invited_anonymous):
    responses = list(Response.objects.filter(statement__evaluation=invited_anonymous))
    assert len(responses) == 1
    # Whatever an answer refers to, it is the evaluation's own structure, never an invitation or a person.
    allowed = {"Partnership", "Statement", "Evaluation", "Ballot"}
    for row in [*responses, *{r.ballot for r in responses}]:
        for f in row._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and getattr(row, f.attname) is not None:
                assert f.related_model.__name__ in allowed, (type(row).__name__, f.name)
            if isinstance(f, models.CharField | models.TextField):
                assert "hellman" not in str(getattr(row, f.attname)).casefold()
    # The invitation says only that its person has answered.
    invitation = Respondent.objects.get(evaluation=invited_anonymous)
    assert invitation.answered and not Ballot.objects.filter(respondent=invitation).exists()


def test_a_named_evaluation_keeps_who_said_what(shk, client_as):
    ev = Evaluation.objects.create(
        partnership=shk, key="named-2024", title="Named", year=2024, audience="invited", anonymous=False, status="open"
    )
    statements_of(ev, "Påstående ett")
    board = Person.objects.get(partnership=shk, key=BOARD_MEMBER)
    client_as("processledare").post(ev.get_absolute_url(), {"inv-people": [board.pk]})
    assert answer(client_as("styrelse"), ev, ["yellow"], "Nja").status_code == 302
    assert Ballot.objects.get(evaluation=ev).respondent.person == board
    results = client_as("lasare").get(f"/shk/uppfoljning/utvarderingar/{ev.key}/resultat/").content.decode()
    assert "Per-Inge Hellman" in results and "Nja" in results


def test_a_respondent_changes_their_own_answers_and_nobody_else_can(open_link, client_as):
    phone, other = Client(), Client()
    assert answer(phone, open_link, ["green", "yellow"], "Bra").status_code == 302
    assert "Bra" in phone.get(f"/svara/{open_link.code}/").content.decode()  # shown again to change
    assert answer(phone, open_link, ["red", "red"]).status_code == 302
    assert Ballot.objects.filter(evaluation=open_link).count() == 1
    # Another browser, or the organiser, gets an empty form and adds an answer of its own.
    for client in (other, client_as("processledare")):
        assert "Bra" not in client.get(f"/svara/{open_link.code}/").content.decode()
        assert answer(client, open_link, ["green", "green"]).status_code == 302
    colours = sorted(
        "".join(b.responses.order_by("statement__order").values_list("colour", flat=True))
        for b in Ballot.objects.filter(evaluation=open_link)
    )
    assert colours == ["greengreen", "greengreen", "redred"]
    # The database keeps only a hash of the browser's secret.
    secret = phone.cookies[f"samsyn-svar-{open_link.pk}"].value
    assert len(secret) >= 32 and not Ballot.objects.filter(secret_hash__contains=secret).exists()


def test_an_invited_person_who_answered_elsewhere_does_not_answer_twice(invited_anonymous, client_as):
    page = client_as("styrelse").get(f"/svara/{invited_anonymous.code}/", follow=True).content.decode()
    assert "Du har redan svarat" in page and SECRET_COMMENT not in page
    response = answer(client_as("styrelse"), invited_anonymous, ["red"], "Andra gången")
    assert response.status_code == 200
    assert Ballot.objects.filter(evaluation=invited_anonymous).count() == 1


def test_anonymity_cannot_be_turned_off_once_there_are_answers(invited_anonymous, client_as):
    organiser = client_as("processledare")
    url = f"/shk/uppfoljning/utvarderingar/{invited_anonymous.key}/andra/"
    page = organiser.get(url).content.decode()
    assert "Utvärderingen har svar och förblir anonym" in page
    form = page.split('name="anonymous"')[0].rsplit("<input", 1)[1] + page.split('name="anonymous"')[1].split(">")[0]
    assert "disabled" in form
    data = {
        "title": invited_anonymous.title,
        "year": invited_anonymous.year,
        "audience": invited_anonymous.audience,
        "status": invited_anonymous.status,
    }
    organiser.post(url, data)
    invited_anonymous.refresh_from_db()
    assert invited_anonymous.anonymous
    actor = process_leader(invited_anonymous.partnership_id)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_change(actor=actor, user=None, evaluation=invited_anonymous, anonymous=False)
    assert "förblir anonym" in " ".join(refused.value.messages)


def test_a_named_evaluation_made_anonymous_forgets_who_answered(shk, client_as):
    ev = Evaluation.objects.create(
        partnership=shk, key="named-2024", title="Named", year=2024, audience="invited", anonymous=False, status="open"
    )
    statements_of(ev, "Påstående ett")
    board = Person.objects.get(partnership=shk, key=BOARD_MEMBER)
    client_as("processledare").post(ev.get_absolute_url(), {"inv-people": [board.pk]})
    answer(client_as("styrelse"), ev, ["yellow"], "Nja")
    actor = process_leader(shk.pk)
    services.evaluation_change(actor=actor, user=None, evaluation=ev, anonymous=True)
    assert Ballot.objects.get(evaluation=ev).respondent is None


def test_answers_by_the_open_link_are_limited_per_address(open_link, settings):
    settings.SAMSYN_ANSWER_LIMIT = 10
    statuses = [answer(Client(), open_link, ["green", "green"]).status_code for _n in range(15)]
    assert statuses == [302] * 10 + [429] * 5
    assert Ballot.objects.filter(evaluation=open_link).count() == 10
    refused = answer(Client(), open_link, ["green", "green"], "Sparas inte").content.decode()
    assert "Många har svarat från samma nätverk" in refused and "Sparas inte" in refused  # kept in the form
    # Another address is not held back by this one.
    assert answer(Client(REMOTE_ADDR="10.0.0.2"), open_link, ["red", "red"]).status_code == 302


def test_guessing_codes_is_stopped(open_link, settings):
    settings.SAMSYN_CODE_GUESS_LIMIT = 5
    guesser = Client()
    assert [guesser.get(f"/svara/fel{n}kod/").status_code for n in range(5)] == [404] * 5
    refused = guesser.get(f"/svara/{open_link.code}/")  # even the right code, so that guessing tells nothing
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "För många försök" in body and '<html lang="sv"' in body
    assert Client(REMOTE_ADDR="10.0.0.3").get(f"/svara/{open_link.code}/").status_code == 200


def test_demo_answers_of_anonymous_evaluations_lead_to_nobody(shk):
    for ev in Evaluation.objects.filter(partnership=shk, anonymous=True):
        assert not Ballot.objects.filter(evaluation=ev, respondent__isnull=False).exists()
    assert Ballot.objects.filter(evaluation__partnership=shk).exists()


def test_the_answer_export_in_json_names_nobody(invited_anonymous, client_as):
    body = client_as("processledare").get("/shk/uppfoljning/verksamhetsberattelse/2024/?format=json").content
    text = json.dumps(json.loads(body), ensure_ascii=False)
    assert SECRET_COMMENT in text and "Hellman" not in text
