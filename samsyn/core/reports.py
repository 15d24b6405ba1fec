"""One registry of reports: a kind builds its data once, shared renderers turn it into every format.

A report kind registers a `build(partnership, **params)` that reads the database (through its app's
selectors and rules) and returns a frozen dataclass; everything after that is rendering and never
queries: HTML and PDF through the kind's template (the same template, so the same content), XLSX
through one writer that takes sheets of rows, JSON through one encoder, DOCX where the kind has one.
Views (`?format=`), the `samsyn report KIND` command and the meeting agenda all ask this registry.
Apps register their kinds in their own `reports` module (found the way the admin finds
`admin` modules), so core names no app.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .exports import INTEGER_FORMAT, SEK_FORMAT, SEK_ORE_FORMAT, XLSX_TYPE, pdf_bytes
from .models import Partnership
from .subcommands import Subcommand

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": XLSX_TYPE,
    "json": "application/json; charset=utf-8",
    "docx": DOCX_TYPE,
}
TEXT_FORMATS = ("html", "json")
PERCENT_FORMAT = '0.0" %"'


@dataclass(frozen=True)
class Param:
    """A parameter of a kind's build: its command-line option and how text becomes its value."""

    name: str
    parse: Callable[[str], Any] = str
    help: str = ""
    required: bool = False


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # "text", "money" (integer öre, written as kronor), "percent" or "integer"


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: a title line, a header of columns, rows of values, an optional note.
    Tables with the same `name` follow each other on one worksheet, an empty row apart."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    bold_rows: frozenset[int] = frozenset()  # indexes into rows
    note: str = ""
    widths: tuple[int, ...] = ()  # per column; empty: from the content
    header: bool = True  # False for label/value lines above a table
    wrap: bool = False  # cells of several lines wrap, top-aligned
    freeze: str = ""  # the first scrolling cell, "B5": the rows above and columns left stay


@dataclass(frozen=True)
class ReportKind:
    name: str  # the registry key and the command-line name: "finance", "annual"
    title: str  # the command's help text
    build: Callable[..., Any]  # (partnership, **params) -> frozen dataclass
    params: tuple[Param, ...] = ()
    template: str = ""  # HTML and PDF
    context: Callable[[Any], dict] | None = None  # template context computed from the data only
    stylesheets: tuple[str, ...] | None = None  # for the PDF; None: the pages' own
    sheets: Callable[[Any], tuple[Sheet, ...]] | None = None  # XLSX
    docx: Callable[[Any], bytes] | None = None
    filename: Callable[[Any], str] | None = None  # without the extension
    attachment: str = ""  # the key a meeting attachment names this report by
    attachment_label: str | Promise = ""  # what the attachment form calls it (a lazy translation)
    # The address of the report's own page: (partnership slug, **the params) -> URL.
    link: Callable[..., str] | None = None
    action: str = ""  # the policy action that lets one read it

    @property
    def formats(self) -> tuple[str, ...]:
        found = ["html", "pdf"] if self.template else []
        if self.sheets:
            found.append("xlsx")
        found.append("json")
        if self.docx:
            found.append("docx")
        return tuple(found)


_REGISTRY: dict[str, ReportKind] = {}
_discovered = False


def _discover():
    """Import every app's `reports` module once: registering happens there."""
    global _discovered
    if not _discovered:
        autodiscover_modules("reports")
        _discovered = True


def report_register(kind: ReportKind) -> ReportKind:
    existing = _REGISTRY.get(kind.name)
    # ready() can run twice in a process (tests): registering the same kind again is harmless.
    if existing is not None and existing != kind:
        raise ValueError(f"report kind {kind.name!r} is registered twice")
    _REGISTRY[kind.name] = kind
    return kind


def report_kind(name: str) -> ReportKind:
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"no report kind {name!r}") from None


def report_kinds() -> list[ReportKind]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda k: k.name)


def report_for_attachment(key: str) -> ReportKind | None:
    """The kind a meeting attachment names (its `attachment` key), or None."""
    _discover()
    return next((k for k in _REGISTRY.values() if key and k.attachment == key), None)


