"""The status of the operational goals."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from samsyn.core import policy
from samsyn.core.models import Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import GoalStatus, OperationalGoal
from ._shared import snapshot


@transaction.atomic
def goal_status_create(
    *,
    actor: Actor | None,
    user: AnyUser,
    goal: OperationalGoal,
    colour: str,
    text: str,
    on: date,
    author: Person | None = None,
) -> GoalStatus:
    """A new status of a goal; the earlier ones stay as its history."""
    policy.require(actor, "goal.change", goal)
    status = GoalStatus.objects.create(
        partnership=goal.partnership, goal=goal, colour=colour, text=text, date=on, author=author
    )
    audit_record(partnership=goal.partnership, user=user, action="goal.change", obj=status, after=snapshot(status))
    return status
