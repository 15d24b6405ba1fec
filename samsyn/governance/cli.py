"""`samsyn report overdue --partnership SLUG [--on DATE]`: unpaid requisitions past their due date
and open assignments past theirs, one line each (for a daily reminder job)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError

from samsyn.core.lib.numbers import format_kronor
from samsyn.core.models import Partnership
from samsyn.core.subcommands import Subcommand


def _arguments(parser):
    parser.add_argument("--partnership", required=True)
    parser.add_argument("--on", help="YYYY-MM-DD (default today)")


def _handle(command, *, partnership, on=None, **options):
    from django.utils import timezone

    from .models import Assignment, Requisition

    try:
        p = Partnership.objects.get(slug=partnership)
    except Partnership.DoesNotExist:
        raise CommandError(f"no partnership {partnership!r}") from None
    try:
        day = date.fromisoformat(on) if on else timezone.localdate()
    except ValueError:
        raise CommandError(f"--on: not a date: {on!r}") from None
    lines = []
    for r in (
        Requisition.objects.filter(partnership=p, paid_on__isnull=True, due_date__lt=day)
        .select_related("organization")
        .order_by("due_date")
    ):
        lines.append(
            f"requisition\t{r.organization.name}\t{r.year}:{r.half}\t{format_kronor(r.amount_ore)}\tdue {r.due_date.isoformat()}"
        )
    open_ = [Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS]
    for a in (
        Assignment.objects.filter(partnership=p, status__in=open_, due__lt=day)
        .select_related("assignee")
        .order_by("due")
    ):
        # due__lt leaves out assignments without a due date.
        lines.append(f"assignment\t{a.who}\t{a.text}\tdue {a.due.isoformat() if a.due else ''}")
    return "\n".join(lines) + ("\n" if lines else "")


REPORT = {"overdue": Subcommand("Unpaid requisitions and open assignments past their due date.", _arguments, _handle)}
