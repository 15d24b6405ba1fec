"""`samsyn import outcomes FILE --partnership SLUG` and
`samsyn report finance --partnership SLUG --as-of DATE --format html|pdf|xlsx|json [--output FILE]`."""

from __future__ import annotations

import sys
from datetime import date
from io import BytesIO
from pathlib import Path

from django.core.management.base import CommandError

from samsyn.core.subcommands import Subcommand


def _partnership(slug):
    from samsyn.core.models import Partnership

    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise CommandError(f"no partnership {slug!r}") from None


def _import_arguments(parser):
    parser.add_argument("file", help="CSV or XLSX with columns cost_line,date,category,amount[,initiative,text]")
    parser.add_argument("--partnership", required=True)


def _import_handle(command, *, file, partnership, **options):
    from django.core.exceptions import ValidationError

    from .services import outcome_import

    path = Path(file)
    if not path.is_file():
        raise CommandError(f"no file {file}")
    try:
        result = outcome_import(
            partnership=_partnership(partnership), user=None, filename=path.name, content=path.read_bytes()
        )
    except ValidationError as error:
        raise CommandError("\n".join(error.messages)) from None
    return f"{result.added} outcome rows added, {result.already_there} already imported"


def _report_arguments(parser):
    parser.add_argument("--partnership", required=True)
    parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--format", dest="format", choices=["html", "pdf", "xlsx", "json"], default="html")
    parser.add_argument("--output", "-o", default=None, help="file to write (default: standard output)")


def finance_render(partnership, as_of: date, fmt: str) -> bytes:
    from django.template.loader import render_to_string

    from . import reports_appendix as reports
    from .views import appendix_context

    report = reports.finance_appendix(partnership, as_of)
    if fmt == "json":
        return reports.appendix_json(report).encode()
    if fmt == "xlsx":
        buffer = BytesIO()
        reports.appendix_xlsx(report).save(buffer)
        return buffer.getvalue()
    context = appendix_context(partnership, report, can_history=False)
    if fmt == "pdf":
        return reports.appendix_pdf(context)
    return render_to_string("economy/appendix_document.html", {**context, "standalone": True}).encode()


def _report_handle(command, *, partnership, as_of, format, output, **options):
    from django.utils import timezone, translation

    try:
        when = date.fromisoformat(as_of) if as_of else timezone.localdate()
    except ValueError:
        raise CommandError(f"--as-of must be YYYY-MM-DD, not {as_of!r}") from None
    with translation.override("sv"):
        content = finance_render(_partnership(partnership), when, format)
    if output:
        Path(output).write_bytes(content)
        return f"wrote {output}"
    if format in ("html", "json"):
        command.stdout.write(content.decode())
    else:
        sys.stdout.buffer.write(content)
    return None


IMPORT = {"outcomes": Subcommand("Import outcome rows from a CSV or XLSX file", _import_arguments, _import_handle)}
REPORT = {"finance": Subcommand("The board's finance appendix as of a date", _report_arguments, _report_handle)}
