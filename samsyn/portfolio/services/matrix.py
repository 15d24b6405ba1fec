"""Writes to the whole-portfolio matrix: check the policy, save, audit, in one transaction.

A Core Team member may act on the items of their focus area ("matrix.change" scoped by
the item's focus area, samsyn.core.policy); an item without a focus area is the board's
and only staff with a partnership-wide right may place, move or remove it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import ModelForm

from samsyn.core import policy
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import MatrixItem, Portfolio

ACTION = "matrix.change"


def matrix_item_snapshot(item: MatrixItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "kind": item.kind,
        "portfolio": item.portfolio_id,
        "initiative": item.initiative_id,
        "focus_area": item.focus_area_id,
        "layer": item.layer,
        "ring": item.ring,
        "stage": item.stage,
    }


def _require(actor: Actor | None, focus_area_id: int | None, partnership_id: int) -> None:
    target = Target(
        partnership_id=partnership_id, focus_area_ids=frozenset({focus_area_id}) if focus_area_id else frozenset()
    )
    if not policy.allows(actor, ACTION, target):
        raise PermissionDenied(ACTION)


@transaction.atomic
def matrix_item_save(
    *, actor: Actor | None, user: AnyUser, portfolio: Portfolio, form: ModelForm[MatrixItem]
) -> MatrixItem:
    """Place a new item, or change one, from a valid MatrixItemForm.

    The actor must be allowed on the item both as it was and as it will be, so a Core
    Team member cannot hand an item over to the other focus area or to the board.
    """
    item = form.instance
    creating = item.pk is None
    if not creating:
        stored = MatrixItem.objects.select_for_update().get(pk=item.pk)
        _require(actor, stored.focus_area_id, stored.partnership_id)
        before = matrix_item_snapshot(stored)
    area = form.cleaned_data.get("focus_area")
    _require(actor, area.pk if area else None, portfolio.partnership_id)
    item.partnership_id = portfolio.partnership_id
    item.portfolio = portfolio
    item = form.save()
    audit_record(
        partnership=portfolio.partnership,
        user=user,
        action="matrix.place" if creating else "matrix.change",
        obj=item,
        before=None if creating else before,
        after=matrix_item_snapshot(item),
    )
    return item


@transaction.atomic
def matrix_item_move(
    *, actor: Actor | None, user: AnyUser, item: MatrixItem, layer: str, ring: str, stage: str | None
) -> MatrixItem:
    """Move an item to another cell (layer × ring) and/or stage of the cycle."""
    item = MatrixItem.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=item.pk)
    _require(actor, item.focus_area_id, item.partnership_id)
    before = {"layer": item.layer, "ring": item.ring, "stage": item.stage}
    item.layer, item.ring, item.stage = layer, ring, stage or ""
    item.full_clean(exclude=["partnership", "portfolio", "initiative", "focus_area"])
    item.save(update_fields=["layer", "ring", "stage"])
    audit_record(
        partnership=item.partnership,
        user=user,
        action="matrix.move",
        obj=item,
        before=before,
        after={"layer": item.layer, "ring": item.ring, "stage": item.stage},
    )
    return item


@transaction.atomic
def matrix_item_remove(*, actor: Actor | None, user: AnyUser, item: MatrixItem) -> None:
    item = MatrixItem.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=item.pk)
    _require(actor, item.focus_area_id, item.partnership_id)
    before = matrix_item_snapshot(item)
    partnership = item.partnership
    # The audit entry needs the primary key, which delete() clears.
    audit_record(partnership=partnership, user=user, action="matrix.remove", obj=item, before=before, after=None)
    item.delete()
