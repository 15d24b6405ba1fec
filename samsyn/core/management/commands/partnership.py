from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samsyn.core.services import partnership_create


class Command(BaseCommand):
    help = "Partnerships of the platform, for its administrators: `samsyn partnership create SLUG ...`."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        create = subparsers.add_parser(
            "create",
            help="Create a partnership and e-mail its first administrator an invitation.",
            description="Create a partnership and e-mail its first administrator an invitation to choose a password.",
        )
        create.add_argument("slug", help="The short name in the partnership's addresses, e.g. shk.")
        create.add_argument("--name", required=True, help="The partnership's name.")
        create.add_argument("--admin-email", required=True, help="The first administrator's e-mail address.")
        create.add_argument("--admin-name", default="", help="The first administrator's name (default: the address).")

    def handle(self, *args, what, slug, name, admin_email, admin_name, **options):
        try:
            partnership = partnership_create(slug=slug, name=name, admin_email=admin_email, admin_name=admin_name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("Created %(name)s (/%(slug)s/). An invitation was sent to %(email)s.")
            % {"name": partnership.name, "slug": partnership.slug, "email": admin_email}
        )
