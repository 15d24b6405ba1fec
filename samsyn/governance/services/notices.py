"""The notice (kallelse) of a meeting: its agenda, links to its papers and an iCal invitation, sent
by e-mail to everyone on its attendance list (members, substitutes and the others listed)."""

from __future__ import annotations

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from samsyn.core import policy
from samsyn.core.invitations import site_url
from samsyn.core.lib.urls import reverse
from samsyn.core.mail import Attachment as MailAttachment
from samsyn.core.mail import mail_queue
from samsyn.core.models import AuditEntry
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..ical import invitation
from ..models import Meeting
from ..selectors import attachment_link, notice_files, notice_recipients

ACTION = "meeting.notice_send"


def _notice_subject(meeting: Meeting) -> str:
    with override("sv"):
        return _("Notice: %(meeting)s %(date)s") % {
            "meeting": meeting.title,
            "date": date_format(meeting.date, "j F Y"),
        }


def _absolute(link: str | None) -> str | None:
    if not link:
        return None
    return link if urlsplit(link).scheme else site_url(link)


@transaction.atomic
def notice_send(*, actor: Actor | None, user: AnyUser, meeting: Meeting, confirmed: bool) -> int:
    """Send the notice to each recipient in a message of their own; returns how many it went to.

    Sending again is allowed (a changed agenda): the invitation's SEQUENCE grows with every notice,
    so calendars replace the meeting they have. The files uploaded for the meeting go with it as
    files, as far as selectors.notice_files allows (everyone on the list may read them, within
    SAMSYN_NOTICE_FILES_MAX_BYTES together); every paper is linked besides, and the page shows each
    reader only what they may open.
    """
    policy.require(actor, ACTION, meeting)
    if not confirmed:
        raise ValidationError(_("Confirm that the notice is to be sent."), code="not_confirmed")
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting is given notice of."), code="not_planned")
    recipients = notice_recipients(meeting)
    if not recipients:
        raise ValidationError(
            _("Nobody on the attendance list has an e-mail address: add attendees before sending the notice."),
            code="no_recipients",
        )
    partnership = meeting.partnership
    slug = partnership.slug
    sent_before = AuditEntry.objects.filter(
        partnership=partnership, action=ACTION, object_type=meeting._meta.label_lower, object_id=str(meeting.pk)
    ).count()
    meeting_url = site_url(reverse("governance:meeting", args=[slug, meeting.pk]))
    from_name, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    ics = invitation(
        meeting,
        host=urlsplit(settings.SAMSYN_BASE_URL).hostname or "samsyn",
        organizer=(from_name or partnership.name, from_address or "samsyn@localhost"),
        attendees=[(p.name, p.email) for p in recipients],
        sequence=sent_before,
        url=meeting_url,
    )
    items = list(meeting.items.select_related("presenter").order_by("number"))
    files = notice_files(meeting, recipients, settings.SAMSYN_NOTICE_FILES_MAX_BYTES)
    attachments = [
        {
            "number": a.number,
            "title": a.title,
            "url": _absolute(attachment_link(a, slug)),
            "file": files[a.pk].filename if a.pk in files else "",
        }
        for a in meeting.attachments.order_by("number")
    ]
    subject = _notice_subject(meeting)
    context = {
        "meeting": meeting,
        "items": items,
        "attachments": attachments,
        "meeting_url": meeting_url,
        "agenda_pdf_url": site_url(reverse("governance:agenda_pdf", args=[slug, meeting.pk])),
        "partnership_name": partnership.name,
    }
    for person in recipients:
        mail_queue(
            to=[person.email],
            subject=subject,
            template="governance/mail/notice",
            context={**context, "person": person},
            attachments=[*files.values(), MailAttachment("kallelse.ics", ics, "text/calendar; method=REQUEST")],
            partnership=partnership,
        )
    meeting.notice_sent_at = timezone.now()
    meeting.save(update_fields=["notice_sent_at"])
    audit_record(
        partnership=partnership,
        user=user,
        action=ACTION,
        obj=meeting,
        after={
            "title": meeting.title,
            "recipients": len(recipients),
            "sent_before": sent_before,
            "files": [f.filename for f in files.values()],
        },
    )
    return len(recipients)
