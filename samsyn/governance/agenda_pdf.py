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
        return pdf_bytes("governance/report.html", {"meeting": attachment.meeting, "report": report, "goals": goals, "editable": False}, request=request)
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
        except Exception:  # another app's view: the agenda still prints  # noqa: BLE001
            log.exception("attachment %s could not be generated", attachment.pk)
    return None


def _document_pdf(attachment) -> bytes | None:
    if not attachment.document_id:
        return None
    try:
        from django.apps import apps

        Document = apps.get_model("archive", "Document")
        doc = Document.objects.filter(pk=attachment.document_id, partnership=attachment.partnership_id).first()
        stored = getattr(doc, "file", None) if doc else None
        if stored and stored.name.lower().endswith(".pdf"):
            with stored.open("rb") as fh:
                return fh.read()
    except Exception:  # the archive may not hold the file (yet)  # noqa: BLE001
        return None
    return None


def agenda_with_attachments(request, meeting) -> bytes:
    from pypdf import PdfReader, PdfWriter

    ctx = selectors.minutes_build(meeting, request.partnership.slug)
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(pdf_bytes("governance/agenda.html", ctx, request=request))))
    for attachment in ctx["attachments"]:
        data = _generated_pdf(request, attachment) if attachment.report_kind else _document_pdf(attachment)
        notice = pdf_bytes("governance/attachment_cover.html", {"attachment": attachment, "meeting": meeting, "available": data is not None}, request=request)
        writer.append(PdfReader(BytesIO(notice)))
        if data is not None:
            try:
                writer.append(PdfReader(BytesIO(data)))
            except Exception:  # a damaged file: the cover says what it is  # noqa: BLE001
                log.exception("attachment %s is not a readable PDF", attachment.pk)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
