"""Search's section of the initiative page: where to find what resembles the initiative.

Registered from SearchConfig.ready(); no query (the related initiatives are computed on their own page).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can
from samsyn.core.registry import Section, section_register
from samsyn.portfolio.models import Initiative


def related_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "archive.search"):
        return None
    slug = initiative.partnership.slug
    return Section(
        key="related",
        title=_("Related initiatives and documents"),
        summary=_("Found by what the texts are about, not recorded as relations"),
        template="search/sections/related.html",
        data={
            "related_url": reverse("search:initiative_related", args=[slug, initiative.slug]),
            "search_url": reverse("search:index", args=[slug]) + "?" + urlencode({"q": initiative.name}),
        },
    )


def register() -> None:
    section_register("initiative", 95, related_section)
