"""Writes to the portfolio: check the policy, save, audit, in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import ModelForm
from django.utils import timezone

from samsyn.core import policy
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import Initiative, PhaseChange


def initiative_snapshot(initiative: Initiative) -> dict[str, Any]:
    return {
        "name": initiative.name,
        "slug": initiative.slug,
        "phase": initiative.phase,
        "owner": initiative.owner_id,
        "testbed": initiative.testbed_id,
        "start": initiative.start.isoformat() if initiative.start else None,
        "end": initiative.end.isoformat() if initiative.end else None,
        "focus_areas": sorted(fa.pk for fa in initiative.focus_areas.all()),
        "parties": sorted(o.pk for o in initiative.parties.all()),
    }


def _target_after(form: ModelForm[Initiative], partnership_id: int, owner_id: int | None) -> Target:
    return Target(
        partnership_id=partnership_id,
        focus_area_ids=frozenset(fa.pk for fa in form.cleaned_data.get("focus_areas", [])),
        owner_person_id=owner_id,
    )


@transaction.atomic
def initiative_save(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, form: ModelForm[Initiative]
) -> Initiative:
    """Create or change an initiative from a valid InitiativeForm.

    The actor must be allowed to act on the initiative both as it was and as it will
    be: a Core Team member cannot move an initiative into another focus area.
    """
    instance = form.instance
    creating = instance.pk is None
    action = "initiative.create" if creating else "initiative.change"
    if not creating and not policy.allows(actor, action, instance.policy_target()):
        raise PermissionDenied(action)
    owner = form.cleaned_data.get("owner")
    if not policy.allows(actor, action, _target_after(form, partnership.pk, owner.pk if owner else None)):
        raise PermissionDenied(action)

    def snapshot(pk: int) -> dict[str, Any]:
        return initiative_snapshot(Initiative.objects.prefetch_related("focus_areas", "parties").get(pk=pk))

    new_phase = form.cleaned_data["phase"]
    before = None
    phase_changed = True
    if not creating:
        before = snapshot(instance.pk)
        phase_changed = before["phase"] != new_phase
        # The phase moves through initiative_move_phase so that its history is kept.
        instance.phase = before["phase"]
    instance.partnership = partnership
    initiative = form.save()
    if phase_changed:
        initiative_move_phase(
            actor=actor,
            user=user,
            initiative=initiative,
            phase=new_phase,
            on=timezone.localdate(),
            decision=form.cleaned_data.get("phase_decision") or "",
            check=not creating,
        )
    audit_record(
        partnership=partnership, user=user, action=action, obj=initiative, before=before, after=snapshot(initiative.pk)
    )
    return initiative


@transaction.atomic
def initiative_move_phase(
    *,
    actor: Actor | None,
    user: AnyUser,
    initiative: Initiative,
    phase: str,
    on: date,
    decision: str = "",
    source: str = "",
    check: bool = True,
) -> PhaseChange:
    """Record that `initiative` entered `phase` on `on`; the history keeps every step.

    Initiative.phase mirrors the latest step by date, so a change recorded after the
    fact (an older date) leaves the current phase alone.
    """
    if check and not policy.allows(actor, "initiative.move_phase", initiative.policy_target()):
        raise PermissionDenied("initiative.move_phase")
    change = PhaseChange.objects.create(
        partnership_id=initiative.partnership_id,
        initiative=initiative,
        phase=phase,
        date=on,
        decision=decision,
        source=source,
        recorded_by=user if isinstance(user, User) else None,
    )
    latest = PhaseChange.objects.filter(initiative=initiative).latest("date", "pk")
    before = initiative.phase
    if latest.phase != initiative.phase:
        Initiative.objects.filter(pk=initiative.pk).update(phase=latest.phase)
        initiative.phase = latest.phase
    audit_record(
        partnership=initiative.partnership,
        user=user,
        action="initiative.move_phase",
        obj=initiative,
        before={"phase": before},
        after={"phase": phase, "date": on.isoformat(), "decision": decision},
    )
    return change
