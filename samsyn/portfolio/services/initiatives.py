"""Writes to the portfolio's initiatives: check the policy, save, audit, in one transaction.

The field values come as keyword arguments (`InitiativeFields`), as a form's cleaned data
or a loader's literal data; a change touches only the fields it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.lib.slugs import slug_unique
from samsyn.core.models import FocusArea, Organization, Partnership, Person
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import Discipline, Initiative, Perspective, PhaseChange, SocietalGoal, Testbed


class InitiativeFields(TypedDict, total=False):
    name: str
    slug: str
    description: str
    phase: str
    # The decision a phase change rests on; kept in the phase history, not on the initiative.
    phase_decision: str
    focus_areas: Iterable[FocusArea]
    societal_goals: Iterable[SocietalGoal]
    perspectives: Iterable[Perspective]
    owner: Person | None
    parties: Iterable[Organization]
    partners: Iterable[Organization]
    disciplines: Iterable[Discipline]
    testbed: Testbed | None
    start: date | None
    end: date | None


_MANY = ("focus_areas", "societal_goals", "perspectives", "parties", "partners", "disciplines")
_ONE = ("name", "slug", "description", "owner", "testbed", "start", "end")


def _initiative_snapshot(initiative: Initiative) -> dict[str, Any]:
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


def _stored_snapshot(pk: int) -> dict[str, Any]:
    return _initiative_snapshot(Initiative.objects.prefetch_related("focus_areas", "parties").get(pk=pk))


def _target_after(initiative: Initiative, fields: InitiativeFields) -> Target:
    """The initiative as it will be, for the policy: its focus areas and owner after the write."""
    stored = initiative.policy_target()
    areas = fields.get("focus_areas")
    owner_id = stored.owner_person_id
    if "owner" in fields:
        owner = fields["owner"]
        owner_id = owner.pk if owner else None
    return Target(
        partnership_id=initiative.partnership_id,
        focus_area_ids=frozenset(fa.pk for fa in areas) if areas is not None else stored.focus_area_ids,
        owner_person_id=owner_id,
    )


def _same_partnership(action: str, partnership_id: int, fields: InitiativeFields) -> None:
    """Every object named must be the partnership's own: a write never reaches another tenant."""
    data: dict[str, Any] = dict(fields)
    named: list[Any] = [data.get("owner"), data.get("testbed")]
    for name in _MANY:
        named.extend(data.get(name, ()))
    if any(obj is not None and obj.partnership_id != partnership_id for obj in named):
        raise PermissionDenied(action)


def _apply(initiative: Initiative, fields: InitiativeFields) -> None:
    """Put the plain fields on `initiative`, check them against the model and save it."""
    data: dict[str, Any] = dict(fields)
    for name in _ONE:
        if name in data:
            setattr(initiative, name, data[name])
    if not slugify(initiative.name):
        raise ValidationError({"name": _("Give the initiative a name.")})
    others = Initiative.objects.filter(partnership_id=initiative.partnership_id)
    if initiative.pk:
        others = others.exclude(pk=initiative.pk)
    if not initiative.slug:
        # Made once from the name; a renamed initiative keeps it, so that saved addresses still work.
        initiative.slug = slug_unique(
            others, initiative.name, max_length=120, fallback="initiativ", reserved=frozenset({"nytt"})
        )
    elif others.filter(slug=initiative.slug).exists():
        # Only a loader names the key itself (the demo's transcribed data); it must still be free.
        raise ValidationError({"slug": _("Another initiative already has this short name.")})
    initiative.full_clean(exclude=["partnership"])
    initiative.save()
    for name in _MANY:
        if name in data:
            getattr(initiative, name).set(data[name])


@transaction.atomic
def initiative_create(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Unpack[InitiativeFields]
) -> Initiative:
    """Add an initiative to the portfolio; its first phase opens its phase history.

    The actor must be allowed to create it where it will be: a Core Team member creates in
    their own focus area.
    """
    initiative = Initiative(partnership=partnership)
    policy.require(actor, "initiative.create", _target_after(initiative, fields))
    _same_partnership("initiative.create", partnership.pk, fields)
    phase = fields.get("phase") or initiative.phase
    initiative.phase = phase
    _apply(initiative, fields)
    # Creating the initiative is the authority for its first phase: initiative.create was checked.
    _phase_record(
        user=user,
        initiative=initiative,
        phase=phase,
        on=timezone.localdate(),
        decision=fields.get("phase_decision") or "",
    )
    audit_record(
        partnership=partnership,
        user=user,
        action="initiative.create",
        obj=initiative,
        before=None,
        after=_stored_snapshot(initiative.pk),
    )
    return initiative


@transaction.atomic
def initiative_change(
    *, actor: Actor | None, user: AnyUser, initiative: Initiative, **fields: Unpack[InitiativeFields]
) -> Initiative:
    """Change an initiative; only the fields given change.

    The actor must be allowed to act on the initiative both as it was and as it will be: a
    Core Team member cannot move an initiative into another focus area. A new phase is a
    phase change (initiative.move_phase) and is kept in the history.
    """
    # A form has already put its values on the instance it was given; judge the stored one.
    stored = Initiative.objects.select_for_update(of=("self",)).prefetch_related("focus_areas").get(pk=initiative.pk)
    policy.require(actor, "initiative.change", stored)
    policy.require(actor, "initiative.change", _target_after(stored, fields))
    new_phase = fields.get("phase") or stored.phase
    if new_phase != stored.phase:
        policy.require(actor, "initiative.move_phase", stored)
    _same_partnership("initiative.change", stored.partnership_id, fields)
    before = _stored_snapshot(stored.pk)
    _apply(stored, fields)
    if new_phase != before["phase"]:
        _phase_record(
            user=user,
            initiative=stored,
            phase=new_phase,
            on=timezone.localdate(),
            decision=fields.get("phase_decision") or "",
        )
    audit_record(
        partnership=stored.partnership,
        user=user,
        action="initiative.change",
        obj=stored,
        before=before,
        after=_stored_snapshot(stored.pk),
    )
    return stored


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
) -> PhaseChange:
    """Record that `initiative` entered `phase` on `on`; the history keeps every step.

    Initiative.phase mirrors the latest step by date, so a change recorded after the
    fact (an older date) leaves the current phase alone.
    """
    policy.require(actor, "initiative.move_phase", initiative)
    return _phase_record(user=user, initiative=initiative, phase=phase, on=on, decision=decision, source=source)


def _phase_record(
    *, user: AnyUser, initiative: Initiative, phase: str, on: date, decision: str = "", source: str = ""
) -> PhaseChange:
    """Write a step of the phase history and audit it; the caller has checked the authority for it."""
    change = PhaseChange(
        partnership_id=initiative.partnership_id,
        initiative=initiative,
        phase=phase,
        date=on,
        decision=decision,
        source=source,
        recorded_by=user if isinstance(user, User) else None,
    )
    change.full_clean(exclude=["partnership", "initiative", "recorded_by"])
    change.save()
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
