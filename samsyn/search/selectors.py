"""Reads of the search pages; each a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from samsyn.archive.models import DiarySeries
from samsyn.core.models import FocusArea, Partnership
from samsyn.portfolio.models import Initiative


def search_choices(partnership: Partnership) -> dict[str, list[Any]]:
    # The years of the diary series (one row per year), not a scan of the index.
    years = sorted(
        {
            *DiarySeries.objects.filter(partnership=partnership).values_list("year", flat=True),
            timezone.localdate().year,
        },
        reverse=True,
    )
    return {
        "years": years,
        "focus_areas": list(FocusArea.objects.filter(partnership=partnership).order_by("order", "name")),
    }


def focus_area_names(partnership: Partnership) -> list[tuple[int, str]]:
    """(id, name) of the partnership's focus areas, in their order: one query."""
    return list(FocusArea.objects.filter(partnership=partnership).order_by("order", "name").values_list("pk", "name"))


def initiative_names(partnership: Partnership, ids: Iterable[int]) -> dict[int, str]:
    """The names of the partnership's initiatives among `ids`: one query."""
    return dict(Initiative.objects.filter(partnership=partnership, pk__in=list(ids)).values_list("pk", "name"))
