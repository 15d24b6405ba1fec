from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from samsyn.core.models import Partnership
from samsyn.core.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each person what is due for them (assignments, unpaid requisitions, evaluations, "
        "meetings soon); what was reminded of today is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="The partnership's short name (slug).")
        parser.add_argument("--today", help="The day to remind as of, YYYY-MM-DD (default today).")

    def handle(self, *args, partnership, today=None, **options):
        with override("sv"):
            try:
                p = Partnership.objects.get(slug=partnership)
            except Partnership.DoesNotExist:
                raise CommandError(_("There is no partnership “%(slug)s”.") % {"slug": partnership}) from None
            try:
                day = date.fromisoformat(today) if today else timezone.localdate()
            except ValueError:
                raise CommandError(
                    _("--today: “%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31.") % {"value": today}
                ) from None
            sent = reminders_send(p, day)
            self.stdout.write(
                _("Reminders sent to %(people)d people about %(items)d things.")
                % {"people": sent["people"], "items": sent["items"]}
            )
