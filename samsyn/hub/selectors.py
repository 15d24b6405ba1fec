"""What the public hub reads. Every public read starts from a published hub and reads only the
records someone published; each page takes a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from samsyn.core.models import FocusArea, Partnership
from samsyn.portfolio.models import Initiative, SocietalGoal

from .models import Hub, NewsItem, PublishedInitiative

NEWS_ON_FRONT = 5


def published_hubs() -> list[Hub]:
    """The hubs of the platform that are published, by their partnership's name (one query)."""
    return list(Hub.objects.filter(published=True).select_related("partnership").order_by("partnership__name"))


def hub_published(slug: str) -> Hub:
    """The published hub of the partnership with this address, or 404 (one query)."""
    hub = Hub.objects.select_related("partnership").filter(partnership__slug=slug, published=True).first()
    if hub is None:
        raise Http404
    return hub


def _publications(partnership: Partnership) -> QuerySet[PublishedInitiative]:
    return (
        PublishedInitiative.objects.filter(partnership=partnership)
        .select_related("initiative", "initiative__testbed")
        .prefetch_related(
            Prefetch("initiative__focus_areas", queryset=FocusArea.objects.order_by("order", "name")),
        )
        .order_by("initiative__name")
    )


@dataclass(frozen=True)
class HubFront:
    hub: Hub
    focus_areas: Sequence[FocusArea]  # with .public_goals and .public_initiatives
    other_initiatives: list[PublishedInitiative]  # published initiatives of no focus area
    news: list[NewsItem]


def hub_front(hub: Hub, today: date) -> HubFront:
    """The hub's front page: vision and mission (on the partnership), the focus areas with their
    societal goals and published initiatives, and the latest published news (four queries)."""
    partnership = hub.partnership
    areas = list(
        FocusArea.objects.filter(partnership=partnership)
        .order_by("order", "name")
        .prefetch_related(
            Prefetch("societal_goals", queryset=SocietalGoal.objects.order_by("order"), to_attr="public_goals")
        )
    )
    publications = list(_publications(partnership))
    placed: set[int] = set()
    for area in areas:
        area.public_initiatives = [  # type: ignore[attr-defined]
            p for p in publications if any(f.pk == area.pk for f in p.initiative.focus_areas.all())
        ]
        placed.update(p.pk for p in area.public_initiatives)  # type: ignore[attr-defined]
    news = list(news_published(partnership, today)[:NEWS_ON_FRONT])
    return HubFront(hub, areas, [p for p in publications if p.pk not in placed], news)


def news_published(partnership: Partnership, today: date) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(partnership=partnership, published_on__lte=today).order_by("-published_on", "-pk")


def initiative_published(hub: Hub, slug: str) -> PublishedInitiative:
    """A published initiative of the hub with its parties, or 404 (two queries)."""
    found = _publications(hub.partnership).filter(initiative__slug=slug).prefetch_related("initiative__parties").first()
    if found is None:
        raise Http404
    return found


def publications_for_managing(partnership: Partnership) -> list[Initiative]:
    """Every initiative of the partnership with its publication, if any (one query)."""
    return list(Initiative.objects.filter(partnership=partnership).select_related("publication").order_by("name"))
