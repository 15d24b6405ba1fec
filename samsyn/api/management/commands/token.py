"""`samsyn token create --user USERNAME --partnership SLUG --scope read|write [--days N]` prints a new
personal API token once; `samsyn token prune` removes tokens revoked or expired long ago and old
entries of the use log (run it daily, as `samsyn remind`)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samsyn.api import rules, services


class Command(BaseCommand):
    help = "Create a personal API token (printed once), or prune old tokens and uses."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("--user", required=True, help="the login's user name")
        create.add_argument("--partnership", required=True, help="the partnership's address name (slug)")
        create.add_argument("--scope", required=True, choices=rules.SCOPES)
        create.add_argument("--days", type=int, default=rules.DEFAULT_DAYS, help="how many days it works (1–366)")
        sub.add_parser("prune", help="remove tokens revoked or expired long ago, and old uses")

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                created = services.token_issue(
                    username=options["user"],
                    partnership_slug=options["partnership"],
                    scope=options["scope"],
                    days=options["days"],
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            # The token alone on standard output, so that a script can take it: TOKEN=$(samsyn token create …).
            self.stdout.write(created.value)
            self.stderr.write(
                _("The token works until %(date)s. It is shown only now: Samsyn keeps only its fingerprint.")
                % {"date": created.token.expires_at.date().isoformat()}
            )
        else:
            tokens, uses = services.token_prune()
            self.stdout.write(_("Removed %(tokens)s tokens and %(uses)s uses.") % {"tokens": tokens, "uses": uses})
