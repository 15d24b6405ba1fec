"""Follow-up's part of the start page's "what to do now": the evaluations the viewer is invited to
answer and has not. Registered from FollowupConfig.ready(); one query."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.lib.counted import counted, rows_and_count
from samsyn.core.lib.prepared import prepared
from samsyn.core.lib.urls import reverse
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.registry import TodoItem, TodoPanel, todo_panel_register
from samsyn.core.reminders import Due, reminder_source_register
from samsyn.core.roles import Role

from .models import Evaluation, Respondent

SHOWN = 5
# Anyone but a reader may be invited to answer.
RESPONDENT_ROLES = frozenset(role.value for role in Role if role != Role.READER)


def evaluations_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    rows: list[Respondent] = []
    total = 0
    if actor.person_id and waiting:
        rows, total = rows_and_count(_unanswered(partnership.pk, actor.person_id))
    items = [
        TodoItem(
            text=r.evaluation.title,
            url=reverse("followup_public:answer", args=[r.evaluation.code]),
            note=_("You are invited to answer."),
        )
        for r in rows
    ]
    return TodoPanel(
        key="evaluations",
        title=gettext_lazy("Evaluations to answer"),
        items=items,
        empty=gettext_lazy("No evaluation is waiting for your answer."),
        action_url=reverse("followup:evaluation_list", args=[partnership.slug]),
        action_label=gettext_lazy("All evaluations"),
        total=total,
    )


def _evaluations_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    """What may wait in the panel (registry.todo_panel_register): its query's conditions."""
    return [
        Respondent.objects.filter(
            partnership_id=partnership_id,
            person_id=person_id,
            answered=False,
            evaluation__status=Evaluation.Status.OPEN,
        )
    ]


@prepared
def _unanswered(partnership_id: int, person_id: int) -> QuerySet[Respondent]:
    """The panel's query, compiled once (core.lib.prepared): only its values change."""
    return counted(
        Respondent.objects.filter(
            partnership_id=partnership_id,
            person_id=person_id,
            answered=False,
            evaluation__status=Evaluation.Status.OPEN,
        )
        .select_related("evaluation")
        .order_by("evaluation__held_on", "evaluation__title", "pk"),
        SHOWN,
    )


def evaluations_due(partnership: Partnership, today: date) -> list[Due]:
    """Open evaluations each invited person has not answered (the panel's rows, for `samsyn remind`)."""
    rows = Respondent.objects.filter(
        partnership=partnership, person__isnull=False, answered=False, evaluation__status=Evaluation.Status.OPEN
    ).select_related("evaluation")
    return [
        Due(
            person_id=r.person_id,
            kind="evaluation",
            object_id=r.evaluation_id,
            text=r.evaluation.title,
            note=_("You are invited to answer."),
            url=reverse("followup_public:answer", args=[r.evaluation.code]),
        )
        for r in rows
        if r.person_id is not None
    ]


def register() -> None:
    reminder_source_register(40, evaluations_due)
    todo_panel_register(40, RESPONDENT_ROLES, evaluations_panel, _evaluations_waiting)
