"""The archive's document pages. Reads are checked here; writes by the services (a POST is only as
allowed as the service says). The archive's front page, its search, is the search app's."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samsyn.core.policy import can, require
from samsyn.economy.selectors import printed_in_document

from . import selectors, services
from .forms import DocumentForm, VersionForm
from .models import Document, DocumentVersion


def _document_or_404(request, pk):
    try:
        return selectors.document_get(request.partnership, request.actor, pk)
    except Document.DoesNotExist:
        raise Http404 from None


def _form_page_allowed(request, action, obj=None):
    """A form page is shown only to those who may send it; the POST itself is the service's to refuse."""
    if request.method != "POST" and not can(request, action, obj):
        raise PermissionDenied(action)


def document_detail(request, partnership_slug, pk):
    require(request, "document.view")
    document = _document_or_404(request, pk)
    services.document_read_record(actor=request.actor, user=request.user, document=document)
    printed = printed_in_document(request.partnership, document.diary_number) if can(request, "economy.view") else None
    return render(
        request,
        "archive/document_detail.html",
        {
            "document": document,
            "version_form": VersionForm(),
            "printed": printed,
            "may_record_printed": can(request, "administration.manage"),
        },
    )


def document_create(request, partnership_slug):
    _form_page_allowed(request, "document.add")
    partnership = request.partnership
    form = DocumentForm(request.POST or None, request.FILES or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
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
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, _("The document was registered as %(number)s.") % {"number": document.diary_number}
            )
            return redirect("archive:document_detail", partnership.slug, document.pk)
    return render(request, "archive/document_form.html", {"form": form, "document": None})


def document_edit(request, partnership_slug, pk):
    document = _document_or_404(request, pk)
    _form_page_allowed(request, "document.change", document)
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
        try:
            services.document_change(actor=request.actor, user=request.user, document=document, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The document was saved."))
            return redirect("archive:document_detail", request.partnership.slug, document.pk)
    return render(request, "archive/document_form.html", {"form": form, "document": document})


def version_create(request, partnership_slug, pk):
    document = _document_or_404(request, pk)
    _form_page_allowed(request, "document.change", document)
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
    services.document_read_record(actor=request.actor, user=request.user, document=document, version=version.number)
    response = HttpResponse(bytes(version.content), content_type=version.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(version.filename)}"
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
