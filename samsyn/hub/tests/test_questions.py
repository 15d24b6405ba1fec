"""Open questions on the hub (perspektivinsamling): anyone answers, with or without a name, from a
perspective or none; nothing is shown until it is approved in Samsyn; approved answers are shown
by perspective, and one can be quoted once in the initiative's learning log."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samsyn.core.models import AuditEntry
from samsyn.hub import rules
from samsyn.hub.models import OpenQuestion, PublishedInitiative, QuestionAnswer
from samsyn.portfolio.models import Initiative, LearningEntry, Perspective

pytestmark = pytest.mark.django_db

INITIATIVE = "/hubb/shk/initiativ/framtidens-aldreboende/"
QUESTION = "/hubb/shk/fragor/vardagen-pa-nya-aldreboendet/"
REVIEW = "/shk/hubb/fragor/vardagen-pa-nya-aldreboendet/svar/"
PENDING = "Personalen behöver tid att prata med de boende."


def answer(address="192.0.2.9", **fields):
    data = {"text": "Ett svar.", "consent": "on", **fields}
    return Client(REMOTE_ADDR=address).post(QUESTION, data)


def test_only_approved_answers_are_shown_by_perspective_with_the_perspectiveless_last(shk):
    for url in (INITIATIVE, QUESTION):
        html = Client().get(url).content.decode()
        assert "Vad skulle göra vardagen bättre på det nya äldreboendet i Västerås" in html
        headings = [
            html.index(">Utgå från invånaren <"),
            html.index(">Tillitsskapande <"),
            html.index(">Digital teknik <"),
            html.index(">Utan perspektiv <"),
        ]
        assert headings == sorted(headings)
        assert html.index("en trädgård som man kan gå ut i själv") > headings[0]
        assert html.index("Att få vara med och duka") > headings[3]
        # The answer that waits for review, and who sent it, are nowhere.
        assert PENDING not in html
        assert "Karin Lind" not in html
        assert "karin.lind@example.se" not in html
        assert "Ökad brukartid" not in html.split("Svara på frågan")[0]


def test_the_pages_with_answers_stay_cacheable_and_set_no_cookie(shk):
    for url, max_age in ((INITIATIVE, 300), (QUESTION, 60)):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == f"public, max-age={max_age}"
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_an_answer_goes_from_review_to_the_hub_and_into_the_learning_log(shk, client_as):
    trygghet = Perspective.objects.get(partnership=shk, slug="trygghet")
    # The form on the initiative's page posts to the question's own page.
    assert f'action="{QUESTION}"' in Client().get(INITIATIVE).content.decode()
    sent = answer(
        text="Nattetid behöver de boende veta vem som kommer när de larmar.",
        perspective=trygghet.pk,
        name="Nils Natt",
        email="nils@example.se",
    )
    assert sent.status_code == 200
    assert "Tack för ditt svar" in sent.content.decode()
    made = QuestionAnswer.objects.get(email="nils@example.se")
    assert (made.status, made.perspective, made.name) == ("pending", trygghet, "Nils Natt")
    assert "Nattetid behöver" not in Client().get(INITIATIVE).content.decode()

    client = client_as("processledare")
    page = client.get(REVIEW).content.decode()
    assert "Nattetid behöver de boende veta" in page
    assert "nils@example.se" in page
    # Rejecting asks first and says what it does.
    assert "Svaret visas inte i hubben. Det ligger kvar här bland de avvisade" in page
    assert client.post(REVIEW, {"answer": made.pk, "decision": "approve"}).status_code == 302
    made.refresh_from_db()
    assert made.status == "approved"
    public = Client().get(INITIATIVE).content.decode()
    assert public.index("Nattetid behöver de boende veta") > public.index(">Trygghet <")
    assert "Nils Natt" not in public
    assert "nils@example.se" not in public

    # Taking it into the learning log says what it does first, and does it once.
    assert "Svaret citeras som en insikt i lärloggen för Framtidens äldreboende" in client.get(REVIEW).content.decode()
    before = LearningEntry.objects.filter(initiative=made.question.initiative).count()
    client.post(REVIEW, {"answer": made.pk, "decision": "learn"})
    made.refresh_from_db()
    entry = made.learning_entry
    assert entry.kind == "insight"
    assert entry.initiative.slug == "framtidens-aldreboende"
    assert entry.text == (
        "Ett svar på den öppna frågan ”Vad skulle göra vardagen bättre på det nya äldreboendet i Västerås, för "
        "de boende och för personalen?”, från perspektivet Trygghet: ”Nattetid behöver de boende veta vem som "
        "kommer när de larmar.”"
    )
    again = client.post(REVIEW, {"answer": made.pk, "decision": "learn"}, follow=True)
    assert "Bara ett godkänt svar kan tas in i lärloggen, och bara en gång." in again.content.decode()
    assert LearningEntry.objects.filter(initiative=made.question.initiative).count() == before + 1
    assert "Finns i lärloggen." in client.get(REVIEW).content.decode()
    actions = list(
        AuditEntry.objects.filter(partnership=shk, object_type="hub.questionanswer", object_id=str(made.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["questionanswer.change", "questionanswer.change"]
    assert AuditEntry.objects.filter(partnership=shk, action="learning.add", object_id=str(entry.pk)).count() == 1
    # The history of the review holds no name or address.
    history = AuditEntry.objects.filter(partnership=shk, object_type="hub.questionanswer")
    assert "Nils" not in str([(h.before, h.after) for h in history])


def test_an_approved_answer_taken_off_the_hub_is_gone_from_it(shk, client_as):
    approved = QuestionAnswer.objects.get(text__startswith="Att få vara med och duka")
    client = client_as("processledare")
    client.post(REVIEW, {"answer": approved.pk, "decision": "reject"})
    approved.refresh_from_db()
    assert approved.status == "rejected"
    html = Client().get(QUESTION).content.decode()
    assert "Att få vara med och duka" not in html
    assert "Utan perspektiv <" not in html


def test_an_anonymous_answer_is_taken(shk):
    assert answer(text="Fler bänkar i korridoren.").status_code == 200
    made = QuestionAnswer.objects.get(text="Fler bänkar i korridoren.")
    assert (made.name, made.email, made.perspective, made.status) == ("", "", None, "pending")


def test_consent_a_filled_honeypot_and_a_flood_are_refused(shk):
    no_consent = Client().post(QUESTION, {"text": "Utan samtycke."})
    assert no_consent.status_code == 400
    assert "Detta fält måste fyllas i." in no_consent.content.decode()
    robot = answer(text="Köp billigt", website="https://spam.example")
    assert robot.status_code == 400
    assert "Svaret kunde inte tas emot." in robot.content.decode()
    for n in range(10):
        assert answer(address="198.51.100.8", text=f"Svar {n}").status_code == 200
    flood = answer(address="198.51.100.8", text="Svar 11")
    assert "För många svar från din adress på kort tid." in flood.content.decode()
    assert QuestionAnswer.objects.filter(text__startswith="Svar ").count() == 10
    assert not QuestionAnswer.objects.filter(text__in=["Utan samtycke.", "Köp billigt"]).exists()


def test_a_closed_question_takes_no_answers(shk):
    OpenQuestion.objects.filter(slug="vardagen-pa-nya-aldreboendet").update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    html = Client().get(QUESTION).content.decode()
    assert "Frågan tar inte emot fler svar." in html
    assert 'name="text"' not in html
    answer(text="För sent.")
    assert not QuestionAnswer.objects.filter(text="För sent.").exists()
    # The approved answers are still shown.
    assert "Att få vara med och duka" in html


def test_a_question_is_public_only_while_its_initiative_is(shk):
    PublishedInitiative.objects.filter(initiative__slug="framtidens-aldreboende").delete()
    assert Client().get(QUESTION).status_code == 404
    assert Client().post(QUESTION, {"text": "x", "consent": "on"}).status_code == 404


def test_a_draft_question_is_not_public(shk):
    OpenQuestion.objects.filter(slug="vardagen-pa-nya-aldreboendet").update(published_on=None)
    assert Client().get(QUESTION).status_code == 404
    assert "Vad skulle göra vardagen bättre" not in Client().get(INITIATIVE).content.decode()


def test_only_an_initiative_on_the_hub_can_ask(shk, client_as):
    client = client_as("processledare")
    unpublished = Initiative.objects.filter(partnership=shk, publication__isnull=True).first()
    response = client.post(
        reverse("hub:question_new", args=["shk"]),
        {
            "initiative": unpublished.pk,
            "question": "Vad tycker du?",
            "published_on": "2025-01-01",
            "answers_open": "on",
        },
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ." in response.content.decode()
    published = PublishedInitiative.objects.get(initiative__slug="studentcoacher").initiative
    saved = client.post(
        reverse("hub:question_new", args=["shk"]),
        {"initiative": published.pk, "question": "Vad tycker du?", "published_on": "2025-01-01", "answers_open": "on"},
    )
    assert saved.status_code == 302
    question = OpenQuestion.objects.get(partnership=shk, question="Vad tycker du?")
    assert question.slug == "vad-tycker-du"
    assert "Vad tycker du?" in Client().get("/hubb/shk/initiativ/studentcoacher/").content.decode()
    assert AuditEntry.objects.filter(partnership=shk, action="openquestion.create").count() == 1


@pytest.mark.parametrize(
    ("username", "status"),
    [("processledare", 200), ("initiativagare", 200), ("coreteam-aldre", 200), ("lasare", 403), ("ekonomi", 403)],
)
def test_who_reviews_answers(client_as, username, status):
    assert client_as(username).get("/shk/hubb/fragor/").status_code == status
    assert client_as(username).get(REVIEW).status_code == status


def test_a_reader_cannot_approve(client_as, shk):
    pending = QuestionAnswer.objects.get(text__startswith=PENDING)
    assert client_as("lasare").post(REVIEW, {"answer": pending.pk, "decision": "approve"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_the_question_list_counts_what_waits(client_as):
    html = client_as("processledare").get("/shk/hubb/fragor/").content.decode()
    assert '>1<span class="visually-hidden"> svar väntar på granskning:' in html


def test_the_initiative_page_takes_the_same_queries_with_more_answers(shk):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(INITIATIVE).status_code == 200
        return len(queries)

    before = count()
    question = OpenQuestion.objects.get(slug="vardagen-pa-nya-aldreboendet")
    for perspective in Perspective.objects.filter(partnership=shk):
        QuestionAnswer.objects.create(
            partnership=shk,
            question=question,
            text=f"Om {perspective.name}",
            perspective=perspective,
            status="approved",
        )
    assert count() == before


@pytest.mark.parametrize(
    ("answers_open", "published_on", "closes_on", "expected"),
    [
        (True, date(2025, 5, 1), None, True),
        (True, date(2025, 5, 2), None, False),  # shown from tomorrow
        (True, None, None, False),  # a draft
        (False, date(2025, 5, 1), None, False),  # closed by hand
        (True, date(2025, 4, 1), date(2025, 5, 1), True),  # the last day counts
        (True, date(2025, 4, 1), date(2025, 4, 30), False),
    ],
)
def test_question_takes_answers(answers_open, published_on, closes_on, expected):
    assert rules.question_takes_answers(answers_open, published_on, closes_on, date(2025, 5, 1)) is expected


@pytest.mark.parametrize(
    ("status", "decision", "expected"),
    [
        ("pending", "approve", "approved"),
        ("pending", "reject", "rejected"),
        ("approved", "reject", "rejected"),
        ("rejected", "approve", "approved"),
        ("approved", "approve", None),
        ("rejected", "reject", None),
        ("pending", "learn", None),
        ("approved", "pending", None),
    ],
)
def test_answer_reviewed(status, decision, expected):
    assert rules.answer_reviewed(status, decision) == expected


@pytest.mark.parametrize(
    ("status", "learned", "expected"),
    [("approved", False, True), ("approved", True, False), ("pending", False, False), ("rejected", False, False)],
)
def test_answer_may_be_learned(status, learned, expected):
    assert rules.answer_may_be_learned(status, learned) is expected


@pytest.mark.parametrize(
    ("items", "order", "expected"),
    [
        ([], ["a", "b"], []),
        ([("x", None)], ["a"], [(None, ["x"])]),
        (
            [("1", "b"), ("2", None), ("3", "a"), ("4", "b")],
            ["a", "b", "c"],
            [("a", ["3"]), ("b", ["1", "4"]), (None, ["2"])],
        ),
        # A key not in the order comes after those in it and before the keyless.
        ([("1", None), ("2", "z"), ("3", "a")], ["a"], [("a", ["3"]), ("z", ["2"]), (None, ["1"])]),
    ],
)
def test_grouped_by(items, order, expected):
    grouped = rules.grouped_by(items, lambda item: item[1], order)
    assert [(k, [i[0] for i in group]) for k, group in grouped] == expected


@pytest.mark.parametrize(("days", "expired"), [(0, False), (365, False), (366, True)])
def test_answer_contact_expired(days, expired):
    sent = date(2025, 2, 1)
    assert rules.answer_contact_expired(sent, sent + timedelta(days=days)) is expired


@pytest.mark.parametrize(("days", "expired"), [(0, False), (7, False), (8, True)])
def test_signup_expired(days, expired):
    signed_up = date(2025, 12, 28)
    assert rules.signup_expired(signed_up, signed_up + timedelta(days=days)) is expired


def test_answers_waiting_for_review_are_on_the_start_page(client_as):
    html = client_as("initiativagare").get("/shk/").content.decode()
    assert "1 svar väntar på granskning" in html
    assert f'href="{REVIEW}"' in html
    assert "svar väntar på granskning" not in client_as("lasare").get("/shk/").content.decode()
