"""Writes to the portfolio: check the policy, save, audit, in one transaction."""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from samsyn.core import policy
from samsyn.core.policy import Target
from samsyn.core.services import audit_record

from .models import Initiative


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
    before = None if creating else initiative_snapshot(Initiative.objects.prefetch_related("focus_areas", "parties").get(pk=instance.pk))
    instance.partnership = partnership
    initiative = form.save()
    after = initiative_snapshot(Initiative.objects.prefetch_related("focus_areas", "parties").get(pk=initiative.pk))
    audit_record(partnership=partnership, user=user, action=action, obj=initiative, before=before, after=after)
    return initiative
