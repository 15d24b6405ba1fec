"""Reads for the whole-portfolio matrix (helhetsportfölj). A fixed number of queries each."""

from __future__ import annotations

from django.db.models import QuerySet

from samsyn.core.models import FocusArea, Partnership

from ..models import Initiative, MatrixItem, Portfolio


def matrix_portfolio_default(partnership: Partnership) -> Portfolio | None:
    """The board's macro portfolio, where the seed's matrix belongs; None when there is none."""
    macro = Portfolio.objects.filter(partnership=partnership, level=Portfolio.Level.MACRO).order_by("pk")
    return macro.filter(owner=Portfolio.Owner.BOARD).first() or macro.first()


def matrix_portfolio_get(partnership: Partnership, slug: str) -> Portfolio:
    """A portfolio by slug, or Portfolio.DoesNotExist."""
    return Portfolio.objects.select_related("focus_area").get(partnership=partnership, slug=slug)


def matrix_item_list(
    portfolio: Portfolio,
    *,
    focus_area: FocusArea | None = None,
    without_focus_area: bool = False,
    kind: str | None = None,
) -> list[MatrixItem]:
    qs = MatrixItem.objects.filter(partnership_id=portfolio.partnership_id, portfolio=portfolio)
    if without_focus_area:
        qs = qs.filter(focus_area__isnull=True)
    elif focus_area is not None:
        qs = qs.filter(focus_area=focus_area)
    if kind:
        qs = qs.filter(kind=kind)
    return list(
        qs.select_related("focus_area", "initiative").only(
            "id",
            "partnership_id",
            "portfolio_id",
            "title",
            "kind",
            "layer",
            "ring",
            "stage",
            "description",
            "order",
            "focus_area__id",
            "focus_area__name",
            "focus_area__slug",
            "initiative__id",
            "initiative__slug",
            "initiative__name",
        )
    )


def matrix_item_get(portfolio: Portfolio, pk: int | str) -> MatrixItem:
    """One item of `portfolio`, or MatrixItem.DoesNotExist."""
    return MatrixItem.objects.select_related("focus_area", "initiative", "portfolio").get(
        partnership_id=portfolio.partnership_id, portfolio=portfolio, pk=pk
    )


def matrix_focus_areas(partnership: Partnership) -> list[FocusArea]:
    return list(FocusArea.objects.filter(partnership=partnership).only("id", "slug", "name", "order"))


def matrix_initiative_choices(partnership: Partnership) -> QuerySet[Initiative]:
    return Initiative.objects.filter(partnership=partnership).prefetch_related("focus_areas").order_by("name")


def matrix_portfolio_list(partnership: Partnership) -> list[Portfolio]:
    """Every portfolio of the partnership, the board's first, for switching between matrices."""
    return list(
        Portfolio.objects.filter(partnership=partnership).only("id", "slug", "name", "level").order_by("level", "name")
    )
