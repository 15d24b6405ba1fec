"""The business plan of a year: its texts, its operational goals and their activities, who is
responsible for each, and the start of a new year from the year before's plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.lib.ordering import neighbour_swap, place_next
from samsyn.core.models import Partnership, Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import AgendaItem, BusinessPlan, GoalActivity, OperationalGoal
from ..rules import PlanStartRefusal, numbers_closed, plan_start_refusal
from ..signals import plan_started
from ._shared import partnership_target, snapshot

# What plan_save accepts: the fields of the plan's own form.
PLAN_FIELDS = frozenset({"introduction", "vision", "adopted_on", "adopted_item"})


def _plan_snapshot(plan: BusinessPlan) -> dict[str, Any]:
    # The history names a plan by its year ("verksamhetsplan ”2026”").
    return {**snapshot(plan), "title": str(plan.year)}


def _goal_snapshot(goal: OperationalGoal) -> dict[str, Any]:
    return {**snapshot(goal), "title": f"{goal.year} {goal.roman}. {goal.title}"}


def _own_person(partnership_id: int, person: Person | None, field: str) -> None:
    """A responsible person is one of the partnership's own: the forms offer no other, a caller
    without a form must not reach further."""
    if person is not None and person.partnership_id != partnership_id:
        raise ValidationError({field: _("Choose a person of the partnership.")})


@transaction.atomic
def plan_save(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, year: int, **fields: Any
) -> BusinessPlan:
    """Write the plan's introduction, direction and adoption; the year's plan is made the first time."""
    policy.require(actor, "plan.change", partnership_target(partnership))
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise TypeError(f"not a field of a business plan: {', '.join(sorted(unknown))}")
    item = fields.get("adopted_item")
    if isinstance(item, AgendaItem) and item.partnership_id != partnership.pk:
        raise ValidationError({"adopted_item": _("Choose an item of the partnership's own board meetings.")})
    plan = BusinessPlan.objects.select_for_update().filter(partnership=partnership, year=year).first()
    before = _plan_snapshot(plan) if plan else None
    if plan is None:
        plan = BusinessPlan(partnership=partnership, year=year)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    audit_record(
        partnership=partnership,
        user=user,
        action="plan.change" if before else "plan.create",
        obj=plan,
        before=before,
        after=_plan_snapshot(plan),
    )
    return plan


# ---------------------------------------------------------------- goals


@transaction.atomic
def goal_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    year: int,
    title: str,
    text: str,
    target_ore: int | None = None,
    responsible: Person | None = None,
) -> OperationalGoal:
    """A new goal of the year, numbered after the last (its numeral comes from the number)."""
    policy.require(actor, "plan.change", partnership_target(partnership))
    _own_person(partnership.pk, responsible, "responsible")
    goal = OperationalGoal(
        partnership=partnership,
        year=year,
        number=place_next(OperationalGoal.objects.filter(partnership=partnership, year=year), field="number"),
        title=title,
        text=text,
        target_ore=target_ore,
        responsible=responsible,
    )
    goal.save()
    audit_record(partnership=partnership, user=user, action="goal.create", obj=goal, after=_goal_snapshot(goal))
    return goal


@transaction.atomic
def goal_change(
    *,
    actor: Actor | None,
    user: AnyUser,
    goal: OperationalGoal,
    title: str,
    text: str,
    target_ore: int | None = None,
    responsible: Person | None = None,
) -> OperationalGoal:
    """Change a goal's words, target amount and who is responsible; its place only by goal_move."""
    # Read again: a validated ModelForm has already written the new values onto `goal`.
    stored = OperationalGoal.objects.select_for_update().get(pk=goal.pk)
    policy.require(actor, "plan.change", stored)
    _own_person(stored.partnership_id, responsible, "responsible")
    before = _goal_snapshot(stored)
    stored.title, stored.text, stored.target_ore, stored.responsible = title, text, target_ore, responsible
    stored.save()
    audit_record(
        partnership=stored.partnership,
        user=user,
        action="goal.change",
        obj=stored,
        before=before,
        after=_goal_snapshot(stored),
    )
    return stored


