"""The portfolio's part of the start page, registered in PortfolioConfig.ready()."""

from typing import Any

from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.roles import Role

from .initiatives import initiative_list, portfolio_overview


def start_page_panels(actor: Actor, partnership: Partnership) -> dict[str, Any]:
    """The overview of the whole portfolio, an owner's own initiatives and a Core Team member's
    focus areas."""
    ctx: dict[str, Any] = {"overview": portfolio_overview(partnership)}
    if actor.person_id and actor.has_role(Role.INITIATIVE_OWNER, Role.PROJECT_LEADER):
        ctx["my_initiatives"] = list(initiative_list(partnership, owner=actor.person_id))
    if actor.focus_area_ids:
        ctx["my_focus_areas"] = portfolio_overview(partnership, focus_area_ids=actor.focus_area_ids)
    return ctx
