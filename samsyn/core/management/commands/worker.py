from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from samsyn.core.mail import messages_retry_due


class Command(BaseCommand):
    help = (
        "Run the background tasks (sending e-mail) from the database queue until stopped; "
        "with --until-empty, run what is queued and due, then exit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until-empty", action="store_true", help="Run the tasks that are queued and due, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue (default 1)."
        )

    def handle(self, *args, until_empty, interval, verbosity, **options):
        # Messages whose task was lost (a worker stopped mid-send, a send that failed while tasks ran
        # at once) go back on the queue first.
        requeued = messages_retry_due()
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            if until_empty:
                # Tasks run at once here: the line above has already run everything that was due.
                self.stdout.write(f"Tasks run at once (SAMSYN_TASKS=immediate): {requeued} message(s) tried again.")
                return
            raise CommandError("`samsyn worker` runs the database queue: set SAMSYN_TASKS=database.")
        # django-tasks-db's own worker; --batch is its "run what is ready, then exit".
        call_command(
            "db_worker",
            batch=until_empty,
            interval=interval,
            reload=False,
            startup_delay=False,
            verbosity=verbosity,
            stdout=self.stdout,
            stderr=self.stderr,
        )
