"""A visitor's data on request (`samsyn gdpr export|erase --email`), and registrations erased once
their keeping has passed (`samsyn gdpr prune`), with only counts left in the history."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from samsyn.core.models import AuditEntry
from samsyn.hub import rules
from samsyn.hub.models import Hub, OpenQuestion, PublishedEvent, QuestionAnswer, Registration, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(shk):
    coming = PublishedEvent.objects.get(partnership=shk, event__key="oppen-verkstad-2027-03")
    past = PublishedEvent.objects.get(partnership=shk, event__key="pitch-2023-03-14")
    made = {}
    for key, event, email in (
        ("a1", coming, "anna@example.se"),
        ("a2", past, "Anna@Example.se"),
        ("b", past, "bo@example.se"),
    ):
        made[key] = Registration.objects.create(
            partnership=shk,
            event=event,
            name="Anna Andersson" if key != "b" else "Bo Berg",
            email=email,
            token=key * 20,
            status="confirmed",
        )
    return made


def run(*args):
    out = StringIO()
    call_command("gdpr", *args, stdout=out)
    return out.getvalue()


def test_export_gives_everything_kept_about_the_address(registrations):
    data = json.loads(run("export", "--email", "anna@example.se"))
    assert [(r["event"], r["name"]) for r in data["registrations"]] == [
        ("Öppen verkstad: trygghet för äldre i hemmet", "Anna Andersson"),
        ("Innovationer inom trygghetsområdet (digitalt pitchevent)", "Anna Andersson"),
    ]


def test_erase_leaves_no_name_behind(registrations, shk):
    assert (
        run("erase", "--email", "anna@example.se").strip()
        == "Raderade 2 anmälningar, intressen, svar och prenumerationer för anna@example.se."
    )
    assert list(Registration.objects.values_list("email", flat=True)) == ["bo@example.se"]
    history = AuditEntry.objects.filter(partnership=shk, object_type="hub.publishedevent")
    assert history.count() == 2
    assert "Anna" not in json.dumps([h.before for h in history] + [h.after for h in history])


def test_prune_erases_what_is_past_its_keeping(registrations):
    # The demo's 2023 pitch event is more than a year ago: its registrations go, the coming one's stay.
    assert "Raderade eller avidentifierade 2 anmälningar" in run("prune")
    assert list(Registration.objects.values_list("token", flat=True)) == ["a1" * 20]


def test_an_address_is_required():
    with pytest.raises(CommandError, match=r"Ange e-postadressen med --email\."):
        run("erase")


@pytest.mark.parametrize(("days_after", "expired"), [(0, False), (365, False), (366, True), (-30, False)])
def test_registration_expired(days_after, expired):
    event = date(2025, 5, 1)
    assert rules.registration_expired(event, event + timedelta(days=days_after)) is expired


@pytest.fixture
def voices(shk):
    """An answer and a newsletter sign-up by Anna, and others by other people."""
    question = OpenQuestion.objects.get(partnership=shk, slug="vardagen-pa-nya-aldreboendet")
    hub = Hub.objects.get(partnership=shk)
    made = {
        "answer": QuestionAnswer.objects.create(
            partnership=shk, question=question, text="Annas svar.", name="Anna Andersson", email="anna@example.se"
        ),
        "other": QuestionAnswer.objects.create(
            partnership=shk, question=question, text="Bos svar.", name="Bo Berg", email="bo@example.se"
        ),
        "subscriber": Subscriber.objects.create(
            partnership=shk, hub=hub, email="ANNA@example.se", status="confirmed", token="s" * 40
        ),
        "pending": Subscriber.objects.create(partnership=shk, hub=hub, email="ny@example.se", token="p" * 40),
    }
    return made


def test_export_and_erase_cover_answers_and_the_newsletter(voices, shk):
    data = json.loads(run("export", "--email", "anna@example.se"))
    assert [(a["answer"], a["name"], a["email"]) for a in data["answers"]] == [
        ("Annas svar.", "Anna Andersson", "anna@example.se")
    ]
    assert [(s["email"], s["status"]) for s in data["newsletters"]] == [("ANNA@example.se", "confirmed")]
    assert "Raderade 2 anmälningar, intressen, svar och prenumerationer" in run("erase", "--email", "anna@example.se")
    texts = QuestionAnswer.objects.filter(text__in=["Annas svar.", "Bos svar."]).values_list("text", flat=True)
    assert list(texts) == ["Bos svar."]
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ny@example.se"]
    history = AuditEntry.objects.filter(partnership=shk, object_type__in=["hub.openquestion", "hub.hub"], user=None)
    assert history.count() == 2
    assert "Anna" not in json.dumps([h.before for h in history] + [h.after for h in history])


def test_prune_clears_old_answers_names_and_unconfirmed_sign_ups(voices):
    old = timezone.now() - timedelta(days=rules.ANSWER_CONTACT_RETENTION_DAYS + 1)
    QuestionAnswer.objects.filter(pk=voices["answer"].pk).update(created_at=old)
    week_ago = timezone.now() - timedelta(days=rules.SIGNUP_CONFIRMATION_DAYS + 1)
    Subscriber.objects.filter(pk__in=[voices["pending"].pk, voices["subscriber"].pk]).update(created_at=week_ago)
    assert "Raderade eller avidentifierade 2 " in run("prune")
    kept = QuestionAnswer.objects.get(pk=voices["answer"].pk)
    # The answer stays, with nobody's name.
    assert (kept.text, kept.name, kept.email) == ("Annas svar.", "", "")
    other = QuestionAnswer.objects.get(pk=voices["other"].pk)
    assert (other.name, other.email) == ("Bo Berg", "bo@example.se")
    # A confirmed subscriber stays however old the sign-up; an unconfirmed one goes after a week.
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ANNA@example.se"]
