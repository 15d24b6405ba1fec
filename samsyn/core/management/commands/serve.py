from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Samsyn on 127.0.0.1:8000 for development and demos (production runs samsyn.wsgi under a WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **opts):
        if settings.PRODUCTION:
            raise CommandError("In production, run samsyn.wsgi:application under a WSGI server such as gunicorn.")
        call_command("runserver", opts["addrport"], use_reloader=False)
