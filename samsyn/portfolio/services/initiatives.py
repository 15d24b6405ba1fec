"""Writes to the portfolio: check the policy, save, audit, in one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samsyn.core import policy
from samsyn.core.policy import Target
from samsyn.core.services import audit_record

from ..models import Initiative, PhaseChange


def initiative_snapshot(initiative):
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


def _target_after(form, partnership_id, owner_id):
    return Target(
        partnership_id=partnership_id,
        focus_area_ids=frozenset(fa.pk for fa in form.cleaned_data.get("focus_areas", [])),
        owner_person_id=owner_id,
    )


@transaction.atomic
def initiative_save(*, actor, user, partnership, form):
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

    def snapshot(pk):
        return initiative_snapshot(Initiative.objects.prefetch_related("focus_areas", "parties").get(pk=pk))

    before = None if creating else snapshot(instance.pk)
    new_phase = form.cleaned_data.get("phase")
    phase_changed = creating or before["phase"] != new_phase
    if not creating:
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
def initiative_move_phase(*, actor, user, initiative, phase, on, decision="", source="", check=True):
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
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    latest = PhaseChange.objects.filter(initiative=initiative).order_by("-date", "-pk").first()
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
