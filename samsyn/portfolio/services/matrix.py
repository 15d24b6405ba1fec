"""Writes to the whole-portfolio matrix: check the policy, save, audit, in one transaction.

A Core Team member may act on the items of their focus area ("matrix.change" scoped by
the item's focus area, samsyn.core.policy); an item without a focus area is the board's
and only staff with a partnership-wide right may place, move or remove it.
"""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.models import FocusArea
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import Initiative, MatrixItem, Portfolio

ACTION = "matrix.change"


class MatrixItemFields(TypedDict, total=False):
    title: str
    kind: str
    initiative: Initiative | None
    focus_area: FocusArea | None
    layer: str
    ring: str
    stage: str
    description: str
    order: int


_FIELDS = ("title", "kind", "initiative", "focus_area", "layer", "ring", "stage", "description", "order")


def _matrix_item_snapshot(item: MatrixItem) -> dict[str, Any]:
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
    policy.require(actor, ACTION, target)


def _area_after(item: MatrixItem, fields: MatrixItemFields) -> int | None:
    if "focus_area" not in fields:
        return item.focus_area_id
    area = fields["focus_area"]
    return area.pk if area else None


def _apply(item: MatrixItem, fields: MatrixItemFields) -> None:
    """Put the plain fields on `item`, check them against the model and save it."""
    data: dict[str, Any] = dict(fields)
    for obj in (data.get("initiative"), data.get("focus_area")):
        if obj is not None and obj.partnership_id != item.partnership_id:
            raise PermissionDenied(ACTION)
    for name in _FIELDS:
        if name in data:
            setattr(item, name, data[name])
    # An item that stands for an initiative is called by its name unless given a title.
    if not item.title and item.initiative is not None:
        item.title = item.initiative.name
    if not item.title:
        raise ValidationError({"title": _("Give the item a title or choose an initiative.")})
    item.full_clean(exclude=["partnership", "portfolio"])
    item.save()


@transaction.atomic
def matrix_item_create(
    *, actor: Actor | None, user: AnyUser, portfolio: Portfolio, **fields: Unpack[MatrixItemFields]
) -> MatrixItem:
    """Place a new item in `portfolio`'s matrix, in a focus area the actor may act on."""
    item = MatrixItem(partnership_id=portfolio.partnership_id, portfolio=portfolio)
    _require(actor, _area_after(item, fields), portfolio.partnership_id)
    _apply(item, fields)
    audit_record(
        partnership=portfolio.partnership,
        user=user,
        action="matrix.place",
        obj=item,
        before=None,
        after=_matrix_item_snapshot(item),
    )
    return item


@transaction.atomic
def matrix_item_change(
    *, actor: Actor | None, user: AnyUser, item: MatrixItem, **fields: Unpack[MatrixItemFields]
) -> MatrixItem:
    """Change an item; only the fields given change.

    The actor must be allowed on the item both as it was and as it will be, so a Core
    Team member cannot hand an item over to the other focus area or to the board.
    """
    # A form has already put its values on the instance it was given; judge the stored one.
    stored = MatrixItem.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=item.pk)
    _require(actor, stored.focus_area_id, stored.partnership_id)
    _require(actor, _area_after(stored, fields), stored.partnership_id)
    before = _matrix_item_snapshot(stored)
    _apply(stored, fields)
    audit_record(
        partnership=stored.partnership,
        user=user,
        action="matrix.change",
        obj=stored,
        before=before,
        after=_matrix_item_snapshot(stored),
    )
    return stored


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
    before = _matrix_item_snapshot(item)
    partnership = item.partnership
    # The audit entry needs the primary key, which delete() clears.
    audit_record(partnership=partnership, user=user, action="matrix.remove", obj=item, before=before, after=None)
    item.delete()
