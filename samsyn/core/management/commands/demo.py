from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from samsyn.core.demo import DEMO_USERNAMES, demo_load


class Command(BaseCommand):
    help = "Migrate, load the demo partnership with one login per role, print the logins and serve."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", default="shk", help="demo data set to load (default: shk)")
        parser.add_argument("--password", help="password for every demo login (default: a generated one)")
        parser.add_argument("--no-serve", action="store_true", help="load and exit")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve (default: 127.0.0.1:8000)")

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        partnership, password = demo_load(opts["partnership"], opts["password"])
        self.stdout.write(self.style.SUCCESS(_("Loaded the demo of %(name)s.") % {"name": partnership.name}))
        self.stdout.write(_("Demo logins (one per role):") + " " + ", ".join(DEMO_USERNAMES))
        if password:
            self.stdout.write(_("Password for every demo login: %(pw)s") % {"pw": password})
        else:
            self.stdout.write(
                _("The demo logins already existed; their passwords are unchanged (set one with --password).")
            )
        if not opts["no_serve"]:
            self.stdout.write(_("Samsyn runs on http://%(addr)s/ (stop with Ctrl-C)") % {"addr": opts["addrport"]})
            call_command("runserver", opts["addrport"], use_reloader=False)
