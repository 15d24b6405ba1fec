"""`samsyn gdpr export|erase --email EMAIL` and `samsyn gdpr prune`: a visitor's data on request,
and the erasure of what is past its keeping (run it daily, as `samsyn remind`)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.hub import services


class Command(BaseCommand):
    help = "Export or erase a visitor's personal data, or erase what is past its keeping."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase", "prune"])
        parser.add_argument("--email", help="the visitor's e-mail address (export, erase)")

    def handle(self, *args, action, email=None, **options):
        if action in ("export", "erase") and not (email or "").strip():
            raise CommandError(_("Give the e-mail address with --email."))
        if action == "export":
            self.stdout.write(json.dumps(services.visitor_data_export(email=email), ensure_ascii=False, indent=1))
        elif action == "erase":
            n = services.visitor_data_erase(email=email)
            self.stdout.write(
                _("Erased %(n)s registrations, interests, answers and newsletter subscriptions of %(email)s.")
                % {"n": n, "email": email.strip()}
            )
        else:
            n = services.registrations_prune(today=timezone.localdate())
            self.stdout.write(
                _(
                    "Erased or made anonymous %(n)s registrations, interests, answers and newsletter sign-ups "
                    "past their keeping."
                )
                % {"n": n}
            )
