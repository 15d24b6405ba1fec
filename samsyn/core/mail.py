"""E-mail: every message is stored first and sent by a background task, retried until it goes.

`mail_queue` renders a message in Swedish (a plain-text and an HTML part from templates, optional
attachments such as an .ics invitation), stores it as an OutgoingMessage and enqueues
`message_deliver`. The task sends by id through the backend that SAMSYN_EMAIL_URL configures; when
the mail server fails it records the error and enqueues itself again for later (the delays are
SAMSYN_EMAIL_RETRY_MINUTES). `messages_retry_due` puts back on the queue whatever is due and has
no task waiting, such as a message whose worker stopped mid-send; `samsyn worker` calls it first.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from .models import OutgoingMessage, Partnership

# How long an attempt holds its message: another task for the same message meanwhile does nothing.
# Longer than any send can take (EMAIL_TIMEOUT is 30 s per server reply).
ATTEMPT_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def retry_delay(attempts: int, schedule_minutes: Sequence[int]) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: the schedule's entry for it, and
    its last entry for every attempt beyond it, so a message is tried again for as long as it takes."""
    if attempts < 1:
        raise ValueError("a delay follows a failed attempt: attempts is 1 or more")
    if not schedule_minutes:
        raise ValueError("the retry schedule is empty")
    return timedelta(minutes=schedule_minutes[min(attempts, len(schedule_minutes)) - 1])


def mail_queue(
    *,
    to: Iterable[str],
    subject: str,
    template: str,
    context: Mapping[str, Any],
    attachments: Iterable[Attachment] = (),
    partnership: Partnership | None = None,
    headers: Mapping[str, str] | None = None,
) -> OutgoingMessage:
    """Store a message and enqueue its sending; `template` names `<template>.txt` and `<template>.html`.

    The message is written in Swedish whatever language the request that caused it was in: the
    people it goes to read Samsyn in Swedish. In the caller's transaction, so a message is queued
    only with the change it tells of (on the database backend the task row commits with it too).
    `headers` are extra header lines, such as List-Unsubscribe on a newsletter's messages.
    """
    recipients = [address for address in to if address]
    if not recipients:
        raise ValueError("a message needs at least one recipient")
    with translation.override("sv"):
        ctx = {"subject": subject, **context}
        body_text = render_to_string(f"{template}.txt", ctx)
        body_html = render_to_string(f"{template}.html", ctx)
    with transaction.atomic():
        message = OutgoingMessage.objects.create(
            partnership=partnership,
            recipients=recipients,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            attachments=[
                {"filename": a.filename, "mimetype": a.mimetype, "content": base64.b64encode(a.content).decode()}
                for a in attachments
            ],
            headers=dict(headers or {}),
        )
        message_deliver.enqueue(message.pk)
    return message


def message_email(message: OutgoingMessage) -> EmailMultiAlternatives:
    """The stored message as Django's e-mail, ready to send."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.recipients,
        headers=dict(message.headers),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for a in message.attachments:
        email.attach(a["filename"], base64.b64decode(a["content"]), a["mimetype"])
    return email


def message_send(message_id: int, now: datetime | None = None) -> str:
    """One attempt to send a stored message: "sent", "retry" (kept, tried again later) or "skipped"
    (already sent, not yet due, or another attempt holds it)."""
    now = now or timezone.now()
    # Claim the message by moving its next attempt forward: of two tasks for the same message, only
    # the one whose update matched sends it.
    claimed = OutgoingMessage.objects.filter(
        pk=message_id, status=OutgoingMessage.Status.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + ATTEMPT_LEASE)
    if not claimed:
        return "skipped"
    message = OutgoingMessage.objects.get(pk=message_id)
    attempts = message.attempts + 1
    try:
        message_email(message).send(fail_silently=False)
    except OSError as error:  # SMTPException and every refused or broken connection are OSErrors
        next_attempt = now + retry_delay(attempts, settings.SAMSYN_EMAIL_RETRY_MINUTES)
        OutgoingMessage.objects.filter(pk=message_id).update(
            attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:2000], next_attempt_at=next_attempt
        )
        # A queue that can wait runs the next attempt when it is due; one that runs tasks at once
        # cannot, and leaves the message to `messages_retry_due` (`samsyn worker`).
        if default_task_backend.supports_defer:
            message_deliver.using(run_after=next_attempt).enqueue(message_id)
        return "retry"
    OutgoingMessage.objects.filter(pk=message_id).update(
        status=OutgoingMessage.Status.SENT, attempts=attempts, last_error="", sent_at=timezone.now()
    )
    return "sent"


@task()
def message_deliver(message_id: int) -> str:
    """The background task: one attempt to send the message (see message_send)."""
    return message_send(message_id)


def messages_retry_due(now: datetime | None = None) -> int:
    """Enqueue every message that is due and not sent, and say how many.

    A message whose task is waiting anyway gets a second one, which finds it claimed or sent and
    does nothing; a message whose task was lost (a worker stopped mid-send, or tasks that ran at
    once while the mail server was down) goes out again."""
    now = now or timezone.now()
    due = list(
        OutgoingMessage.objects.filter(status=OutgoingMessage.Status.QUEUED, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for pk in due:
        message_deliver.enqueue(pk)
    return len(due)