def report_attachment_choices() -> list[tuple[str, str | Promise]]:
    """The kinds a meeting attachment may name, as (key, label) choices."""
    return [(k.attachment, k.attachment_label or k.title) for k in report_kinds() if k.attachment]


def report_params_offered(kind: ReportKind, offered: dict[str, Any]) -> dict[str, Any]:
    """Of what a caller knows (a meeting, a date as `as_of`), the parameters `kind` declares."""
    return {p.name: offered[p.name] for p in kind.params if offered.get(p.name) is not None}


def report_build(name: str, partnership, **params):
    return report_kind(name).build(partnership, **params)


# ------------------------------------------------------------------ renderers: data in, bytes out


def json_value(value):
    """Plain JSON values: dataclasses as objects, Decimal as an exact string, dates and times in ISO format.
    Money stays integer öre as the data holds it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(json_value(k)): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return json_value(value.value)
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no JSON form")


def json_bytes(data) -> bytes:
    return json.dumps(json_value(data), ensure_ascii=False, indent=1).encode()


def _cell(value, kind):
    if value is None:
        return None
    if kind == "money":
        return Decimal(value) / 100
    if kind == "percent":
        return float(value)
    return value


_NUMBER_FORMATS = {"percent": PERCENT_FORMAT, "integer": INTEGER_FORMAT}
DATE_FORMAT = "yyyy-mm-dd"
WRAP = Alignment(wrap_text=True, vertical="top")


def _money_format(spec: Sheet, col: int) -> str:
    """Whole kronor without decimals, unless some amount in the column has öre."""
    amounts = [r[col] for r in spec.rows if col < len(r) and isinstance(r[col], int)]
    return SEK_ORE_FORMAT if any(a % 100 for a in amounts) else SEK_FORMAT


def _write(sheet, spec: Sheet, *, first: bool) -> None:
    if not first:
        sheet.append([])
    if spec.title:
        sheet.append([spec.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
    if spec.header:
        sheet.append([c.header for c in spec.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    formats = {
        col: _money_format(spec, col) if column.kind == "money" else _NUMBER_FORMATS.get(column.kind)
        for col, column in enumerate(spec.columns)
    }
    for index, row in enumerate(spec.rows):
        sheet.append([_cell(v, c.kind) for v, c in zip(row, spec.columns, strict=False)])
        for col, value in enumerate(row[: len(spec.columns)]):
            cell = sheet.cell(row=sheet.max_row, column=col + 1)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif formats[col] and value is not None:
                cell.number_format = formats[col]
            if index in spec.bold_rows:
                cell.font = Font(bold=True)
            if spec.wrap:
                cell.alignment = WRAP
        if index in spec.bold_rows:
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    if spec.note:
        sheet.append([spec.note])
    if spec.freeze:
        sheet.freeze_panes = spec.freeze


def _widths(spec: Sheet) -> list[int]:
    widths = []
    for col in range(len(spec.columns)):
        if col < len(spec.widths):
            widths.append(spec.widths[col])
            continue
        texts = [str(r[col]) for r in spec.rows if col < len(r) and r[col] is not None]
        headers = [spec.columns[col].header] if spec.header else []
        widths.append(max(min(max([*map(len, headers), *map(len, texts)], default=8) + 2, 60), 10))
    return widths


# What a spreadsheet program may take for the start of a formula when a cell is typed or pasted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_only(sheet) -> None:
    """Every text cell stays text: openpyxl writes a string beginning with "=" as a formula, so a
    name such as =HYPERLINK(…) would run in the reader's Excel. Such cells are written as strings,
    and marked as typed with a leading apostrophe so that editing them does not make them live."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_NAME_LENGTH = 31


