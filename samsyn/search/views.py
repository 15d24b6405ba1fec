from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from samsyn.archive import selectors as archive_selectors
from samsyn.core.lib.urls import reverse
from samsyn.core.policy import require
from samsyn.portfolio.models import Initiative

from . import selectors
from .engine import Facets, SearchQuery, search_run
from .forms import SearchForm
from .map import map_layout
from .models import SearchEntry
from .related import Model, Related

MAX_PAGE = 1_000
PAGE_SIZE = 20


def index(request, partnership_slug):
    """The archive: search everything, and the newest documents."""
    require(request, "archive.search")
    partnership = request.partnership
    form = SearchForm(request.GET or None, **selectors.search_choices(partnership))
    result, page = None, 1
    try:
        # Bounded, so that a page number from a hand-made link never becomes an OFFSET past what
        # the database can count; no one pages further than this.
        page = min(max(1, int(request.GET.get("sida", 1))), MAX_PAGE)
    except ValueError:
        page = 1
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        query = SearchQuery(
            text=data["q"],
            kinds=(data["kind"],) if data["kind"] else (),
            year=data["year"],
            focus_area_id=data["focus_area"],
            initiative_id=data["initiative"],
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            facets=True,
        )
        result = search_run(partnership, request.actor, query)
    params = request.GET.copy()
    params.pop("sida", None)
    ctx = {
        "form": form,
        "result": result,
        "facet_groups": facet_groups(result.facets, form, request.GET, _initiative_labels(partnership, result.facets))
        if result and result.facets
        else [],
        "page": page,
        "query": params.urlencode(),
        "start": (page - 1) * PAGE_SIZE + 1,
    }
    if request.headers.get("HX-Request"):
        return render(request, "search/_results.html", ctx)
    ctx["documents"] = archive_selectors.document_list(partnership, request.actor)
    return render(request, "search/index.html", ctx)


@dataclass(frozen=True)
class FacetChoice:
    label: str
    count: int
    value: str
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    key: str
    label: str
    choices: list[FacetChoice]
    kept: list[tuple[str, str]]  # the search's other values, sent again with a choice
    chosen: bool
    clear_label: str


# The initiatives offered as choices: those with the most matches.
INITIATIVE_CHOICES = 10


def _initiative_labels(partnership, facets: Facets) -> dict[str, str]:
    return {
        str(pk): name
        for pk, name in selectors.initiative_names(partnership, list(facets.initiatives)[:INITIATIVE_CHOICES]).items()
    }


def facet_groups(
    facets: Facets, form: SearchForm, params: QueryDict, initiative_labels: dict[str, str]
) -> list[FacetGroup]:
    """The facets as buttons of a small form each (a search with its other values kept): each choice
    narrows the search to it, with how many matches it leaves. Not links, so that a crawler does not
    follow every combination of them. `initiative_labels`: the names of the initiatives offered."""
    groups = []
    every = {
        "kind": _("Every kind"),
        "year": _("Every year"),
        "focus_area": _("Every focus area"),
        "initiative": _("Every initiative"),
    }
    for key, counts in (
        ("kind", facets.kinds),
        ("year", facets.years),
        ("focus_area", facets.focus_areas),
        ("initiative", facets.initiatives),
    ):
        if key == "initiative":
            labels = initiative_labels
        else:
            labels = {
                str(value): str(label) for value, label in getattr(form.fields[key], "choices", ()) if value != ""
            }
        chosen = params.get(key, "")
        choices = []
        for value, count in counts.items():
            if str(value) not in labels:
                continue
            choices.append(FacetChoice(labels[str(value)], count, str(value), chosen == str(value)))
        if choices:
            kept = [(name, str(params.get(name, ""))) for name in params if name not in (key, "sida")]
            groups.append(FacetGroup(key, str(form.fields[key].label), choices, kept, bool(chosen), every[key]))
    return groups


@dataclass(frozen=True)
class RelatedGroup:
    """Related texts of one kind on an initiative's related page, each with where it links."""

    key: str
    heading: str
    empty: str
    items: list[tuple[Related, str]]


@dataclass(frozen=True)
class ThemeRow:
    """A theme of the map in its table: the initiatives about it on each side, whether it bridges."""

    label: str
    bridge: bool
    sides: tuple[list, list]


def connections(request, partnership_slug):
    """The partnership map: the themes that recur across initiatives, drawn between the focus areas
    (a picture and the same in a table), and the closest pairs of initiatives across them."""
    require(request, "archive.search")
    model = Model(request.partnership, request.actor)
    themes = model.themes()
    areas = selectors.focus_area_names(request.partnership)
    initiatives = {v.object_id: (v.title, sorted(v.focus_areas)) for v in model.initiatives()}
    layout = map_layout(areas, initiatives, [(t.term, [r.id for r in t.initiatives]) for t in themes])
    side_of = {node.key: node.side for node in layout.initiatives}
    rows = [
        ThemeRow(
            theme.term,
            drawn.bridge,
            (
                [r for r in theme.initiatives if side_of.get(r.id) == 0],
                [r for r in theme.initiatives if side_of.get(r.id) == 1],
            ),
        )
        for theme, drawn in zip(themes, layout.themes, strict=True)
    ]
    return render(
        request,
        "search/connections.html",
        {
            "bridges": model.bridges(),
            "layout": layout,
            "theme_rows": rows,
            "side_names": [heading for __, heading, __ in layout.headings],
            "bridge_count": sum(1 for row in rows if row.bridge),
        },
    )


def initiative_related(request, partnership_slug, slug):
    require(request, "archive.search")
    try:
        initiative = Initiative.objects.get(partnership=request.partnership, slug=slug)
    except Initiative.DoesNotExist:
        raise Http404 from None
    model = Model(request.partnership, request.actor)
    slug = request.partnership.slug
    # Apart, so that documents never crowd out the initiatives: an initiative links to what is
    # related to it in turn, a document to its page in the archive.
    kinds = (
        (
            SearchEntry.Kind.INITIATIVE,
            "related-initiatives",
            _("Initiatives"),
            _("No initiative found that is about the same things yet."),
            lambda r: reverse("search:initiative_related", args=[slug, r.slug]),
        ),
        (
            SearchEntry.Kind.DOCUMENT,
            "related-documents",
            _("Documents"),
            _("No document found that is about the same things yet."),
            lambda r: reverse("archive:document_detail", args=[slug, r.id]),
        ),
    )
    groups = [
        RelatedGroup(key, heading, empty, [(r, link(r)) for r in model.related_to(initiative.pk, kind=kind)])
        for kind, key, heading, empty, link in kinds
    ]
    return render(request, "search/initiative_related.html", {"initiative": initiative, "groups": groups})