@transaction.atomic
def goal_delete(*, actor: Actor | None, user: AnyUser, goal: OperationalGoal) -> None:
    """Remove a goal with its activities and statuses; the goals after it move up one number.

    Reports already written keep their own copy of the goal's words, so they read as they did."""
    stored = OperationalGoal.objects.select_for_update().get(pk=goal.pk)
    policy.require(actor, "plan.change", stored)
    siblings = OperationalGoal.objects.select_for_update().filter(
        partnership_id=stored.partnership_id, year=stored.year
    )
    numbers = list(siblings.exclude(pk=stored.pk).values_list("number", flat=True))
    before = {
        **_goal_snapshot(stored),
        "activities": list(stored.activities.order_by("order", "pk").values_list("text", flat=True)),
        "statuses": stored.statuses.count(),
    }
    audit_record(partnership=stored.partnership, user=user, action="goal.delete", obj=stored, before=before)
    stored.delete()
    for old, new in numbers_closed(numbers, stored.number):
        siblings.filter(number=old).update(number=new)


@transaction.atomic
def goal_move(*, actor: Actor | None, user: AnyUser, goal: OperationalGoal, direction: str) -> bool:
    """Move a goal one place up or down among the year's; it takes its neighbour's number (and numeral).
    False when it is already first or last."""
    stored = OperationalGoal.objects.select_for_update().get(pk=goal.pk)
    policy.require(actor, "plan.change", stored)
    before = stored.number
    siblings = OperationalGoal.objects.filter(partnership_id=stored.partnership_id, year=stored.year)
    neighbour = neighbour_swap(siblings, stored, field="number", direction=direction)
    if neighbour is None:
        return False
    audit_record(
        partnership=stored.partnership,
        user=user,
        action="goal.move",
        obj=stored,
        before={"number": before},
        after={"number": stored.number, "title": stored.title},
    )
    return True


# ---------------------------------------------------------------- activities


@transaction.atomic
def activity_create(
    *, actor: Actor | None, user: AnyUser, goal: OperationalGoal, text: str, responsible: Person | None = None
) -> GoalActivity:
    """A new activity under a goal, after those already there."""
    policy.require(actor, "plan.change", goal)
    _own_person(goal.partnership_id, responsible, "responsible")
    activity = GoalActivity.objects.create(
        partnership_id=goal.partnership_id,
        goal=goal,
        order=place_next(GoalActivity.objects.filter(goal=goal), field="order"),
        text=text,
        responsible=responsible,
    )
    audit_record(
        partnership=goal.partnership, user=user, action="activity.create", obj=activity, after=snapshot(activity)
    )
    return activity


@transaction.atomic
def activity_change(
    *, actor: Actor | None, user: AnyUser, activity: GoalActivity, text: str, responsible: Person | None = None
) -> GoalActivity:
    stored = GoalActivity.objects.select_for_update().select_related("goal").get(pk=activity.pk)
    policy.require(actor, "plan.change", stored.goal)
    _own_person(stored.partnership_id, responsible, "responsible")
    before = snapshot(stored)
    stored.text, stored.responsible = text, responsible
    stored.save()
    audit_record(
        partnership=stored.goal.partnership,
        user=user,
        action="activity.change",
        obj=stored,
        before=before,
        after=snapshot(stored),
    )
    return stored


@transaction.atomic
def activity_delete(*, actor: Actor | None, user: AnyUser, activity: GoalActivity) -> None:
    stored = GoalActivity.objects.select_for_update().select_related("goal").get(pk=activity.pk)
    policy.require(actor, "plan.change", stored.goal)
    audit_record(
        partnership=stored.goal.partnership, user=user, action="activity.delete", obj=stored, before=snapshot(stored)
    )
    stored.delete()


