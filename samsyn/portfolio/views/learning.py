"""Relations between initiatives, the learning log and status updates.

The initiative page's sections are views/sections.py's; their forms are fetched from here on
demand and post here. The focus area page shows the status roll-up (`focus_area_sections`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.core.lib.urls import reverse
from samsyn.core.models import FocusArea
from samsyn.core.policy import can, require
from samsyn.core.reports import report_response

from ..forms.learning import LearningEntryForm, LearningFilterForm, NetworkFilterForm, RelationForm, StatusUpdateForm
from ..models import Initiative, Relation
from ..reports import learning as reports
from ..selectors import initiatives as selectors
from ..selectors import learning as sel
from ..services import learning as services

PAGE_SIZE = 50
# How many initiatives the relation picker offers at once.
PICKER_LIMIT = 10


def _initiative_or_404(partnership, slug):
    try:
        return selectors.initiative_get(partnership, slug)
    except Initiative.DoesNotExist:
        raise Http404 from None


def _initiative_url(initiative, anchor=""):
    url = reverse("portfolio:initiative_detail", args=[initiative.partnership.slug, initiative.slug])
    return url + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------- on other pages


def focus_area_sections(initiatives):
    """Context for the focus area page: the roll-up of its initiatives' latest status."""
    return {"status_rollup": sel.status_rollup(initiatives)}


