"""Challenges for students and researchers: published on the hub, an interest confirmed from the
e-mail reaches the problem owner, who answers it in Samsyn and follows it to work begun."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.core.models import AuditEntry
from samsyn.core.testing.mail import sent_messages, use_file_backend
from samsyn.hub.models import Challenge, Interest

pytestmark = pytest.mark.django_db

PAGE = "/hubb/shk/utmaningar/ungas-inflytande-vasteras/"
LINK = re.compile(r"https://samsyn\.example\.se(/\S+/)")


@pytest.fixture
def mail(settings, tmp_path):
    return use_file_backend(settings, tmp_path / "mail")


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_published_challenges_are_public_and_drafts_are_not(shk):
    html = Client().get("/hubb/shk/utmaningar/").content.decode()
    assert "Fältstudie: hur får unga i Västerås mer inflytande?" in html
    assert "Vad säger enkätdatan om hur barn och unga i Skultuna mår?" in html
    Challenge.objects.filter(slug="ungas-inflytande-vasteras").update(published=False)
    assert "Fältstudie: hur får unga" not in Client().get("/hubb/shk/utmaningar/").content.decode()
    assert Client().get(PAGE).status_code == 404


def test_an_interest_reaches_the_owner_once_confirmed_and_the_answer_reaches_the_student(mail, shk, client_as):
    owner = Challenge.objects.get(slug="ungas-inflytande-vasteras").owner
    owner.email = "agare@example.se"
    owner.save()
    sent = Client(REMOTE_ADDR="192.0.2.5").post(
        PAGE,
        {
            "name": "Sara Student",
            "email": "sara@student.example.se",
            "programme": "Statsvetenskap, master",
            "message": "Jag vill göra min fältstudie om ungdomsdialogen.",
            "consent": "on",
        },
    )
    assert "Titta i din e-post" in sent.content.decode()
    interest = Interest.objects.get(email="sara@student.example.se")
    assert interest.status == "pending"
    # Not yet confirmed: the owner sees nothing.
    interests_url = reverse("hub:interests", args=["shk", "ungas-inflytande-vasteras"])
    assert "Sara Student" not in client_as("processledare").get(interests_url).content.decode()
    [confirm_mail] = sent_messages(mail)
    confirm = LINK.search(body(confirm_mail)).group(1)
    assert "Ja, skicka det" in Client().get(confirm).content.decode()
    assert "Tack för ditt intresse" in Client().post(confirm).content.decode()
    interest.refresh_from_db()
    assert interest.status == "new"
    [owner_mail] = [m for m in sent_messages(mail) if m["To"] == "agare@example.se"]
    assert "Sara Student är intresserad av din utmaning" in " ".join(body(owner_mail).split())

    client = client_as("processledare")
    page = client.get(interests_url).content.decode()
    assert "Jag vill göra min fältstudie om ungdomsdialogen." in page
    prefix = f"i{interest.pk}"
    answered = client.post(
        interests_url,
        {"interest": interest.pk, f"{prefix}-status": "started", f"{prefix}-answer": "Välkommen! Vi ses på måndag."},
    )
    assert answered.status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.answer) == ("started", "Välkommen! Vi ses på måndag.")
    [answer_mail] = [m for m in sent_messages(mail) if " ".join(m["Subject"].split()).startswith("Svar om")]
    assert answer_mail["To"] == "sara@student.example.se"
    assert "Välkommen! Vi ses på måndag." in body(answer_mail)
    assert AuditEntry.objects.filter(partnership=shk, action="interest.change").count() == 1


def test_a_filled_honeypot_is_refused(mail):
    response = Client().post(
        PAGE, {"name": "R", "email": "r@example.se", "message": "x", "consent": "on", "website": "spam"}
    )
    assert response.status_code == 400
    assert "Meddelandet kunde inte tas emot." in response.content.decode()
    assert sent_messages(mail) == []


@pytest.mark.parametrize(
    ("username", "status"),
    [("initiativagare", 200), ("coreteam-barn", 200), ("processledare", 200), ("lasare", 403), ("ekonomi", 403)],
)
def test_who_manages_challenges(client_as, username, status):
    assert client_as(username).get("/shk/hubb/utmaningar/").status_code == status


def test_a_problem_owner_writes_a_challenge(client_as, shk):
    owner = Challenge.objects.get(slug="ungas-inflytande-vasteras").owner
    response = client_as("initiativagare").post(
        reverse("hub:challenge_new", args=["shk"]),
        {"title": "Ny", "description": "Mikrojobb i Skultuna.", "kind": "micro_job", "level": "any", "owner": owner.pk},
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get(partnership=shk, title="Ny")
    # A title that would clash with the address of the new-challenge page gets another address.
    assert challenge.slug == "ny-2"
    assert challenge.published is False