@transaction.atomic
def activity_move(*, actor: Actor | None, user: AnyUser, activity: GoalActivity, direction: str) -> bool:
    """Move an activity one place up or down under its goal; False when it is already at that end."""
    stored = GoalActivity.objects.select_for_update().select_related("goal").get(pk=activity.pk)
    policy.require(actor, "plan.change", stored.goal)
    before = stored.order
    neighbour = neighbour_swap(
        GoalActivity.objects.filter(goal_id=stored.goal_id), stored, field="order", direction=direction
    )
    if neighbour is None:
        return False
    audit_record(
        partnership=stored.goal.partnership,
        user=user,
        action="activity.move",
        obj=stored,
        before={"order": before},
        after={"order": stored.order, "text": stored.text},
    )
    return True


# ---------------------------------------------------------------- a new year


@dataclass(frozen=True)
class PlanStarted:
    """What starting a year copied."""

    plan: BusinessPlan
    goals: int
    activities: int
    others: int  # records the apps above copied (the KPI targets)


def _refusal_message(refusal: PlanStartRefusal, year: int) -> str:
    if refusal == PlanStartRefusal.YEAR_HAS_GOALS:
        return _(
            "%(year)s already has operational goals, so the plan of %(previous)s is not copied over them. "
            "Change the goals of %(year)s one by one instead."
        ) % {"year": year, "previous": year - 1}
    return _("There is no plan for %(previous)s with goals to start %(year)s from.") % {
        "year": year,
        "previous": year - 1,
    }


@transaction.atomic
def plan_start(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, year: int, check: bool = True
) -> PlanStarted:
    """Start `year`'s plan as a copy of the year before's: its introduction and direction (not its
    adoption: the board adopts each year's plan anew), its goals with their target amounts, who is
    responsible, and their activities; and, through `plan_started`, what the apps above keep per
    year (follow-up's KPI targets). The goals' statuses are the year's own and are not copied.

    Refused, with a message in words, when the year already has goals or the year before has none.
    `check=False` only for the server's own loaders (the demo), which act with the server's rights."""
    if check:
        policy.require(actor, "plan.change", partnership_target(partnership))
    previous = year - 1
    goals = OperationalGoal.objects.filter(partnership=partnership)
    refusal = plan_start_refusal(
        goals_in_year=goals.filter(year=year).count(), goals_in_previous=goals.filter(year=previous).count()
    )
    if refusal is not None:
        raise ValidationError(_refusal_message(refusal, year), code=refusal.value)
    source = BusinessPlan.objects.filter(partnership=partnership, year=previous).first()
    plan, created = BusinessPlan.objects.get_or_create(
        partnership=partnership,
        year=year,
        defaults={
            "introduction": source.introduction if source else "",
            "vision": source.vision if source else "",
        },
    )
    copied_goals = copied_activities = 0
    for old in goals.filter(year=previous).prefetch_related("activities").order_by("number"):
        goal = OperationalGoal.objects.create(
            partnership=partnership,
            year=year,
            number=old.number,
            title=old.title,
            text=old.text,
            target_ore=old.target_ore,
            responsible_id=old.responsible_id,
        )
        activities = sorted(old.activities.all(), key=lambda a: (a.order, a.pk))
        GoalActivity.objects.bulk_create(
            GoalActivity(
                partnership=partnership, goal=goal, order=a.order, text=a.text, responsible_id=a.responsible_id
            )
            for a in activities
        )
        copied_goals += 1
        copied_activities += len(activities)
    responses = plan_started.send(
        sender=BusinessPlan,
        partnership=partnership,
        from_year=previous,
        to_year=year,
        actor=actor,
        user=user,
        check=check,
    )
    others = 0
    for __, copied in responses:
        if isinstance(copied, int):
            others += copied
    audit_record(
        partnership=partnership,
        user=user,
        action="plan.create" if created else "plan.change",
        obj=plan,
        after={
            **_plan_snapshot(plan),
            "started_from": previous,
            "goals": copied_goals,
            "activities": copied_activities,
            "others": others,
        },
    )
    return PlanStarted(plan=plan, goals=copied_goals, activities=copied_activities, others=others)
