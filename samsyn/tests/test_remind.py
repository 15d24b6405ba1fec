"""`samsyn remind` e-mails each person what is due for them, once a day at most per thing, and
again a week later while it is still due."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.core.models import Person, ReminderSent
from samsyn.core.reminders import reminder_due
from samsyn.core.testing.mail import sent_messages, use_file_backend
from samsyn.governance.models import AgendaItem, Assignment, Meeting

TODAY = date(2027, 5, 10)


@pytest.mark.parametrize(
    ("last_sent", "today", "expected"),
    [
        (None, TODAY, True),
        (TODAY, TODAY, False),
        (TODAY - timedelta(days=1), TODAY, False),
        (TODAY - timedelta(days=6), TODAY, False),
        (TODAY - timedelta(days=7), TODAY, True),
        (TODAY - timedelta(days=30), TODAY, True),
    ],
)
def test_reminder_due(last_sent, today, expected):
    assert reminder_due(last_sent=last_sent, today=today) is expected


@pytest.fixture
def mail(settings, tmp_path):
    return use_file_backend(settings, tmp_path / "mail")


@pytest.fixture
def anna(shk):
    """A person with an assignment due in three days, one overdue, one far ahead and one done, and
    on the attendance list of a meeting in ten days and of one in a month."""
    anna = Person.objects.create(
        partnership=shk, key="anna-paminnelse", name="Anna Påminnelse", email="anna@example.se"
    )
    meeting = Meeting.objects.create(
        partnership=shk, key="remind-soon", kind="core_team", title="Core Team-möte", date=TODAY + timedelta(days=10)
    )
    far = Meeting.objects.create(
        partnership=shk, key="remind-far", kind="core_team", title="Möte i juni", date=TODAY + timedelta(days=30)
    )
    for m in (meeting, far):
        m.attendances.create(partnership=shk, person=anna, role="member")
    item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=1, title="Uppdrag")
    for text, due, status in [
        ("Skriv budgetförslaget", TODAY + timedelta(days=3), "open"),
        ("Boka lokal", TODAY - timedelta(days=2), "in_progress"),
        ("Planera hösten", TODAY + timedelta(days=20), "open"),
        ("Redan gjort", TODAY - timedelta(days=1), "done"),
    ]:
        Assignment.objects.create(partnership=shk, item=item, assignee=anna, text=text, due=due, status=status)
    return anna


def remind(today=TODAY):
    out = StringIO()
    call_command("remind", "--partnership", "shk", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def to(mail, address):
    return [m for m in sent_messages(mail) if m["To"] == address]


def test_a_person_gets_one_message_with_what_is_due_for_them(anna, mail):
    remind()
    [message] = to(mail, "anna@example.se")
    assert message["Subject"].strip().startswith("Påminnelse: det här väntar på dig")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Hej Anna Påminnelse!" in text
    assert "Skriv budgetförslaget" in text and "Boka lokal" in text
    assert "Core Team-möte" in text
    assert "Planera hösten" not in text and "Redan gjort" not in text and "Möte i juni" not in text


def test_a_second_run_the_same_day_sends_nothing_new_and_a_week_later_sends_again(anna, mail):
    remind()
    first = len(sent_messages(mail))
    assert first >= 1
    assert "0 personer" in remind()
    assert len(sent_messages(mail)) == first
    # Two days later nothing is due again yet; a week later what is still due is reminded of again.
    remind(TODAY + timedelta(days=2))
    assert len(to(mail, "anna@example.se")) == 1
    remind(TODAY + timedelta(days=7))
    assert len(to(mail, "anna@example.se")) == 2
    assert ReminderSent.objects.filter(person=anna, kind="assignment").count() == 4


def test_overdue_requisitions_go_to_the_economy(shk, mail):
    economy = Person.objects.get(partnership=shk, user__username="ekonomi")
    board = Person.objects.get(partnership=shk, user__username="styrelse")
    Person.objects.filter(pk__in=[economy.pk, board.pk]).update(email="x@example.se")
    remind(date(2026, 12, 1))
    kinds = set(ReminderSent.objects.filter(person=economy).values_list("kind", flat=True))
    assert "requisition" in kinds
    assert not ReminderSent.objects.filter(person=board, kind="requisition").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--partnership", "shk", "--today", "2027-13-01"], "är inget datum"),
        (["--partnership", "shk", "--today", "igår"], "ÅÅÅÅ-MM-DD"),
        (["--partnership", "finns-inte"], "Det finns inget partnerskap"),
    ],
)
def test_mistakes_are_told_in_swedish(db, args, words):
    with pytest.raises(CommandError) as error:
        call_command("remind", *args)
    assert words in str(error.value)
