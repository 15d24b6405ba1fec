"""`samsyn import outcomes FILE --partnership SLUG`. The finance appendix (`samsyn report finance`)
comes from the report registry (economy/reports.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from samsyn.core.models import Partnership
from samsyn.core.subcommands import Subcommand

from .services import outcome_import


def _partnership(slug):
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise CommandError(f"no partnership {slug!r}") from None


def _import_arguments(parser):
    parser.add_argument("file", help="CSV or XLSX with columns cost_line,date,category,amount[,initiative,text]")
    parser.add_argument("--partnership", required=True)


def _import_handle(command, *, file, partnership, **options):
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"no file {file}")
    try:
        # The operator at the server's command line acts with the server's rights: no login, no policy.
        result = outcome_import(
            actor=None,
            user=None,
            partnership=_partnership(partnership),
            filename=path.name,
            content=path.read_bytes(),
            check=False,
        )
    except ValidationError as error:
        raise CommandError("\n".join(error.messages)) from None
    return f"{result.added} outcome rows added, {result.already_there} already imported"


IMPORT = {"outcomes": Subcommand("Import outcome rows from a CSV or XLSX file", _import_arguments, _import_handle)}
