"""Reading outcome files (CSV or XLSX) into checked rows; nothing is written here."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import rules_import as rules

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 200_000


@dataclass(frozen=True)
class OutcomeRow:
    number: int  # the row's line in the file, the header being line 1
    cost_line_id: int
    date: date
    category: str
    amount_ore: int
    initiative_id: int | None
    text: str
    import_key: str


def _rows_csv(content: bytes):
    text = content.decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _rows_xlsx(content: bytes):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def read_table(filename: str, content: bytes):
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            return _rows_xlsx(content)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise ValidationError(
                _("The file could not be read as an Excel workbook (%(error)s).") % {"error": error.__class__.__name__}
            ) from None
    if name.endswith((".csv", ".txt")):
        try:
            return _rows_csv(content)
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None
    raise ValidationError(_("Upload a CSV or XLSX file."))


def outcome_rows_parse(
    filename: str, content: bytes, lines_by_name: dict, initiatives_by_key: dict
) -> list[OutcomeRow]:
    """Check every row; raise one ValidationError listing each bad row and column. `lines_by_name`
    maps normalised cost line names and slugs to ids; `initiatives_by_key` maps slugs and names."""
    table = list(read_table(filename, content))
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [rules.normalise_name(h) for h in table[0]]
    missing = [c for c in rules.REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(_("Columns missing in the header: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    index = {name: header.index(name) for name in (*rules.REQUIRED_COLUMNS, *rules.OPTIONAL_COLUMNS) if name in header}
    errors, rows, seen = [], [], {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(str(v).strip() for v in raw):
            continue

        def cell(column, raw=raw):
            i = index.get(column)
            return raw[i] if i is not None and i < len(raw) else ""

        row_errors = []
        line_id = lines_by_name.get(rules.normalise_name(cell("cost_line")))
        if line_id is None:
            row_errors.append(
                _("row %(row)s, column %(column)s: unknown cost line “%(value)s”")
                % {"row": number, "column": "cost_line", "value": cell("cost_line")}
            )
        try:
            when = rules.parse_date(cell("date"))
        except ValueError:
            when = None
            row_errors.append(
                _("row %(row)s, column %(column)s: not a date (YYYY-MM-DD): “%(value)s”")
                % {"row": number, "column": "date", "value": cell("date")}
            )
        try:
            category = rules.parse_category(cell("category"))
        except ValueError:
            category = None
            row_errors.append(
                _("row %(row)s, column %(column)s: unknown category “%(value)s”")
                % {"row": number, "column": "category", "value": cell("category")}
            )
        try:
            amount = rules.parse_amount(cell("amount"))
        except (ValueError, TypeError):
            amount = None
            row_errors.append(
                _("row %(row)s, column %(column)s: not an amount: “%(value)s”")
                % {"row": number, "column": "amount", "value": cell("amount")}
            )
        initiative_id = None
        if str(cell("initiative")).strip():
            initiative_id = initiatives_by_key.get(rules.normalise_name(cell("initiative")))
            if initiative_id is None:
                row_errors.append(
                    _("row %(row)s, column %(column)s: unknown initiative “%(value)s”")
                    % {"row": number, "column": "initiative", "value": cell("initiative")}
                )
        text = str(cell("text")).strip()[:300]
        if row_errors:
            errors.extend(row_errors)
            continue
        # The same row twice in one file is two records; importing the file again adds nothing.
        identity = f"{line_id}|{when.isoformat()}|{category}|{amount}|{initiative_id}|{text}"
        seen[identity] = seen.get(identity, 0) + 1
        key = hashlib.sha256(f"{identity}|{seen[identity]}".encode()).hexdigest()
        rows.append(OutcomeRow(number, line_id, when, category, amount, initiative_id, text, key))
    if errors:
        raise ValidationError(
            errors[:50] + ([_("… and %(n)s more errors") % {"n": len(errors) - 50}] if len(errors) > 50 else [])
        )
    if not rows:
        raise ValidationError(_("The file has no rows."))
    return rows
