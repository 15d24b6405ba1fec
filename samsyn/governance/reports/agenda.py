"""The agenda with its attachments as one PDF (pypdf merges; what is not available gets a notice page)."""

from __future__ import annotations

import logging
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from samsyn.archive.models import DocumentVersion
from samsyn.archive.selectors import document_readable
from samsyn.core.exports import pdf_bytes
from samsyn.core.reports import report_for_attachment, report_render

from .. import selectors

log = logging.getLogger(__name__)


def _generated_pdf(request, attachment) -> bytes | None:
    """A generated report's PDF from the report registry. An attachment offers what it knows (its
    meeting, its date as `as_of`); the kind takes the parameters it declares."""
    kind = report_for_attachment(attachment.report_kind)
    if kind is None:
        return None
    try:
        data = kind.build(request.partnership, **selectors.attachment_report_params(kind, attachment))
    except LookupError:  # not written yet (a process leader's report): the cover says so
        return None
    return report_render(kind, data, "pdf", request=request, extra={"partnership": request.partnership})


def _document_pdf(request, attachment) -> bytes | None:
    """The newest PDF version of an archived document the requester may read."""
    if not attachment.document_id:
        return None
    if not document_readable(request.partnership, request.actor).filter(pk=attachment.document_id).exists():
        return None
    version = (
        DocumentVersion.objects.filter(document_id=attachment.document_id, content_type="application/pdf")
        .order_by("-number")
        .first()
    )
    return bytes(version.content) if version else None


def agenda_with_attachments(request, meeting) -> bytes:
    ctx = selectors.minutes_build(meeting, request.partnership.slug, request.actor)
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(pdf_bytes("governance/agenda.html", ctx, request=request))))
    for attachment in ctx["attachments"]:
        may_open = attachment.link is not None or not (attachment.report_kind or attachment.document_id)
        data = None
        if may_open:
            data = _generated_pdf(request, attachment) if attachment.report_kind else _document_pdf(request, attachment)
        notice = pdf_bytes(
            "governance/attachment_cover.html",
            {"attachment": attachment, "meeting": meeting, "available": data is not None},
            request=request,
        )
        writer.append(PdfReader(BytesIO(notice)))
        if data is not None:
            try:
                writer.append(PdfReader(BytesIO(data)))
            except PdfReadError:  # an archived file that is not a readable PDF: the cover says what it is
                log.warning("attachment %s is not a readable PDF", attachment.pk)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
