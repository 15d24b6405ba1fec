"""Reads of the archive; each a fixed number of queries."""
from django.db.models import Prefetch

from samsyn.portfolio.models import FocusArea

from .models import Document, DocumentVersion, SearchEntry
from .search import access_q


def document_readable(partnership, actor):
    """Documents `actor` may read; the rule is the search index's (roles live there as text)."""
    readable = SearchEntry.objects.filter(partnership=partnership, kind=SearchEntry.Kind.DOCUMENT).filter(access_q(actor))
    return Document.objects.filter(partnership=partnership, pk__in=readable.values("object_id"))


def document_list(partnership, actor, limit=20):
    """The newest documents `actor` may read."""
    return list(
        document_readable(partnership, actor).only(
            "pk", "diary_number", "title", "kind", "date", "access"
        )[:limit]
    )


def document_get(partnership, actor, pk) -> Document:
    """The document if it exists and `actor` may read it (else Document.DoesNotExist)."""
    return (
        document_readable(partnership, actor)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.defer("content", "text").order_by("-number")),
            "initiatives", "meetings",
        )
        .get()
    )


def version_get(document, number) -> DocumentVersion:
    return DocumentVersion.objects.get(document=document, number=number)


def search_choices(partnership):
    years = sorted(
        {y for y in SearchEntry.objects.filter(partnership=partnership, year__isnull=False).values_list("year", flat=True).distinct()},
        reverse=True,
    )
    return {"years": years, "focus_areas": list(FocusArea.objects.filter(partnership=partnership).order_by("order", "name"))}
