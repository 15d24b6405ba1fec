"""Documents of the archive: metadata and the files of each version, as readable as on the pages."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from samsyn.archive import selectors, services
from samsyn.archive.models import Document
from samsyn.core.lib.urls import reverse

from .. import schemas as s
from ..http import ERRORS, api, enter
from ..http import lazy_text as _
from .common import ID, PAGE, PER_PAGE, SLUG, YEAR, narrowed, page_slice

router = Router(tags=[_("Archive and search")])

COLUMNS = ("pk", "diary_number", "title", "kind", "date", "access")


def _row(d: Document) -> dict:
    return {
        "id": d.pk,
        "diary_number": d.diary_number,
        "title": d.title,
        "kind": d.kind,
        "date": d.date,
        "access": d.access,
    }


class DocumentFilters(Schema):
    kind: Document.Kind | None = Field(None, description=_("Kind of document"))
    year: int | None = YEAR
    sida: int = PAGE
    per_sida: int = PER_PAGE


@router.get(
    "/{slug}/documents",
    response={200: s.DocumentList, **ERRORS},
    summary=_("Documents"),
    description=_("The documents you may read, the newest first."),
)
def document_list(request, *, slug: str = SLUG, filters: Query[DocumentFilters]):
    partnership, actor = enter(request, slug, "document.view")
    rows = narrowed(
        selectors.document_readable(partnership, actor).only(*COLUMNS), filters, kind="kind", year="date__year"
    )
    page, count = page_slice(rows.order_by("-date", "-pk"), filters.sida, filters.per_sida)
    return {"items": [_row(d) for d in page], "count": count}


@router.get(
    "/{slug}/documents/{document}",
    response={200: s.DocumentOut, **ERRORS},
    summary=_("A document"),
    description=_("A document with its versions; the read is recorded in the history as on its page."),
)
def document_detail(request, *, slug: str = SLUG, document: int = ID):
    partnership, actor = enter(request, slug, "document.view")
    found = selectors.document_get(partnership, actor, document)
    services.document_read_record(actor=actor, user=request.auth.user, document=found)
    versions = [
        {
            "number": v.number,
            "filename": v.filename,
            "content_type": v.content_type,
            "size": v.size,
            "sha256": v.sha256,
            "uploaded_at": v.uploaded_at,
            "download": reverse("api:document_download", args=[slug, found.pk, v.number]),
        }
        for v in found.versions.all()
    ]
    return {**_row(found), "initiatives": [i.slug for i in found.initiatives.all()], "versions": versions}


@router.get(
    "/{slug}/documents/{document}/versions/{number}/download",
    response={200: None, **ERRORS},
    summary=_("Download a version"),
    url_name="document_download",
    openapi_extra={
        "responses": {
            200: {
                "description": _("The file"),
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    description=_("The file of a version of a document, as it was uploaded."),
)
def document_download(request, *, slug: str = SLUG, document: int = ID, number: int = ID):
    partnership, actor = enter(request, slug, "document.view")
    found = selectors.document_get(partnership, actor, document)
    version = selectors.version_get(found, number)
    services.document_read_record(actor=actor, user=request.auth.user, document=found, version=version.number)
    response = HttpResponse(bytes(version.content), content_type=version.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(version.filename)}"
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


api.add_router("", router)
