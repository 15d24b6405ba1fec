"""One reader for imported tables, CSV or XLSX, with one kind of error.

`table_read(filename, content, max_bytes=..., max_rows=...)` gives a Table of the first sheet (or the
CSV text): the header and the rows, each with its number in the file (the header is row 1). It checks
the size before reading and the number of rows while reading, so a huge file is refused without being
loaded whole. What the columns mean is each import's own rule (economy.imports, followup.rules).

The standard library's csv and openpyxl (read-only) do the reading; tablib would load the whole
sheet before a limit could be checked and knows neither row numbers nor Swedish messages.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from samsyn.core.lib.numbers import format_number
from samsyn.core.lib.packages import MB, PackageLimits, PackageRejected, package_check

CSV_DELIMITERS = (",", ";", "\t")
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_ROWS = 50_000
# A sheet's XML is read as it is iterated, never whole, at about 60 µs a row: its unpacked size and the
# number of rows bound the reading time to a few seconds.
XLSX_LIMITS = PackageLimits(max_xml_bytes=10 * MB, max_part_bytes=20 * MB, max_total_bytes=30 * MB)

# What openpyxl raises for a file that is not a workbook or is a damaged one: a zip that is not
# one, a missing part (KeyError), a bad value or XML inside (ValueError, ParseError), a bad stream
# (OSError, EOFError, or zlib.error from a damaged compressed part), or a damaged header that
# claims a zip version or compression Python does not read (NotImplementedError).
XLSX_ERRORS = (
    zipfile.BadZipFile,
    NotImplementedError,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    ParseError,
    OSError,
    EOFError,
)


class TableError(ValueError):
    """A problem in an imported table: the message, and the row (1 = the header) and column when one is to blame."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        self.message, self.row, self.column = message, row, column
        if row is not None and column is not None:
            text = _("Row %(row)s, column %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
        elif row is not None:
            text = _("Row %(row)s: %(message)s") % {"row": row, "message": message}
        else:
            text = message
        super().__init__(text)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # as written, without surrounding spaces
    rows: tuple[tuple[int, tuple], ...]  # (row number in the file, the cells); XLSX cells keep their type

    def index(self, names, normalise=str) -> dict[str, int]:
        """{name: position} of the wanted columns the header has, comparing normalised names."""
        header = [normalise(h) for h in self.header]
        return {name: header.index(name) for name in names if name in header}


def csv_delimiter(first_line: str) -> str:
    """The delimiter of a CSV file from its header line: the most frequent of comma, semicolon and tab
    (a comma when there is none, as in a header of one column)."""
    counts = {d: first_line.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(_("The file has more than %(rows)s rows.") % {"rows": format_number(max_rows)})


def _table(lines, max_rows: int) -> Table:
    header: tuple[str, ...] = ()
    rows = []
    for number, cells in enumerate(lines, start=1):
        if number == 1:
            header = tuple(str(c).strip() for c in cells)
            continue
        if number - 1 > max_rows:
            raise _too_many_rows(max_rows)
        rows.append((number, tuple(cells)))
    return Table(header, tuple(rows))


def csv_table(text: str, *, max_rows: int = DEFAULT_MAX_ROWS) -> Table:
    """A Table from CSV text (comma, semicolon or tab separated, see csv_delimiter)."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=csv_delimiter(first_line))
    try:
        return _table(reader, max_rows)
    except csv.Error as error:
        raise TableError(_("the CSV text cannot be read (%(error)s)") % {"error": error}, row=reader.line_num) from None


def _not_a_workbook() -> TableError:
    return TableError(
        _("The file could not be read as an Excel workbook. Open it in Excel, save it as .xlsx and try again.")
    )


def xlsx_table(content: bytes, *, max_rows: int = DEFAULT_MAX_ROWS) -> Table:
    """A Table from the first sheet of an Excel workbook; empty cells are ""."""
    try:
        package_check(content, XLSX_LIMITS)
    except PackageRejected as exc:
        if exc.damaged:
            raise _not_a_workbook() from None
        raise TableError(exc.message) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # A read-only sheet is parsed while it is iterated, so errors can come from here too.
            return _table(
                (["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)), max_rows
            )
        finally:
            workbook.close()
    except TableError:  # a limit, not a damaged file (TableError is a ValueError too)
        raise
    except XLSX_ERRORS:
        raise _not_a_workbook() from None


def table_read(
    filename: str, content: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> Table:
    """Read an uploaded CSV (UTF-8) or XLSX file by its name's extension. Raises TableError."""
    if len(content) > max_bytes:
        raise TableError(
            _("The file is larger than %(mb)s MB.") % {"mb": format_number(Decimal(max_bytes) / 1_000_000)}
        )
    name = filename.lower()
    if name.endswith(XLSX_EXTENSIONS):
        return xlsx_table(content, max_rows=max_rows)
    if name.endswith(CSV_EXTENSIONS):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from None
        return csv_table(text, max_rows=max_rows)
    raise TableError(_("Upload a CSV or XLSX file."))
