"""The start page's way to the hub, for those who decide what it shows. It reads nothing: the
office finds the hub here, and what it shows on the hub's own page."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Target, allows
from samsyn.core.registry import TodoPanel, todo_panel_register

from .policy_rules import RULES

MANAGERS = frozenset(RULES["hub.manage"]) | frozenset(RULES["challenge.manage"])


def hub_panel(actor: Actor, partnership: Partnership, today: date) -> TodoPanel:
    if allows(actor, "hub.manage", Target(partnership_id=partnership.pk)):
        return TodoPanel(
            key="hub",
            title=_("Public hub"),
            items=[],
            empty=_("Decide what the partnership shows everyone: initiatives, news, the focus areas and their goals."),
            action_url=reverse("hub:manage", args=[partnership.slug]),
            action_label=_("Manage the public hub"),
        )
    return TodoPanel(
        key="hub",
        title=_("Public hub"),
        items=[],
        empty=_("Give students and researchers a challenge from your work, and answer those who are interested."),
        action_url=reverse("hub:challenges", args=[partnership.slug]),
        action_label=_("Challenges for students and researchers"),
    )


def register() -> None:
    todo_panel_register(70, MANAGERS, hub_panel)