def sheet_name(title: str, taken: Iterable[str] = ()) -> str:
    """A worksheet's name people read on its tab: the title, without the characters Excel refuses
    in a name, cut to Excel's 31 characters, and numbered when another sheet has it already."""
    base = " ".join(title.translate(SHEET_NAME_FORBIDDEN).split())
    if len(base) > SHEET_NAME_LENGTH:
        # Cut at a word's end, so that a tab never ends in half a word or year.
        cut = base[: SHEET_NAME_LENGTH + 1].rsplit(" ", 1)[0]
        base = cut if cut and len(cut) <= SHEET_NAME_LENGTH else base[:SHEET_NAME_LENGTH]
    base = base.strip() or "Blad"
    taken_lower = {t.lower() for t in taken}
    name, number = base, 2
    while name.lower() in taken_lower:
        suffix = f" {number}"
        name = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
        number += 1
    return name


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Real numbers with Swedish formats (money as kronor, öre as decimals), dates as dates; one
    worksheet per sheet name."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    worksheets: dict[str, Any] = {}
    widths: dict[str, list[int]] = {}
    for spec in sheets:
        name = spec.name[:31]
        first = name not in worksheets
        if first:
            worksheets[name], widths[name] = workbook.create_sheet(name), []
        _write(worksheets[name], spec, first=first)
        new = _widths(spec)
        old = widths[name]
        widths[name] = [max(a, b) for a, b in zip(old, new, strict=False)] + old[len(new) :] + new[len(old) :]
    for name, sheet in worksheets.items():
        _text_only(sheet)
        for col, width in enumerate(widths[name], start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _context(kind: ReportKind, data, extra) -> dict:
    return {"report": data, **(kind.context(data) if kind.context else {}), **(extra or {})}


def report_render(kind: ReportKind | str, data, fmt: str, *, request=None, extra: dict | None = None) -> bytes:
    """The report in one format. `extra` adds template context the data cannot carry (the
    partnership for the page's links, whether the reader may edit)."""
    if isinstance(kind, str):
        kind = report_kind(kind)
    if fmt not in kind.formats:
        raise ValueError(f"report {kind.name!r} has no {fmt} format")
    if fmt == "json":
        return json_bytes(data)
    if fmt == "xlsx" and kind.sheets:
        return xlsx_bytes(kind.sheets(data))
    if fmt == "docx" and kind.docx:
        return kind.docx(data)
    context = _context(kind, data, extra)
    if fmt == "pdf":
        return pdf_bytes(kind.template, context, request=request, stylesheets=kind.stylesheets)
    return render_to_string(kind.template, {**context, "standalone": True}, request=request).encode()


def report_response(
    kind: ReportKind | str, data, fmt: str, *, request=None, extra: dict | None = None, filename: str = ""
) -> HttpResponse:
    """A download of the report (HTML is shown, not downloaded); `filename` without the extension."""
    if isinstance(kind, str):
        kind = report_kind(kind)
    response = HttpResponse(
        report_render(kind, data, fmt, request=request, extra=extra), content_type=CONTENT_TYPES[fmt]
    )
    if fmt != "html":
        name = filename or (kind.filename(data) if kind.filename else kind.name)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# ------------------------------------------------------------------ `samsyn report KIND`


def _cli_arguments(kind: ReportKind):
    def add(parser):
        parser.add_argument("--partnership", required=True)
        for param in kind.params:
            parser.add_argument(
                "--" + param.name.replace("_", "-"),
                dest=param.name,
                type=param.parse,
                required=param.required,
                help=param.help,
            )
        parser.add_argument("--format", dest="format", choices=kind.formats, default="json")
        parser.add_argument("--output", "-o", default=None, help="file to write (default: standard output)")

    return add


def _cli_handle(kind: ReportKind):
    def handle(command, *, partnership, format, output=None, **options):
        try:
            found = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist:
            raise CommandError(f"no partnership {partnership!r}") from None
        params = {p.name: options[p.name] for p in kind.params if options.get(p.name) is not None}
        # The interface is Swedish first; a report from the command line reads like the page.
        with translation.override("sv"):
            try:
                data = kind.build(found, **params)
            except LookupError as error:  # a meeting without a report, say
                raise CommandError(str(error)) from None
            content = report_render(kind, data, format, extra={"partnership": found})
        if output:
            Path(output).write_bytes(content)
            return f"wrote {output}"
        if format in TEXT_FORMATS:
            command.stdout.write(content.decode())
        else:
            sys.stdout.buffer.write(content)
        return None

    return handle


def report_subcommands() -> dict[str, Subcommand]:
    """Every registered kind as `samsyn report KIND --partnership SLUG [params] --format F [-o FILE]`."""
    return {kind.name: Subcommand(kind.title, _cli_arguments(kind), _cli_handle(kind)) for kind in report_kinds()}
