from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samsyn.core.policy import require
from samsyn.portfolio.models import Initiative

from . import selectors, services
from .forms import DocumentForm, SearchForm, VersionForm
from .models import Document, DocumentVersion
from .related import Model
from .search import SearchQuery, search_run

PAGE_SIZE = 20


def index(request, partnership_slug):
    """The archive: search everything, and the newest documents."""
    require(request, "archive.search")
    partnership = request.partnership
    form = SearchForm(request.GET or None, **selectors.search_choices(partnership))
    result, page = None, 1
    try:
        page = max(1, int(request.GET.get("sida", 1)))
    except ValueError:
        page = 1
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        query = SearchQuery(
            text=data["q"],
            kinds=(data["kind"],) if data["kind"] else (),
            year=data["year"],
            focus_area_id=data["focus_area"],
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        result = search_run(partnership, request.actor, query)
    params = request.GET.copy()
    params.pop("sida", None)
    ctx = {
        "form": form,
        "result": result,
        "page": page,
        "query": params.urlencode(),
        "start": (page - 1) * PAGE_SIZE + 1,
    }
    if request.headers.get("HX-Request"):
        return render(request, "archive/_results.html", ctx)
    ctx["documents"] = selectors.document_list(partnership, request.actor)
    return render(request, "archive/index.html", ctx)


def _document_or_404(request, pk):
    try:
        return selectors.document_get(request.partnership, request.actor, pk)
    except Document.DoesNotExist:
        raise Http404 from None


def document_detail(request, partnership_slug, pk):
    require(request, "document.view")
    document = _document_or_404(request, pk)
    return render(request, "archive/document_detail.html", {"document": document, "version_form": VersionForm()})


def document_create(request, partnership_slug):
    require(request, "document.add")
    partnership = request.partnership
    form = DocumentForm(request.POST or None, request.FILES or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        document = services.document_register(
            actor=request.actor,
            user=request.user,
            partnership=partnership,
            upload=d["file"],
            kind=d["kind"],
            title=d["title"],
            date=d["date"],
            access=d["access"],
            roles=d["roles"],
            initiatives=d["initiatives"],
            meetings=d["meetings"],
        )
        messages.success(request, _("The document was registered as %(number)s.") % {"number": document.diary_number})
        return redirect("archive:document_detail", partnership.slug, document.pk)
    return render(request, "archive/document_form.html", {"form": form, "document": None})


def document_edit(request, partnership_slug, pk):
    document = _document_or_404(request, pk)
    require(request, "document.change", document)
    initial = {
        "title": document.title,
        "kind": document.kind,
        "date": document.date,
        "access": document.access,
        "roles": document.roles,
        "initiatives": list(document.initiatives.all()),
        "meetings": list(document.meetings.all()),
    }
    form = DocumentForm(request.POST or None, initial=initial, partnership=request.partnership, with_file=False)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.document_change(
            actor=request.actor,
            user=request.user,
            document=document,
            kind=d["kind"],
            title=d["title"],
            date=d["date"],
            access=d["access"],
            roles=d["roles"],
            initiatives=d["initiatives"],
            meetings=d["meetings"],
        )
        messages.success(request, _("The document was saved."))
        return redirect("archive:document_detail", request.partnership.slug, document.pk)
    return render(request, "archive/document_form.html", {"form": form, "document": document})


def version_create(request, partnership_slug, pk):
    document = _document_or_404(request, pk)
    require(request, "document.change", document)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = services.document_version_add(
            actor=request.actor, user=request.user, document=document, upload=form.cleaned_data["file"]
        )
        messages.success(request, _("Version %(number)s was saved.") % {"number": version.number})
        return redirect("archive:document_detail", request.partnership.slug, document.pk)
    return render(request, "archive/document_detail.html", {"document": document, "version_form": form})


def version_download(request, partnership_slug, pk, number):
    require(request, "document.view")
    document = _document_or_404(request, pk)
    try:
        version = selectors.version_get(document, number)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(version.content), content_type=version.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(version.filename)}"
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)


def connections(request, partnership_slug):
    """Bridges between the focus areas and themes that recur across initiatives."""
    require(request, "archive.search")
    model = Model(request.partnership, request.actor)
    return render(request, "archive/connections.html", {"bridges": model.bridges(), "themes": model.themes()})


def initiative_related(request, partnership_slug, slug):
    require(request, "archive.search")
    try:
        initiative = Initiative.objects.get(partnership=request.partnership, slug=slug)
    except Initiative.DoesNotExist:
        raise Http404 from None
    related = Model(request.partnership, request.actor).related_to(initiative.pk)
    return render(request, "archive/initiative_related.html", {"initiative": initiative, "related": related})
