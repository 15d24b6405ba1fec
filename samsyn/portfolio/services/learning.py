"""Writes of relations, learning entries and status updates: check the policy, save, audit,
in one transaction.

A relation belongs to its source initiative: whoever may change relations of the source
("relation.change") adds and removes it. Learning entries and status updates are written
by those the policy names ("learning.add", "status.add"); the author is the person the
login is in this partnership.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import Initiative, LearningEntry, Relation, StatusUpdate

# Set by the service from objects it has checked; full_clean need not look them up again.
_RELATIONS = ["partnership", "initiative", "author"]


def _author_require(actor: Actor | None, action: str, initiative: Initiative) -> Actor:
    """Check the policy for an entry whose author is the actor, and hand back the actor it allowed."""
    if actor is None:
        raise PermissionDenied(action)
    policy.require(actor, action, initiative)
    return actor


def _relation_snapshot(relation: Relation) -> dict[str, Any]:
    return {
        "source": relation.source.slug,
        "target": relation.target.slug,
        "kind": relation.kind,
        "note": relation.note,
    }


@transaction.atomic
def relation_add(
    *, actor: Actor | None, user: AnyUser, source: Initiative, target: Initiative, kind: str, note: str = ""
) -> Relation:
    """Record that `source` relates to `target` (of the same partnership) in the way `kind` says."""
    policy.require(actor, "relation.change", source)
    if target.partnership_id != source.partnership_id:
        raise PermissionDenied("relation.change")
    if target.pk == source.pk:
        raise ValidationError(_("An initiative cannot be related to itself."))
    if Relation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError(_("This relation is already recorded."))
    relation = Relation.objects.create(
        partnership_id=source.partnership_id, source=source, target=target, kind=kind, note=note
    )
    audit_record(
        partnership=source.partnership,
        user=user,
        action="relation.add",
        obj=relation,
        after=_relation_snapshot(relation),
    )
    return relation


@transaction.atomic
def relation_remove(*, actor: Actor | None, user: AnyUser, relation: Relation) -> dict[str, Any]:
    """Remove a relation; the snapshot it had is returned (and kept in the audit log)."""
    relation = Relation.objects.select_related("source", "target", "source__partnership").get(pk=relation.pk)
    policy.require(actor, "relation.change", relation.source)
    before = _relation_snapshot(relation)
    # The audit row names the relation by its id, which is gone after the delete.
    audit_record(
        partnership=relation.source.partnership, user=user, action="relation.remove", obj=relation, before=before
    )
    relation.delete()
    return before


@transaction.atomic
def learning_entry_add(
    *, actor: Actor | None, user: AnyUser, initiative: Initiative, kind: str, on: date, text: str
) -> LearningEntry:
    """Add an entry to the initiative's learning log, written by the actor's person."""
    author = _author_require(actor, "learning.add", initiative)
    entry = LearningEntry(
        partnership_id=initiative.partnership_id,
        initiative=initiative,
        kind=kind,
        date=on,
        text=text,
        author_id=author.person_id,
    )
    entry.full_clean(exclude=_RELATIONS)
    entry.save()
    audit_record(
        partnership=initiative.partnership,
        user=user,
        action="learning.add",
        obj=entry,
        after={
            "initiative": initiative.slug,
            "kind": kind,
            "date": on.isoformat(),
            "author": author.person_id,
            "text": text,
        },
    )
    return entry


@transaction.atomic
def status_update_add(
    *, actor: Actor | None, user: AnyUser, initiative: Initiative, colour: str, on: date, text: str
) -> StatusUpdate:
    """Record the initiative's status (a colour and a short text), written by the actor's person."""
    author = _author_require(actor, "status.add", initiative)
    update = StatusUpdate(
        partnership_id=initiative.partnership_id,
        initiative=initiative,
        colour=colour,
        date=on,
        text=text,
        author_id=author.person_id,
    )
    update.full_clean(exclude=_RELATIONS)
    update.save()
    audit_record(
        partnership=initiative.partnership,
        user=user,
        action="status.add",
        obj=update,
        after={
            "initiative": initiative.slug,
            "colour": colour,
            "date": on.isoformat(),
            "author": author.person_id,
            "text": text,
        },
    )
    return update
