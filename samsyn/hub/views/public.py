"""The public hub: pages anyone may read, with no login. They read only what was published and
touch no session, so that a shared cache may keep them (Cache-Control and ETag)."""

from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .. import selectors

# Published content changes seldom and is the same for every visitor: five minutes in any cache,
# and a visitor's browser asks again with the page's ETag and gets "304 Not Modified".
public = [require_safe, cache_control(public=True, max_age=300), decorator_from_middleware(ConditionalGetMiddleware)]


def _public(view):
    for decorator in reversed(public):
        view = decorator(view)
    return view


@_public
def hubs(request):
    return render(request, "hub/public/hubs.html", {"hubs": selectors.published_hubs()})


@_public
def front(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    return render(request, "hub/public/front.html", {"front": selectors.hub_front(hub, timezone.localdate())})


@_public
def initiative(request, hub_slug, slug):
    hub = selectors.hub_published(hub_slug)
    return render(
        request,
        "hub/public/initiative.html",
        {"hub": hub, "publication": selectors.initiative_published(hub, slug)},
    )


@_public
def news(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    items = list(selectors.news_published(hub.partnership, timezone.localdate())[:50])
    return render(request, "hub/public/news.html", {"hub": hub, "items": items})
