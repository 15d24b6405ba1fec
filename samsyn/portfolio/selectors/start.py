"""The portfolio's part of the start page, registered in PortfolioConfig.ready()."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Max, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.lib.counted import first_and_count
from samsyn.core.lib.urls import reverse
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.registry import TodoItem, TodoPanel
from samsyn.core.roles import Role

from ..fragments import overview_table_html
from ..models import Initiative, Phase
from ..rules.status import status_update_due
from .initiatives import portfolio_overview

SHOWN = 8
OWNER_ROLES = frozenset({Role.INITIATIVE_OWNER, Role.PROJECT_LEADER})


def start_page_panels(actor: Actor, partnership: Partnership) -> dict[str, Any]:
    """The overview of the whole portfolio and a Core Team member's focus areas, as tables."""
    ctx: dict[str, Any] = {
        "overview_table": overview_table_html(
            portfolio_overview(partnership),
            partnership.slug,
            caption=_("Initiatives per focus area and phase"),
            caption_id="overview-caption",
        )
    }
    if actor.focus_area_ids:
        ctx["my_focus_areas_table"] = overview_table_html(
            portfolio_overview(partnership, focus_area_ids=actor.focus_area_ids),
            partnership.slug,
            caption=_("Your focus area's portfolio by phase"),
            caption_id="my-areas-caption",
        )
    return ctx


def my_initiatives_waiting(partnership_id: int, person_id: int, today: date) -> list[QuerySet]:
    """What may wait in the panel (registry.todo_panel_register): an initiative of the viewer's still running."""
    return [Initiative.objects.filter(partnership_id=partnership_id, owner_id=person_id).exclude(phase=Phase.COMPLETED)]


def my_initiatives_panel(actor: Actor, partnership: Partnership, today: date, waiting: bool = True) -> TodoPanel:
    """The viewer's initiatives still running, those whose status update is due (the oldest update
    first, never updated before all): one query."""
    rows: list[Any] = []
    total = 0
    if actor.person_id and waiting:
        rows, total = first_and_count(
            Initiative.objects.filter(partnership=partnership, owner_id=actor.person_id)
            .exclude(phase=Phase.COMPLETED)
            .annotate(last_status=Max("status_updates__date"))
            .only("pk", "slug", "name", "phase")
            .order_by(F("last_status").asc(nulls_first=True), "name"),
            SHOWN,
        )
    slug = partnership.slug
    items = []
    for i in rows:
        due = status_update_due(last=i.last_status, today=today)
        if i.last_status is None:
            note = _("%(phase)s. No status update yet: write the first.") % {"phase": i.get_phase_display()}
        elif due:
            note = _("%(phase)s. Latest status update %(date)s: time for a new one.") % {
                "phase": i.get_phase_display(),
                "date": date_format(i.last_status, "j F Y"),
            }
        else:
            note = _("%(phase)s. Latest status update %(date)s.") % {
                "phase": i.get_phase_display(),
                "date": date_format(i.last_status, "j F Y"),
            }
        items.append(
            TodoItem(
                text=i.name,
                url=reverse("portfolio:initiative_detail", args=[slug, i.slug]),
                note=note,
                urgent=due,
                links=((_("Write a status update"), reverse("learning:status_add", args=[slug, i.slug])),)
                if due
                else (),
            )
        )
    return TodoPanel(
        key="initiatives",
        title=gettext_lazy("My initiatives"),
        items=items,
        empty=gettext_lazy("You do not own any running initiative."),
        action_url=reverse("portfolio:initiative_list", args=[slug]),
        action_label=gettext_lazy("All initiatives"),
        total=total,
    )
