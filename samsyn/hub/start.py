"""The start page's way to the hub, for those who decide what it shows: the office finds the hub
here, and what it shows on the hub's own page. It reads one thing: the answers to open questions
that wait for review (one query), since nothing else tells anyone they are there."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samsyn.core.lib.urls import reverse
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Target, allows
from samsyn.core.registry import TodoItem, TodoPanel, todo_panel_register

from . import selectors
from .models import QuestionAnswer
from .policy_rules import RULES

MANAGERS = frozenset(RULES["hub.manage"]) | frozenset(RULES["challenge.manage"]) | frozenset(RULES["question.manage"])


def _waiting_answers(actor: Actor, partnership: Partnership, waiting: bool) -> list[TodoItem]:
    """An item per open question with answers waiting for review, for those who review them."""
    if not waiting or not allows(actor, "question.manage", Target(partnership_id=partnership.pk)):
        return []
    return [
        TodoItem(
            text=ngettext("%(n)s answer waits for review", "%(n)s answers wait for review", q.pending)
            % {"n": q.pending},
            url=reverse("hub:answers", args=[partnership.slug, q.slug]),
            note=q.question,
        )
        for q in selectors.questions_waiting(partnership)
    ]


def _answers_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    """What may wait in the panel (registry.todo_panel_register): an answer waiting for review."""
    return [
        QuestionAnswer.objects.filter(question__partnership_id=partnership_id, status=QuestionAnswer.Status.PENDING)
    ]


def hub_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    items = _waiting_answers(actor, partnership, waiting)
    if allows(actor, "hub.manage", Target(partnership_id=partnership.pk)):
        return TodoPanel(
            key="hub",
            title=_("Public hub"),
            items=items,
            empty=_("Decide what the partnership shows everyone: initiatives, news, the focus areas and their goals."),
            action_url=reverse("hub:manage", args=[partnership.slug]),
            action_label=_("Manage the public hub"),
        )
    return TodoPanel(
        key="hub",
        title=_("Public hub"),
        items=items,
        empty=_("Give students and researchers a challenge from your work, and answer those who are interested."),
        action_url=reverse("hub:challenges", args=[partnership.slug]),
        action_label=_("Challenges for students and researchers"),
    )


def register() -> None:
    todo_panel_register(70, MANAGERS, hub_panel, _answers_waiting)
