"""E-mail: one URL configures it, every message is stored before it is sent, and a failed send is
kept and tried again. Messages are read back as the files Django's file backend writes."""

import socket
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samsyn.core.mail import Attachment, mail_queue, message_send, messages_retry_due, retry_delay
from samsyn.core.models import OutgoingMessage
from samsyn.core.testing.mail import sent_messages
from samsyn.settings import email_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Samsyn//SV\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 5), (3, 15), (6, 720), (7, 720), (100, 720)],
)
def test_retry_delay_follows_the_schedule_then_repeats_its_last_entry(attempts, minutes):
    assert retry_delay(attempts, [1, 5, 15, 60, 240, 720]) == timedelta(minutes=minutes)


@pytest.mark.parametrize(("attempts", "schedule"), [(0, [1]), (1, [])])
def test_retry_delay_refuses_what_has_no_delay(attempts, schedule):
    with pytest.raises(ValueError):
        retry_delay(attempts, schedule)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user:p%40ss@mail.example.se:587",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.example.se",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "user",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": True,
            },
        ),
        ("smtp://localhost:25", {"EMAIL_HOST": "localhost", "EMAIL_PORT": 25}),
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "file:///var/spool/samsyn",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": "/var/spool/samsyn",
            },
        ),
        ("file:mail", {"EMAIL_FILE_PATH": "/srv/samsyn/mail"}),
    ],
)
def test_one_url_configures_email(url, expected):
    config = email_settings(url, Path("/srv/samsyn"))
    assert {key: config.get(key) for key in expected} == expected
    if url.startswith("smtp://localhost"):
        assert not config.get("EMAIL_USE_TLS")


def test_an_unknown_email_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        email_settings("pigeon://roof", Path("/srv"))


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    """The worker closes a connection that is inside a transaction between tasks, as it should in a
    long run; the test's own transaction must stay open, as Django's test client keeps it open
    across requests."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.DEFAULT_FROM_EMAIL = "Samhällskontraktet <samsyn@example.se>"
    return tmp_path / "mail"


def queue_notice(**extra):
    return mail_queue(
        to=["anna.andersson@example.se", "bo.berg@example.se"],
        subject="Kallelse till styrelsemöte 19 september",
        template="core/mail/message",
        context={
            "greeting": "Hej!",
            "paragraphs": ["Välkommen till styrelsens möte i Västerås.", "Handlingarna finns i Samsyn."],
            "link_url": "https://samsyn.example.se/shk/styrning/",
            "link_label": "Öppna mötet",
        },
        attachments=[Attachment("mote.ics", ICS, "text/calendar")],
        **extra,
    )


@pytest.mark.django_db
def test_a_message_is_sent_with_swedish_text_both_parts_and_its_attachment(settings, mail_dir):
    settings.TASKS = IMMEDIATE_TASKS
    message = queue_notice()
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT and message.attempts == 1
    [sent] = sent_messages(mail_dir)
    assert sent["Subject"] == "Kallelse till styrelsemöte 19 september"
    assert sent["To"] == "anna.andersson@example.se, bo.berg@example.se"
    assert "Samhällskontraktet" in sent["From"]
    text = sent.get_body(preferencelist=("plain",)).get_content()
    html = sent.get_body(preferencelist=("html",)).get_content()
    assert "Välkommen till styrelsens möte i Västerås." in text
    assert "https://samsyn.example.se/shk/styrning/" in text and "<" not in text
    assert '<html lang="sv">' in html and "<p>Välkommen till styrelsens möte i Västerås.</p>" in html
    assert "Det här meddelandet skickades av Samsyn." in text
    [ics] = list(sent.iter_attachments())
    assert ics.get_filename() == "mote.ics" and ics.get_content_type() == "text/calendar"
    assert ics.get_content().splitlines() == ICS.decode().splitlines()


@pytest.mark.django_db
def test_the_worker_sends_what_is_queued_and_exits_when_the_queue_is_empty(settings, mail_dir):
    settings.TASKS = DATABASE_TASKS
    message = queue_notice()
    assert sent_messages(mail_dir) == []
    assert DBTaskResult.objects.ready().count() == 1
    call_command("worker", "--until-empty", verbosity=0)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert len(sent_messages(mail_dir)) == 1
    assert DBTaskResult.objects.ready().count() == 0
    # Nothing left: a second run sends nothing again.
    call_command("worker", "--until-empty", verbosity=0)
    assert len(sent_messages(mail_dir)) == 1


def closed_port():
    """A local port where nothing listens: a connection to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_a_refused_send_keeps_the_message_and_tries_again_until_it_goes(settings, mail_dir):
    settings.TASKS = DATABASE_TASKS
    settings.SAMSYN_EMAIL_RETRY_MINUTES = [5, 60]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    message = queue_notice()
    call_command("worker", "--until-empty", verbosity=0)

    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.QUEUED
    assert message.attempts == 1 and "ConnectionRefusedError" in message.last_error
    assert timezone.now() + timedelta(minutes=4) < message.next_attempt_at <= timezone.now() + timedelta(minutes=5)
    # The next attempt waits on the queue for its time; the content is all still there.
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.run_after == message.next_attempt_at
    assert message.subject == "Kallelse till styrelsemöte 19 september" and message.attachments

    # When it is due, the mail server still refuses: the next delay is the schedule's second.
    later = message.next_attempt_at
    assert message_send(message.pk, now=later) == "retry"
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at == later + timedelta(minutes=60)

    # The mail server is back (here: the file backend) and the attempt is due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    OutgoingMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    call_command("worker", "--until-empty", verbosity=0)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT and message.attempts == 3 and not message.last_error
    [sent] = sent_messages(mail_dir)
    assert sent["Subject"] == "Kallelse till styrelsemöte 19 september"


@pytest.mark.django_db
def test_a_message_is_sent_once_however_many_tasks_ask(settings, mail_dir):
    settings.TASKS = DATABASE_TASKS
    message = queue_notice()
    assert messages_retry_due() == 1  # a second task for the same message
    call_command("worker", "--until-empty", verbosity=0)
    assert len(sent_messages(mail_dir)) == 1
    assert message_send(message.pk) == "skipped"


@pytest.mark.django_db
def test_tasks_run_at_once_leave_a_failed_message_to_the_worker(settings, mail_dir):
    """Without a queue that can wait (the demo's tasks run at once), a failed message waits in the
    database for `samsyn worker --until-empty`, which tries again whatever is due."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    message = queue_notice()
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.QUEUED and message.attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    OutgoingMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    call_command("worker", "--until-empty", verbosity=0)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert len(sent_messages(mail_dir)) == 1


@pytest.mark.django_db
def test_the_long_running_worker_needs_the_database_queue(settings):
    settings.TASKS = IMMEDIATE_TASKS
    with pytest.raises(CommandError, match="SAMSYN_TASKS=database"):
        call_command("worker", verbosity=0)


def test_a_message_needs_a_recipient():
    with pytest.raises(ValueError):
        mail_queue(to=["", None], subject="Ämne", template="core/mail/message", context={})
