"""The agenda with its attachments as one PDF (pypdf merges; what is not available gets a notice page)."""

from __future__ import annotations

import copy
import logging
from io import BytesIO

from django.http import QueryDict
from django.urls import NoReverseMatch, resolve, reverse

from samsyn.core.exports import pdf_bytes

from . import leader_report as lr
from . import selectors

log = logging.getLogger(__name__)


def _generated_pdf(request, attachment) -> bytes | None:
    """A generated report's PDF through its own view (`<url name>_pdf`, with ?per=DATE)."""
    slug = request.partnership.slug
    if attachment.report_kind == "governance:leader_report":
        report = lr.report_get(attachment.meeting)
        if report is None:
            return None
        goals = list(report.goals.all())
        for g in goals:
            g.leverage = lr.leverage_rows(g)
        return pdf_bytes(
            "governance/report.html",
            {"meeting": attachment.meeting, "report": report, "goals": goals, "editable": False},
            request=request,
        )
    for name in (f"{attachment.report_kind}_pdf", attachment.report_kind):
        try:
            path = reverse(name, args=[slug])
        except NoReverseMatch:
            continue
        try:
            match = resolve(path)
            sub = copy.copy(request)
            query = QueryDict(mutable=True)
            if attachment.report_date:
                query["per"] = attachment.report_date.isoformat()
            query["format"] = "pdf"
            sub.GET = query
            response = match.func(sub, *match.args, **match.kwargs)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("application/pdf"):
                return response.content
        except Exception:  # another app's view: the agenda still prints
            log.exception("attachment %s could not be generated", attachment.pk)
    return None


def _document_pdf(request, attachment) -> bytes | None:
    """The newest PDF version of an archived document the requester may read."""
    if not attachment.document_id:
        return None
    try:
        from samsyn.archive.models import DocumentVersion
        from samsyn.archive.selectors import document_readable
    except ImportError:
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
    from pypdf import PdfReader, PdfWriter

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
            except Exception:  # a damaged file: the cover says what it is
                log.exception("attachment %s is not a readable PDF", attachment.pk)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
