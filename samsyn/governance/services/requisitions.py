"""Requisitions of the member fees: the due date follows the agreement."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from samsyn.core import policy
from samsyn.core.agreement import payment_due_date
from samsyn.core.models import Organization, Partnership
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import Requisition
from ._shared import partnership_target, snapshot


def _requisition_fill(
    requisition: Requisition,
    *,
    organization: Organization,
    year: int,
    half: int,
    requisition_date: date,
    amount_ore: int,
    paid_on: date | None,
) -> None:
    requisition.organization = organization
    requisition.year, requisition.half = year, half
    requisition.requisition_date = requisition_date
    requisition.amount_ore = amount_ore
    requisition.paid_on = paid_on
    requisition.due_date = payment_due_date(year, half, requisition_date)


@transaction.atomic
def requisition_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    organization: Organization,
    year: int,
    half: int,
    requisition_date: date,
    amount_ore: int,
    paid_on: date | None = None,
) -> Requisition:
    """Requisition a member's fee for a half-year; the due date is computed."""
    policy.require(actor, "requisition.change", partnership_target(partnership))
    requisition = Requisition(partnership=partnership)
    _requisition_fill(
        requisition,
        organization=organization,
        year=year,
        half=half,
        requisition_date=requisition_date,
        amount_ore=amount_ore,
        paid_on=paid_on,
    )
    requisition.save()
    audit_record(
        partnership=partnership, user=user, action="requisition.change", obj=requisition, after=snapshot(requisition)
    )
    return requisition


@transaction.atomic
def requisition_change(
    *,
    actor: Actor | None,
    user: AnyUser,
    requisition: Requisition,
    organization: Organization,
    year: int,
    half: int,
    requisition_date: date,
    amount_ore: int,
    paid_on: date | None = None,
) -> Requisition:
    """Change a requisition (its payment too); the due date is computed again."""
    policy.require(actor, "requisition.change", requisition)
    # Read again: a validated ModelForm has already written the new values onto `requisition`.
    before = snapshot(Requisition.objects.get(pk=requisition.pk))
    _requisition_fill(
        requisition,
        organization=organization,
        year=year,
        half=half,
        requisition_date=requisition_date,
        amount_ore=amount_ore,
        paid_on=paid_on,
    )
    requisition.save()
    audit_record(
        partnership=requisition.partnership,
        user=user,
        action="requisition.change",
        obj=requisition,
        before=before,
        after=snapshot(requisition),
    )
    return requisition
