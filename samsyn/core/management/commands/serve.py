import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

GUNICORN_CONFIG = "python:samsyn.core.gunicorn_config"


class Command(BaseCommand):
    help = (
        "Serve Samsyn on 127.0.0.1:8000 for development and demos; with --production, under gunicorn "
        "with the production settings (SAMSYN_ENV=production), workers from the core count."
    )
    # The production checks below include the deploy checks; the development server runs its own.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="where to listen (default 127.0.0.1:8000)")
        parser.add_argument(
            "--production",
            action="store_true",
            help="serve under gunicorn (needs SAMSYN_ENV=production, SAMSYN_SECRET_KEY, SAMSYN_ALLOWED_HOSTS "
            "and `samsyn collectstatic`)",
        )
        parser.add_argument("--bind", help="with --production: where to listen (default SAMSYN_BIND or 127.0.0.1:8000)")
        parser.add_argument(
            "--workers", type=int, help="with --production: worker processes (default SAMSYN_WORKERS or 2 × cores + 1)"
        )

    def handle(self, *args, **opts):
        if opts["production"]:
            self.production_check()
            self.gunicorn_exec(bind=opts["bind"] or opts["addrport"], workers=opts["workers"])
            return
        if settings.PRODUCTION:
            raise CommandError("In production, serve with `samsyn serve --production` (gunicorn).")
        call_command("runserver", opts["addrport"] or "127.0.0.1:8000", use_reloader=False)

    def production_check(self):
        """Refuse to start, saying what to do, rather than serve with settings that do not hold."""
        if not settings.PRODUCTION:
            raise CommandError(
                "--production serves the production settings: set SAMSYN_ENV=production, SAMSYN_SECRET_KEY and "
                "SAMSYN_ALLOWED_HOSTS (see the README, Running in production)."
            )
        if not settings.ALLOWED_HOSTS:
            raise CommandError(
                "Set SAMSYN_ALLOWED_HOSTS to the site's host names, comma-separated (e.g. samsyn.example.se): "
                "Django answers 400 to every other."
            )
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not manifest.exists():
            raise CommandError(
                f"No static files in {settings.STATIC_ROOT}: run `samsyn collectstatic --noinput` once per release "
                "(SAMSYN_STATIC_ROOT says where they go)."
            )
        # The deploy checks (HTTPS, cookies, HSTS, the secret key's strength): any warning stops the start.
        call_command("check", deploy=True, fail_level="WARNING", stdout=sys.stderr)
        if connection.vendor == "sqlite":
            # Several workers on one machine share the file safely (WAL; writers queue for its lock, up
            # to SAMSYN_SQLITE_TIMEOUT seconds); several machines cannot share it.
            self.stderr.write(
                f"SQLite ({settings.DATABASES['default']['NAME']}): serves one app server; for more behind a load "
                "balancer, use PostgreSQL (DATABASE_URL)."
            )

    def gunicorn_exec(self, *, bind, workers):
        """Replace this process with gunicorn's master, so that systemd's signals reach it."""
        argv = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG]
        if bind:
            argv += ["--bind", bind]
        if workers:
            argv += ["--workers", str(workers)]
        argv.append("samsyn.wsgi:application")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, argv)
