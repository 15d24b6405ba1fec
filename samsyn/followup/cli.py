"""`samsyn import measurements FILE --partnership SLUG` and
`samsyn report annual --partnership SLUG --year YEAR --format docx|pdf|json --output FILE`."""

from __future__ import annotations

import dataclasses
import json
import sys
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
    parser.add_argument("file", help="CSV with the columns kpi;period;value[;note]")
    parser.add_argument("--partnership", required=True)


def _import_handle(command, *, file, partnership, **options):
    from django.core.exceptions import ValidationError

    from .services import measurement_import

    path = Path(file)
    if not path.is_file():
        raise CommandError(f"no file {file}")
    try:
        n = measurement_import(partnership=_partnership(partnership), user=None, data=path.read_bytes())
    except ValidationError as error:
        raise CommandError("\n".join(error.messages)) from None
    return f"{n} measurements imported"


def _report_arguments(parser):
    parser.add_argument("--partnership", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--format", dest="format", choices=["docx", "pdf", "json"], default="json")
    parser.add_argument("--output", "-o", default=None, help="file to write (default: standard output)")


def annual_render(partnership, year: int, fmt: str) -> bytes:
    from samsyn.core.exports import pdf_bytes

    from .models import Colour
    from .reports import annual_report_build, annual_report_docx

    report = annual_report_build(partnership, year)
    names = dict(Colour.choices)
    if fmt == "docx":
        return annual_report_docx(report, names)
    if fmt == "pdf":
        return pdf_bytes(
            "followup/annual_report.html",
            {"report": report, "year": year, "colour_names": names, "partnership": partnership},
        )
    return json.dumps(dataclasses.asdict(report), default=str, ensure_ascii=False, indent=2).encode()


def _report_handle(command, *, partnership, year, format, output=None, **options):
    data = annual_render(_partnership(partnership), year, format)
    if output:
        Path(output).write_bytes(data)
        return f"wrote {output}"
    if format != "json":
        raise CommandError("give --output for a binary format")
    sys.stdout.write(data.decode())
    return None


IMPORT = {
    "measurements": Subcommand("Import KPI measurements from CSV (all rows or none)", _import_arguments, _import_handle)
}
REPORT = {
    "annual": Subcommand("The annual report (verksamhetsberättelse) of a year", _report_arguments, _report_handle)
}