# ---------------------------------------------------------------- writes
#
# Each form has its own page (without JavaScript the initiative page links to it); asked by htmx,
# the same address answers with the form alone, which the initiative page puts into the section.
# Posts come from either and are handled alike: back to the section, or the page with the errors.


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _form_page(request, initiative, template, form, **extra):
    ctx = {"initiative": initiative, "form": form, "fragment": is_htmx(request), **extra}
    name = f"portfolio/learning/_{template}" if ctx["fragment"] else f"portfolio/learning/{template}"
    response = render(request, name, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _may_show_form(request, action, initiative):
    """A form page is shown, with its errors, only to those who may use it; what a post may
    write the service decides."""
    if not can(request, action, initiative):
        raise PermissionDenied(action)


def _relation_matches(initiative, form):
    """The initiatives the picker offers: those matching the search, and the one already chosen."""
    q = (form.data.get("q") if form.is_bound else form.initial.get("q")) or ""
    matches = sel.initiative_search(initiative, q, PICKER_LIMIT)
    chosen = form.cleaned_data.get("target") if form.is_bound and hasattr(form, "cleaned_data") else None
    if isinstance(chosen, Initiative) and all(m.pk != chosen.pk for m in matches):
        matches.insert(0, chosen)
    return {"q": q.strip(), "matches": matches, "chosen": chosen.slug if isinstance(chosen, Initiative) else ""}


def relation_add(request, partnership_slug, slug):
    initiative = _initiative_or_404(request.partnership, slug)
    require(request, "initiative.view", initiative)
    if request.method == "POST":
        form = RelationForm(request.POST, source=initiative, auto_id="id_relation_%s")
    else:
        # Without JavaScript the picker's search button sends the form here by GET: the page comes
        # back with what was typed and the matching initiatives to choose from.
        initial = {name: request.GET.get(name, "") for name in ("kind", "q", "note")}
        form = RelationForm(initial=initial, source=initiative, auto_id="id_relation_%s")
    if request.method == "POST" and form.is_valid():
        try:
            relation = services.relation_add(
                actor=request.actor,
                user=request.user,
                source=initiative,
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The relation “%(relation)s” was added.") % {"relation": relation})
            return redirect(_initiative_url(initiative, "relations"))
    _may_show_form(request, "relation.change", initiative)
    # Removing a relation is offered here too, so the initiative page itself holds no form.
    outgoing = Relation.objects.filter(source=initiative).select_related("target").order_by("kind", "target__name")
    return _form_page(
        request, initiative, "relation_form.html", form, outgoing=outgoing, **_relation_matches(initiative, form)
    )


def relation_picker(request, partnership_slug, slug):
    """The picker's answer as one types: at most PICKER_LIMIT initiatives of the same partnership
    whose name matches, as radio buttons for the relation form."""
    initiative = _initiative_or_404(request.partnership, slug)
    require(request, "initiative.view", initiative)
    _may_show_form(request, "relation.change", initiative)
    q = request.GET.get("q", "").strip()
    ctx = {"initiative": initiative, "q": q, "matches": sel.initiative_search(initiative, q, PICKER_LIMIT)}
    response = render(request, "portfolio/learning/_relation_options.html", ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def relation_remove(request, partnership_slug, pk):
    try:
        relation = Relation.objects.select_related("source", "target").get(partnership=request.partnership, pk=pk)
    except Relation.DoesNotExist:
        raise Http404 from None
    source = _initiative_or_404(request.partnership, relation.source.slug)
    require(request, "initiative.view", source)
    text = str(relation)
    services.relation_remove(actor=request.actor, user=request.user, relation=relation)
    messages.success(request, _("The relation “%(relation)s” was removed.") % {"relation": text})
    return redirect(_initiative_url(source, "relations"))


def learning_add(request, partnership_slug, slug):
    initiative = _initiative_or_404(request.partnership, slug)
    require(request, "initiative.view", initiative)
    form = LearningEntryForm(request.POST or None, auto_id="id_learning_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_entry_add(
                actor=request.actor,
                user=request.user,
                initiative=initiative,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["date"],
                text=form.cleaned_data["text"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry was added to the learning log."))
            return redirect(_initiative_url(initiative, "learning"))
    _may_show_form(request, "learning.add", initiative)
    return _form_page(request, initiative, "learning_form.html", form)


def status_add(request, partnership_slug, slug):
    initiative = _initiative_or_404(request.partnership, slug)
    require(request, "initiative.view", initiative)
    form = StatusUpdateForm(request.POST or None, auto_id="id_status_%s")
    if request.method == "POST" and form.is_valid():
        try:
            update = services.status_update_add(
                actor=request.actor,
                user=request.user,
                initiative=initiative,
                colour=form.cleaned_data["colour"],
                on=form.cleaned_data["date"],
                text=form.cleaned_data["text"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The status %(colour)s was recorded.") % {"colour": update.get_colour_display().lower()}
            )
            return redirect(_initiative_url(initiative, "status"))
    _may_show_form(request, "status.add", initiative)
    return _form_page(request, initiative, "status_form.html", form)


# ---------------------------------------------------------------- the learning log


def _kept_query(query, form):
    """Only the filter's own fields travel on, to the page links and the exports."""
    kept = QueryDict(mutable=True)
    for name in form.fields:
        if query.get(name):
            kept[name] = query[name]
    return kept.urlencode()


def _log_filtered(request):
    require(request, "initiative.view")
    choices = sel.learning_filter_choices(request.partnership)
    form = LearningFilterForm(request.GET or None, choices=choices)
    entries = sel.learning_log_list(request.partnership, **form.selectors_kwargs())
    return form, entries, _kept_query(request.GET, form)


def _filter_description(form):
    """The filters in words, for the PDF and the workbook."""
    if not form.is_bound or not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value:
            parts.append(f"{field.label}: {dict(field.choices).get(value, value)}")
    return "; ".join(str(p) for p in parts)


def index(request, partnership_slug):
    """The learning log across initiatives: every role may read it."""
    if request.GET.get("format") in ("pdf", "xlsx", "json"):
        return _log_download(request, request.GET["format"])
    form, entries, query = _log_filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    ctx = {
        "form": form,
        "page": page,
        "count": page.paginator.count,
        "rows": reports.learning_log_rows(page.object_list),
        "query": query,
    }
    template = (
        "portfolio/learning/_log_results.html" if request.headers.get("HX-Request") else "portfolio/learning/log.html"
    )
    return render(request, template, ctx)


def _log_download(request, fmt):
    form, entries, query = _log_filtered(request)
    log = reports.learning_log_report(request.partnership, entries, _filter_description(form))
    return report_response(reports.LEARNING, log, fmt, request=request, extra={"form": form, "query": query})


def log_pdf(request, partnership_slug):
    return _log_download(request, "pdf")


def log_xlsx(request, partnership_slug):
    return _log_download(request, "xlsx")


# ---------------------------------------------------------------- the network


def _network(request):
    require(request, "portfolio.view")
    focus_areas = list(FocusArea.objects.filter(partnership=request.partnership))
    form = NetworkFilterForm(request.GET or None, focus_areas=focus_areas)
    data = sel.network_build(request.partnership, focus_areas=focus_areas, **form.network_kwargs())
    return form, data, _kept_query(request.GET, form)


def network(request, partnership_slug):
    if request.GET.get("format") in ("pdf", "xlsx", "json"):
        return _network_download(request, request.GET["format"])
    form, data, query = _network(request)
    return render(request, "portfolio/learning/network.html", {"form": form, "network": data, "query": query})


def _network_download(request, fmt):
    form, data, query = _network(request)
    return report_response(reports.NETWORK, data, fmt, request=request, extra={"form": form, "query": query})


def network_pdf(request, partnership_slug):
    return _network_download(request, "pdf")


def network_xlsx(request, partnership_slug):
    return _network_download(request, "xlsx")
