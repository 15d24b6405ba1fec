"""`samsyn import measurements FILE --partnership SLUG`. The annual report (`samsyn report annual`)
comes from the report registry (followup/reports.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from samsyn.core.models import Partnership
from samsyn.core.subcommands import Subcommand

from .services import measurement_import


def _partnership(slug):
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise CommandError(f"no partnership {slug!r}") from None


def _import_arguments(parser):
    parser.add_argument("file", help="CSV with the columns kpi;period;value[;note]")
    parser.add_argument("--partnership", required=True)


def _import_handle(command, *, file, partnership, **options):
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"no file {file}")
    try:
        # The operator of the installation imports: no role in the partnership to check.
        n = measurement_import(
            actor=None, user=None, partnership=_partnership(partnership), data=path.read_bytes(), check=False
        )
    except ValidationError as error:
        raise CommandError("\n".join(error.messages)) from None
    return f"{n} measurements imported"


IMPORT = {
    "measurements": Subcommand("Import KPI measurements from CSV (all rows or none)", _import_arguments, _import_handle)
}
