"""The start page's way to the hub, for those who decide what it shows. It reads nothing: the
office finds the hub here, and what it shows on the hub's own page."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.registry import TodoPanel, todo_panel_register

from .policy_rules import RULES

MANAGERS = frozenset(RULES["hub.manage"])


def hub_panel(actor: Actor, partnership: Partnership, today: date) -> TodoPanel:
    return TodoPanel(
        key="hub",
        title=_("Public hub"),
        items=[],
        empty=_("Decide what the partnership shows everyone: initiatives, news, the focus areas and their goals."),
        action_url=reverse("hub:manage", args=[partnership.slug]),
        action_label=_("Manage the public hub"),
    )


def register() -> None:
    todo_panel_register(70, MANAGERS, hub_panel)
