"""Spending decisions: who may decide what amount is the agreement's rule (core.spending)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.models import Partnership, Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.spending import spending_check
from samsyn.core.types import AnyUser
from samsyn.economy.models import PilotGrant
from samsyn.portfolio.models import ProposalItem

from ..models import AgendaItem, PilotGrantDecision, SpendingDecision
from ._shared import partnership_target, snapshot


def _spending_record(
    *,
    partnership: Partnership,
    actor: Actor | None,
    user: AnyUser,
    amount_ore: int,
    on: date,
    purpose: str,
    decided_by: Person | None,
    board_item: AgendaItem | None,
    proposal_item: ProposalItem | None,
) -> SpendingDecision:
    """Record a spending decision; refused (ValidationError naming who may decide) without authority."""
    if amount_ore is None or amount_ore < 0:
        raise ValidationError({"amount_ore": _("Give an amount of zero or more.")})
    authority = spending_check(
        partnership=partnership, actor=actor, amount_ore=amount_ore, on=on, board_item=board_item
    )
    with transaction.atomic():
        decision = SpendingDecision.objects.create(
            partnership=partnership,
            date=on,
            amount_ore=amount_ore,
            purpose=purpose[:300],
            authority=authority,
            decided_by=decided_by,
            board_item=board_item,
            proposal_item=proposal_item,
            recorded_by=user if isinstance(user, User) else None,
        )
        audit_record(
            partnership=partnership, user=user, action="spending.decide", obj=decision, after=snapshot(decision)
        )
    return decision


def spending_decide(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    amount_ore: int,
    on: date,
    purpose: str,
    decided_by: Person | None = None,
    board_item: AgendaItem | None = None,
    proposal_item: ProposalItem | None = None,
) -> SpendingDecision:
    """Record a spending decision on the spending page.

    Two checks: the policy says who records spending decisions at all (PermissionDenied); the
    agreement's limits say whether this amount rests on the recorder's authority or needs an item
    of a board meeting (ValidationError naming who may decide).
    """
    policy.require(actor, "spending.decide", partnership_target(partnership))
    return _spending_record(
        partnership=partnership,
        actor=actor,
        user=user,
        amount_ore=amount_ore,
        on=on,
        purpose=purpose,
        decided_by=decided_by,
        board_item=board_item,
        proposal_item=proposal_item,
    )


def proposal_item_spending_record(
    *,
    actor: Actor | None,
    user: AnyUser,
    item: ProposalItem,
    on: date,
    decided_by: Person | None = None,
    board_item: AgendaItem | None = None,
) -> SpendingDecision | None:
    """The spending decision for a Core Team proposal item's process-support budget.

    Receives the portfolio's proposal_item_approved signal (see GovernanceConfig.ready) when an
    item is approved with a budget. The policy was asked by the portfolio's service that sends the
    signal ("proposal.decide": the Core Team's decision is what is recorded), so no "spending.decide"
    here; the agreement's limits still apply and raise ValidationError if the recorder lacks the
    authority.
    """
    if not item.budget_ore:
        return None
    return _spending_record(
        partnership=item.proposal.partnership,
        actor=actor,
        user=user,
        amount_ore=item.budget_ore,
        on=on,
        purpose=f"{item.proposal.title}: {item.name}",
        decided_by=decided_by,
        board_item=board_item,
        proposal_item=item,
    )


def pilot_grant_decision_record(
    *, actor: Actor | None, user: AnyUser, grant: PilotGrant, board_item: AgendaItem
) -> PilotGrantDecision:
    """Link a pilot grant to the item of the board meeting that decided it.

    Receives the economy's pilot_grant_recorded signal (see GovernanceConfig.ready) inside
    pilot_grant_record's transaction, after that service asked the policy ("economy.change") and
    the agreement's limits; its audit entry names the board item, so none is written here.
    """
    if board_item.partnership_id != grant.partnership_id:
        # pilot_grant_record's spending check refused such an item already: only a caller's mistake gets here.
        raise ValueError("a pilot grant's board item must be of the grant's partnership")
    return PilotGrantDecision.objects.create(pilot_grant=grant, board_item=board_item)
