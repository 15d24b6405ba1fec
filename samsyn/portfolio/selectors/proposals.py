"""Reads of Core Team decision proposals, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from samsyn.core.models import FocusArea, Partnership

from ..models import DecisionProposal, Initiative, ProposalFunding, ProposalItem


def proposal_list(partnership: Partnership, *, focus_area: FocusArea | None = None) -> list[DecisionProposal]:
    """Proposals with what the list needs to compute their totals: three queries."""
    qs = DecisionProposal.objects.filter(partnership=partnership)
    if focus_area is not None:
        qs = qs.filter(focus_area=focus_area)
    return list(
        qs.select_related("focus_area")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ProposalItem.objects.only("id", "proposal_id", "budget_ore", "decision").order_by(
                    "order", "pk"
                ),
            ),
            Prefetch("funding", queryset=ProposalFunding.objects.order_by("source")),
        )
        .order_by("focus_area__order", "focus_area__name", "-date", "title", "pk")
    )


def proposal_get(partnership: Partnership, pk: int | str) -> DecisionProposal:
    """One proposal with its items, their initiatives and deciders, and its funding; or DoesNotExist."""
    # The spending decisions point at the item from governance, above the portfolio: follow that relation.
    spending_decision = ProposalItem._meta.get_field("spending_decisions").related_model
    spending = spending_decision._default_manager.select_related("board_item__meeting").order_by("date", "pk")
    items = (
        ProposalItem.objects.select_related("initiative", "decided_by")
        .order_by("order", "pk")
        .prefetch_related(Prefetch("spending_decisions", queryset=spending))
    )
    return (
        DecisionProposal.objects.select_related("focus_area")
        .prefetch_related(
            Prefetch("items", queryset=items), Prefetch("funding", queryset=ProposalFunding.objects.order_by("source"))
        )
        .get(partnership=partnership, pk=pk)
    )


def proposal_item_get(proposal: DecisionProposal, pk: int | str) -> ProposalItem:
    return ProposalItem.objects.select_related("initiative", "decided_by").get(proposal=proposal, pk=pk)


def focus_areas(partnership: Partnership) -> list[FocusArea]:
    return list(FocusArea.objects.filter(partnership=partnership))


def initiatives_of_focus_area(partnership: Partnership, focus_area_id: int) -> QuerySet[Initiative]:
    """The initiatives a proposal item of this focus area may be linked to."""
    return Initiative.objects.filter(partnership=partnership, focus_areas=focus_area_id).order_by("name")
