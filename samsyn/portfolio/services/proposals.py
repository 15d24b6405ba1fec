"""Writes to decision proposals: check the policy, save, audit, in one transaction.

A Core Team's decision on an item moves it into the portfolio: approval creates the initiative
(or takes the linked one) and records its phase in the initiative's phase history, with
the decision as its ground. Rejected and deferred items change nothing in the portfolio.

An approved or rejected item is decided again only with `change=True` (the decision form asks
for it with a checkbox); the earlier decision stays in the audit log and whatever it did to the
portfolio stays as well, since the phase history is never rewritten. A deferred item is still
open: the Core Team decides on it later without that step.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core import policy
from samsyn.core.lib.ordering import DIRECTIONS, UP
from samsyn.core.lib.slugs import slug_unique
from samsyn.core.models import FocusArea, Partnership
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import DecisionProposal, Initiative, ProposalFunding, ProposalItem
from ..signals import proposal_item_approved
from .initiatives import _initiative_snapshot, _phase_record

OPEN_DECISIONS = (ProposalItem.Decision.PENDING, ProposalItem.Decision.DEFERRED)


class ProposalFields(TypedDict, total=False):
    focus_area: FocusArea
    title: str
    date: date
    period: str
    source: str


class ProposalItemFields(TypedDict, total=False):
    kind: str
    name: str
    proposal_text: str
    description: str
    context: str
    party_resources: str
    budget_ore: int | None
    budget_note: str
    initiative: Initiative | None
    target_phase: str
    order: int


_PROPOSAL_FIELDS = ("focus_area", "title", "date", "period", "source")
_ITEM_FIELDS = (
    "kind",
    "name",
    "proposal_text",
    "description",
    "context",
    "party_resources",
    "budget_ore",
    "budget_note",
    "initiative",
    "target_phase",
    "order",
)


def _proposal_snapshot(proposal: DecisionProposal) -> dict[str, Any]:
    return {
        "focus_area": proposal.focus_area_id,
        "title": proposal.title,
        "date": proposal.date.isoformat() if proposal.date else None,
        "period": proposal.period,
        "source": proposal.source,
    }


def _item_snapshot(item: ProposalItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "name": item.name,
        "budget_ore": item.budget_ore,
        "budget_note": item.budget_note,
        "initiative": item.initiative_id,
        "target_phase": item.target_phase,
        "decision": item.decision,
        "decided_on": item.decided_on.isoformat() if item.decided_on else None,
        "decided_by": item.decided_by_id,
        "decision_note": item.decision_note,
    }


def _apply(obj: Model, names: tuple[str, ...], fields: Mapping[str, Any], action: str) -> None:
    """Put the plain fields on `obj` (objects named must be its partnership's), check them against
    the model and save it."""
    partnership_id = obj.partnership_id  # type: ignore[attr-defined]
    for name in names:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, Model) and value.partnership_id != partnership_id:  # type: ignore[attr-defined]
            raise PermissionDenied(action)
        setattr(obj, name, value)
    obj.full_clean(exclude=["partnership", "proposal"])
    obj.save()


def _area_target(partnership_id: int, focus_area: FocusArea) -> Target:
    return Target(partnership_id=partnership_id, focus_area_ids=frozenset({focus_area.pk}))


@transaction.atomic
def proposal_create(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Unpack[ProposalFields]
) -> DecisionProposal:
    """Add a decision proposal, in a focus area the actor may write."""
    # Without a focus area only a partnership-wide right passes; the model then asks for one.
    area = fields.get("focus_area")
    policy.require(actor, "proposal.change", _area_target(partnership.pk, area) if area else Target(partnership.pk))
    proposal = DecisionProposal(partnership=partnership)
    _apply(proposal, _PROPOSAL_FIELDS, fields, "proposal.change")
    audit_record(
        partnership=partnership,
        user=user,
        action="proposal.create",
        obj=proposal,
        before=None,
        after=_proposal_snapshot(proposal),
    )
    return proposal


@transaction.atomic
def proposal_change(
    *, actor: Actor | None, user: AnyUser, proposal: DecisionProposal, **fields: Unpack[ProposalFields]
) -> DecisionProposal:
    """Change a proposal; only the fields given change. The actor must be allowed to write it both in
    the focus area it is in and in the one it moves to."""
    # A form has already put its values on the instance it was given; judge the stored one.
    stored = DecisionProposal.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=proposal.pk)
    policy.require(actor, "proposal.change", stored)
    if "focus_area" in fields:
        policy.require(actor, "proposal.change", _area_target(stored.partnership_id, fields["focus_area"]))
    before = _proposal_snapshot(stored)
    _apply(stored, _PROPOSAL_FIELDS, fields, "proposal.change")
    audit_record(
        partnership=stored.partnership,
        user=user,
        action="proposal.change",
        obj=stored,
        before=before,
        after=_proposal_snapshot(stored),
    )
    return stored


def _item_initiative_check(proposal: DecisionProposal, fields: ProposalItemFields) -> None:
    initiative = fields.get("initiative")
    if initiative is not None and not initiative.focus_areas.filter(pk=proposal.focus_area_id).exists():
        raise ValidationError({"initiative": _("The initiative does not belong to the chosen focus area.")})


@transaction.atomic
def proposal_item_create(
    *, actor: Actor | None, user: AnyUser, proposal: DecisionProposal, **fields: Unpack[ProposalItemFields]
) -> ProposalItem:
    """Add an item to `proposal`; without an order it goes last."""
    policy.require(actor, "proposal.change", proposal)
    _item_initiative_check(proposal, fields)
    item = ProposalItem(partnership_id=proposal.partnership_id, proposal=proposal)
    if "order" not in fields:
        # After the last one, even when an item in between was removed.
        last = ProposalItem.objects.filter(proposal=proposal).aggregate(last=Max("order"))["last"]
        item.order = (last or 0) + 1
    _apply(item, _ITEM_FIELDS, fields, "proposal.change")
    audit_record(
        partnership=proposal.partnership,
        user=user,
        action="proposal.item_add",
        obj=item,
        before=None,
        after=_item_snapshot(item),
    )
    return item


@transaction.atomic
def proposal_item_change(
    *, actor: Actor | None, user: AnyUser, item: ProposalItem, **fields: Unpack[ProposalItemFields]
) -> ProposalItem:
    """Change an item of a proposal; only the fields given change. Its decision changes only
    through proposal_item_decide."""
    stored = (
        ProposalItem.objects.select_for_update(of=("self",))
        .select_related("proposal", "proposal__partnership")
        .get(pk=item.pk)
    )
    proposal = stored.proposal
    policy.require(actor, "proposal.change", proposal)
    _item_initiative_check(proposal, fields)
    before = _item_snapshot(stored)
    _apply(stored, _ITEM_FIELDS, fields, "proposal.change")
    audit_record(
        partnership=proposal.partnership,
        user=user,
        action="proposal.item_change",
        obj=stored,
        before=before,
        after=_item_snapshot(stored),
    )
    return stored


@transaction.atomic
def proposal_item_move(*, actor: Actor | None, user: AnyUser, item: ProposalItem, direction: str) -> bool:
    """Move an item one place up or down its proposal; False when it is already at that end.

    Items loaded from the partnership's documents may share a number, so the proposal's items are
    numbered 1, 2, 3 … in the order shown before the two neighbours change places."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    current = ProposalItem.objects.select_related("proposal", "proposal__partnership").get(pk=item.pk)
    proposal = current.proposal
    policy.require(actor, "proposal.change", proposal)
    rows = list(ProposalItem.objects.select_for_update().filter(proposal=proposal).order_by("order", "pk"))
    at = next(i for i, row in enumerate(rows) if row.pk == current.pk)
    to = at - 1 if direction == UP else at + 1
    if not 0 <= to < len(rows):
        return False
    before = rows[at].order
    rows[at], rows[to] = rows[to], rows[at]
    for n, row in enumerate(rows, start=1):
        row.order = n
    ProposalItem.objects.bulk_update(rows, ["order"])
    audit_record(
        partnership=proposal.partnership,
        user=user,
        action="proposal.item_move",
        obj=current,
        before={"name": current.name, "order": before},
        after={"name": current.name, "order": to + 1, "swapped_with": rows[at].pk},
    )
    return True


@transaction.atomic
def proposal_funding_set(
    *, actor: Actor | None, user: AnyUser, proposal: DecisionProposal, amounts: Mapping[str, int | None]
) -> dict[str, int]:
    """Record the split {source: öre or None}; None removes that source."""
    policy.require(actor, "proposal.change", proposal)
    rows = {f.source: f for f in ProposalFunding.objects.select_for_update().filter(proposal=proposal)}
    before = {source: f.amount_ore for source, f in rows.items()}
    for source, amount in amounts.items():
        if amount is None:
            if source in rows:
                rows[source].delete()
            continue
        ProposalFunding.objects.update_or_create(
            proposal=proposal, source=source, defaults={"partnership_id": proposal.partnership_id, "amount_ore": amount}
        )
    after = dict(ProposalFunding.objects.filter(proposal=proposal).values_list("source", "amount_ore"))
    audit_record(
        partnership=proposal.partnership, user=user, action="proposal.funding", obj=proposal, before=before, after=after
    )
    return after


def _decision_ground(proposal: DecisionProposal, on: date) -> str:
    """The decision a phase change rests on, in the partnership's own language (it is a record, not interface)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext("Core Team decision %(date)s: %(title)s") % {"date": on.isoformat(), "title": proposal.title}
    return text[:300]


@transaction.atomic
def proposal_item_decide(
    *,
    actor: Actor | None,
    user: AnyUser,
    item: ProposalItem,
    decision: str,
    on: date,
    note: str = "",
    target_phase: str | None = None,
    change: bool = False,
    board_item: Model | None = None,  # governance's AgendaItem: governance sits above the portfolio
) -> ProposalItem:
    """Record the Core Team's decision on `item` and, when approved, put it into the portfolio.

    Approving an item with a budget is also a spending decision (DOMAIN.md rule 3): it is refused,
    with nothing recorded, unless the recorder holds the authority for the amount or names the
    `board_item` (an item of a board meeting) that decided it.
    """
    proposal = item.proposal
    policy.require(actor, "proposal.decide", proposal)
    if decision not in (ProposalItem.Decision.APPROVED, ProposalItem.Decision.REJECTED, ProposalItem.Decision.DEFERRED):
        raise ValidationError(_("Choose approved, rejected or deferred."), code="decision")
    # Lock the row: two Core Team members pressing at once must not both decide.
    item = ProposalItem.objects.select_for_update().get(pk=item.pk)
    if item.decision not in OPEN_DECISIONS and not change:
        raise ValidationError(
            _("This item is already decided. Say that you are changing the decision."), code="decided"
        )
    before = _item_snapshot(item)
    if target_phase:
        item.target_phase = target_phase
    item.decision = decision
    item.decided_on = on
    item.decided_by = user if isinstance(user, User) else None
    item.decision_note = note
    initiative = None
    if decision == ProposalItem.Decision.APPROVED:
        _spending_record(actor=actor, user=user, item=item, on=on, board_item=board_item)
        initiative = item.initiative or _initiative_create(user=user, item=item, proposal=proposal)
        item.initiative = initiative
        # The Core Team's decision is the authority here; proposal.decide was checked above.
        _phase_record(
            user=user,
            initiative=initiative,
            phase=item.target_phase,
            on=on,
            decision=_decision_ground(proposal, on),
            source=proposal.source[:300],
        )
    item.save()
    after = _item_snapshot(item)
    if initiative is not None:
        after["initiative_slug"] = initiative.slug
    audit_record(
        partnership=proposal.partnership, user=user, action="proposal.decide", obj=item, before=before, after=after
    )
    return item


def _spending_record(
    *, actor: Actor | None, user: AnyUser, item: ProposalItem, on: date, board_item: Model | None
) -> Any:
    # Approving again (a changed decision) must not spend the same budget twice.
    if item.budget_ore is not None and item.spending_decisions.filter(amount_ore=item.budget_ore).exists():
        return None
    responses = proposal_item_approved.send(
        sender=ProposalItem, item=item, actor=actor, user=user, on=on, board_item=board_item
    )
    return next((response for __, response in responses if response is not None), None)


def _initiative_create(*, user: AnyUser, item: ProposalItem, proposal: DecisionProposal) -> Initiative:
    text = "\n\n".join(part.strip() for part in (item.proposal_text, item.description) if part.strip())
    initiative = Initiative.objects.create(
        partnership_id=proposal.partnership_id,
        slug=slug_unique(
            Initiative.objects.filter(partnership_id=proposal.partnership_id),
            item.name,
            max_length=110,
            fallback="initiativ",
        ),
        name=item.name,
        description=text,
        phase=item.target_phase,
        source=f"{proposal.title} ({proposal.date.isoformat()})"[:300],
    )
    initiative.focus_areas.set([proposal.focus_area_id])
    audit_record(
        partnership=proposal.partnership,
        user=user,
        action="initiative.create",
        obj=initiative,
        before=None,
        after=_initiative_snapshot(Initiative.objects.prefetch_related("focus_areas", "parties").get(pk=initiative.pk)),
    )
    return initiative
