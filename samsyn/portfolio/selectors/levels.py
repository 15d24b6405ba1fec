"""Reads of the portfolio levels (macro, meso, micro), each in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from samsyn.core.lib.counted import counted, rows_and_count
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import FocusArea, Organization, Partnership

from ..models import Discipline, Initiative, Perspective, PhaseChange, Portfolio, SocietalGoal, StatusUpdate, Testbed
from .initiatives import initiatives_filter

LEVEL_ORDER: dict[str, int] = {Portfolio.Level.MACRO: 0, Portfolio.Level.MESO: 1, Portfolio.Level.MICRO: 2}


def portfolio_list(partnership: Partnership) -> list[Portfolio]:
    """Every portfolio of the partnership, board's first, then focus areas, then testbeds."""
    portfolios = Portfolio.objects.filter(partnership=partnership).select_related("focus_area", "testbed", "initiative")
    return sorted(portfolios, key=lambda p: (LEVEL_ORDER.get(p.level, 9), p.name))


def portfolio_get(partnership: Partnership, slug: str) -> Portfolio:
    """One portfolio of this partnership, or Portfolio.DoesNotExist (another partnership's too)."""
    return Portfolio.objects.select_related("focus_area", "testbed", "testbed__focus_area", "initiative").get(
        partnership=partnership, slug=slug
    )


def _status_subquery(field: str, on: date) -> Subquery:
    updates = StatusUpdate.objects.filter(initiative=OuterRef("pk"), date__lte=on)
    return Subquery(updates.order_by("-date", "-pk").values(field)[:1])


def _scope(qs: QuerySet[Initiative], portfolio: Portfolio | None) -> QuerySet[Initiative]:
    """Macro holds everything; meso its focus area's initiatives; micro its testbed's (or its initiative)."""
    if portfolio is None or portfolio.level == Portfolio.Level.MACRO:
        return qs
    if portfolio.level == Portfolio.Level.MESO:
        return qs.filter(focus_areas=portfolio.focus_area_id) if portfolio.focus_area_id else qs.none()
    if portfolio.testbed_id:
        return qs.filter(testbed=portfolio.testbed_id)
    if portfolio.initiative_id:
        return qs.filter(pk=portfolio.initiative_id)
    return qs.none()


def portfolio_initiatives(
    partnership: Partnership,
    portfolio: Portfolio | None,
    *,
    status_on: date,
    party: Organization | None = None,
    testbed: Testbed | None = None,
    perspective: Perspective | None = None,
    focus_area: FocusArea | None = None,
    q: str | None = None,
) -> list[Initiative]:
    """The initiatives of a portfolio with everything the report shows.

    The phase filter is not applied here: the phase shown may be the phase as of a past date,
    which follows from the prefetched history (rules.phase_as_of), not from Initiative.phase.
    The status is the latest StatusUpdate on or before `status_on` (the as-of date, or today).
    """
    qs = initiatives_filter(
        _scope(Initiative.objects.filter(partnership=partnership), portfolio),
        focus_area=focus_area,
        party=party,
        testbed=testbed,
        perspective=perspective,
        q=q,
    )
    # Filters over many-to-many rows can repeat an initiative; the ids keep the main query plain.
    qs = Initiative.objects.filter(pk__in=qs.values("pk"))
    return list(
        qs.select_related("testbed", "owner")
        .annotate(
            status_colour=_status_subquery("colour", status_on),
            status_date=_status_subquery("date", status_on),
            status_text=_status_subquery("text", status_on),
        )
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.only("id", "slug", "name", "order")),
            Prefetch(
                "societal_goals", queryset=SocietalGoal.objects.only("id", "key", "text", "order", "focus_area_id")
            ),
            Prefetch("perspectives", queryset=Perspective.objects.only("id", "slug", "name", "order")),
            Prefetch("parties", queryset=Organization.objects.only("id", "key", "name", "short_name", "kind")),
            Prefetch("partners", queryset=Organization.objects.only("id", "key", "name", "short_name", "kind")),
            Prefetch("disciplines", queryset=Discipline.objects.only("id", "name")),
            Prefetch(
                "phase_changes",
                queryset=PhaseChange.objects.only("id", "initiative_id", "date", "phase").order_by("date", "pk"),
            ),
        )
        .order_by("name", "pk")
    )


def portfolio_dimensions(partnership: Partnership) -> dict[str, list[Any]]:
    """What a portfolio can spread over, for the balance view: every row, also the empty ones."""
    return {
        "focus_areas": list(FocusArea.objects.filter(partnership=partnership)),
        "societal_goals": list(SocietalGoal.objects.filter(partnership=partnership).select_related("focus_area")),
        "perspectives": list(Perspective.objects.filter(partnership=partnership)),
        "disciplines": list(Discipline.objects.filter(partnership=partnership)),
        "parties": list(
            Organization.objects.filter(partnership=partnership, memberships__isnull=False).distinct().order_by("name")
        ),
        "testbeds": list(Testbed.objects.filter(partnership=partnership)),
    }


def portfolio_index_initiatives(partnership: Partnership) -> list[Initiative]:
    """All initiatives with the little the overview counts by: focus areas (named, for the view over
    time), testbed and history."""
    return list(
        Initiative.objects.filter(partnership=partnership)
        .only("id", "phase", "testbed_id", "partnership_id")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.only("id", "slug", "name", "order")),
            Prefetch(
                "phase_changes",
                queryset=PhaseChange.objects.only("id", "initiative_id", "date", "phase").order_by("date", "pk"),
            ),
        )
    )


def initiative_history(partnership: Partnership, slug: str) -> Initiative:
    """An initiative with its focus areas (for the policy) and its phase history, oldest first."""
    changes = PhaseChange.objects.select_related("recorded_by").order_by("date", "pk")
    return (
        Initiative.objects.select_related("testbed")
        .prefetch_related("focus_areas", Prefetch("phase_changes", queryset=changes))
        .get(partnership=partnership, slug=slug)
    )


def phase_changes_latest(initiative: Initiative, limit: int) -> tuple[list[PhaseChange], int]:
    """The newest `limit` phase changes, newest first, and how many there are in all: one query."""
    return rows_and_count(_phase_changes_latest(initiative.pk, limit=limit))


@prepared
def _phase_changes_latest(initiative_id: int, *, limit: int) -> QuerySet[PhaseChange]:
    return counted(PhaseChange.objects.filter(initiative_id=initiative_id).order_by("-date", "-pk"), limit)
