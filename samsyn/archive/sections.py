"""The archive's section of the initiative page: the registered documents that name the initiative.

Registered from ArchiveConfig.ready(). Only documents the viewer may read are listed or counted
(the archive's own access rule). One query.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can
from samsyn.core.registry import Section, section_register
from samsyn.portfolio.models import Initiative

from .selectors import initiative_documents

LATEST = 5


def documents_section(request, initiative: Initiative) -> Section | None:
    if not can(request, "document.view"):
        return None
    documents, count = initiative_documents(initiative.partnership, request.actor, initiative.pk, LATEST)
    slug = initiative.partnership.slug
    return Section(
        key="documents",
        title=_("Documents"),
        summary=(
            ngettext("%(n)s document", "%(n)s documents", count) % {"n": count}
            if count
            else _("No registered document names the initiative")
        ),
        template="archive/sections/documents.html",
        data={
            "documents": documents,
            "count": count,
            "more": count > len(documents),
            "add_url": reverse("archive:document_create", args=[slug]) if can(request, "document.add") else "",
        },
    )


def register() -> None:
    section_register("initiative", 60, documents_section)
