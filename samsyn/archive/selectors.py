"""Reads of the archive; each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from samsyn.core.lib.counted import counted, rows_and_count
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.roles import Role

from .models import AccessLevel, Document, DocumentVersion


def document_readable(partnership: Partnership, actor: Actor | None) -> QuerySet[Document]:
    """Documents `actor` may read: the same rule as the search index's access filter, on the document
    (its roles, a JSON list, are compared as text so that both databases answer it)."""
    return _readable(Document.objects.filter(partnership=partnership), reach_of(actor))


def reach_of(actor: Actor | None) -> str | tuple[str, ...]:
    """What decides which documents `actor` may read: "public" (no member), "all" (an
    administrator) or the member's roles, sorted."""
    if actor is None or not actor.is_member:
        return "public"
    if actor.has_role(Role.ADMINISTRATOR):
        return "all"
    return tuple(sorted(actor.roles))


def _readable(docs: QuerySet[Document], reach: str | tuple[str, ...]) -> QuerySet[Document]:
    if reach == "public":
        return docs.filter(access=AccessLevel.PUBLIC)
    if reach == "all":
        return docs
    q = Q(access__in=[AccessLevel.PUBLIC, AccessLevel.INTERNAL])
    for role in reach:
        q |= Q(access=AccessLevel.RESTRICTED, roles_text__contains=f'"{role}"')
    return docs.annotate(roles_text=Cast("roles", TextField())).filter(q)


def initiative_documents(
    partnership: Partnership, actor: Actor | None, initiative_id: int, limit: int
) -> tuple[list[Document], int]:
    """The newest `limit` documents `actor` may read that name the initiative, and how many there are."""
    return rows_and_count(_initiative_documents(partnership.pk, initiative_id, reach=reach_of(actor), limit=limit))


# The initiative page asks this on every view; the reader's reach and the limit choose the query's
# shape (a few of each), the partnership and the initiative are its values (core.lib.prepared).
@prepared
def _initiative_documents(
    partnership_id: int, initiative_id: int, *, reach: str | tuple[str, ...], limit: int
) -> QuerySet[Document]:
    docs = _readable(Document.objects.filter(partnership_id=partnership_id), reach)
    return counted(
        docs.filter(initiatives=initiative_id)
        .only("pk", "diary_number", "title", "kind", "date")
        .order_by("-date", "-pk"),
        limit,
    )


def document_list(partnership: Partnership, actor: Actor | None, limit: int = 20) -> list[Document]:
    """The newest documents `actor` may read."""
    return list(
        document_readable(partnership, actor).only("pk", "diary_number", "title", "kind", "date", "access")[:limit]
    )


def document_get(partnership: Partnership, actor: Actor | None, pk: int | str) -> Document:
    """The document if it exists and `actor` may read it (else Document.DoesNotExist)."""
    return (
        document_readable(partnership, actor)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.defer("content", "text").order_by("-number")),
            "initiatives",
            # governance's Meeting.documents, seen from the document
            "meetings",
        )
        .get()
    )


def version_get(document: Document, number: int) -> DocumentVersion:
    return DocumentVersion.objects.get(document=document, number=number)


def diary_number_exists(partnership: Partnership, number: str) -> bool:
    """Whether the partnership's archive holds a document with this diary number (spacing aside)."""
    return Document.objects.filter(partnership=partnership, diary_number__iexact=" ".join(number.split())).exists()
