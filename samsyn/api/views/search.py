"""Search over everything the partnership holds, as the archive's search page does."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from samsyn.search import selectors
from samsyn.search.engine import SearchQuery, search_run
from samsyn.search.forms import SearchForm
from samsyn.search.models import SearchEntry

from .. import schemas as s
from ..http import ERRORS, api, enter
from ..http import lazy_text as _
from .common import PAGE, PAGE_SIZE_MAX, SLUG, YEAR, form_valid

router = Router(tags=[_("Archive and search")])

# As the search page: no one pages further than this.
PAGE_MAX = 1_000


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description=_("Words to search for"))
    kind: SearchEntry.Kind | None = Field(None, description=_("Kind of text"))
    year: int | None = YEAR
    focus_area: int | None = Field(None, ge=1, le=2**31, description=_("The focus area's id"))
    initiative: int | None = Field(None, ge=1, le=2**31, description=_("The initiative's id"))
    sida: int = PAGE
    per_sida: int = Field(20, ge=1, le=PAGE_SIZE_MAX, description=_("How many a page holds"))


@router.get(
    "/{slug}/search",
    response={200: s.SearchOut, **ERRORS},
    summary=_("Search"),
    description=_(
        "Search everything the partnership holds: initiatives, documents, meeting items, lessons and stories, as on the page Archive."
    ),
)
def search(request, *, slug: str = SLUG, filters: Query[SearchFilters]):
    partnership, actor = enter(request, slug, "archive.search")
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in ("sida", "per_sida")}
    form = SearchForm(data, **selectors.search_choices(partnership))
    cleaned = form_valid(form)
    if not cleaned["q"]:
        return {"items": [], "count": 0}
    query = SearchQuery(
        text=cleaned["q"],
        kinds=(cleaned["kind"],) if cleaned["kind"] else (),
        year=cleaned["year"],
        focus_area_id=cleaned["focus_area"],
        initiative_id=cleaned["initiative"],
        limit=filters.per_sida,
        offset=(filters.sida - 1) * filters.per_sida,
        facets=True,
    )
    result = search_run(partnership, actor, query)
    items = [
        {"kind": h.kind, "id": h.object_id, "title": h.title, "url": h.url, "year": h.year, "snippet": h.snippet}
        for h in result.hits
    ]
    return {"items": items, "count": result.facets.total if result.facets else len(items)}


api.add_router("", router)
