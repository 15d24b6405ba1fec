"""Reads of the archive; each a fixed number of queries."""
from django.db.models import Prefetch

from samsyn.portfolio.models import FocusArea

from .models import Document, DocumentVersion, SearchEntry
from .search import access_q


def document_readable(partnership, actor):
    """Documents `actor` may read. Public and internal are decided on the document; for restricted
    ones the named roles are looked up in the search index, where they are kept as text."""
    from django.db.models import Q

    from samsyn.core.roles import Role

    from .models import AccessLevel

    docs = Document.objects.filter(partnership=partnership)
    if actor is None or not actor.is_member:
        return docs.filter(access=AccessLevel.PUBLIC)
    if actor.has_role(Role.ADMINISTRATOR):
        return docs
    restricted = SearchEntry.objects.filter(
        partnership=partnership, kind=SearchEntry.Kind.DOCUMENT, access=AccessLevel.RESTRICTED
    ).filter(access_q(actor))
    return docs.filter(Q(access__in=[AccessLevel.PUBLIC, AccessLevel.INTERNAL]) | Q(pk__in=restricted.values("object_id")))


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
    # The years of the diary series (one row per year), not a scan of the index.
    from django.utils import timezone

    from .models import DiarySeries

    years = sorted({*DiarySeries.objects.filter(partnership=partnership).values_list("year", flat=True), timezone.localdate().year}, reverse=True)
    return {"years": years, "focus_areas": list(FocusArea.objects.filter(partnership=partnership).order_by("order", "name"))}
