"""Reading outcome files (CSV or XLSX) into checked rows; nothing is written here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samsyn.core.lib.tabular import TableError, table_read

from .rules import imports as rules

MAX_BYTES = 5_000_000
MAX_ROWS = 50_000


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


def outcome_rows_parse(
    filename: str, content: bytes, lines_by_name: dict, initiatives_by_key: dict
) -> list[OutcomeRow]:
    """Check every row; raise one ValidationError listing each bad row and column. `lines_by_name`
    maps normalised cost line names and slugs to ids; `initiatives_by_key` maps slugs and names."""
    try:
        table = table_read(filename, content, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except TableError as error:
        raise ValidationError(str(error)) from None
    if not table.header:
        raise ValidationError(_("The file is empty."))
    index = table.index((*rules.REQUIRED_COLUMNS, *rules.OPTIONAL_COLUMNS), normalise=rules.normalise_name)
    missing = [c for c in rules.REQUIRED_COLUMNS if c not in index]
    if missing:
        raise ValidationError(_("Columns missing in the header: %(columns)s.") % {"columns": ", ".join(missing)})
    errors: list[TableError] = []
    rows: list[OutcomeRow] = []
    seen: dict[str, int] = {}
    for number, raw in table.rows:
        if not any(str(v).strip() for v in raw):
            continue

        def cell(column, raw=raw):
            i = index.get(column)
            return raw[i] if i is not None and i < len(raw) else ""

        row_errors = []
        line_id = lines_by_name.get(rules.normalise_name(cell("cost_line")))
        if line_id is None:
            row_errors.append(
                TableError(
                    _("unknown cost line “%(value)s”") % {"value": cell("cost_line")}, row=number, column="cost_line"
                )
            )
        try:
            when = rules.parse_date(cell("date"))
        except ValueError:
            when = None
            row_errors.append(
                TableError(
                    _("not a date (YYYY-MM-DD): “%(value)s”") % {"value": cell("date")}, row=number, column="date"
                )
            )
        try:
            category = rules.parse_category(cell("category"))
        except ValueError:
            category = None
            row_errors.append(
                TableError(
                    _("unknown category “%(value)s”") % {"value": cell("category")}, row=number, column="category"
                )
            )
        try:
            amount = rules.parse_amount(cell("amount"))
        except (ValueError, TypeError):
            amount = None
            row_errors.append(
                TableError(_("not an amount: “%(value)s”") % {"value": cell("amount")}, row=number, column="amount")
            )
        initiative_id = None
        if str(cell("initiative")).strip():
            initiative_id = initiatives_by_key.get(rules.normalise_name(cell("initiative")))
            if initiative_id is None:
                row_errors.append(
                    TableError(
                        _("unknown initiative “%(value)s”") % {"value": cell("initiative")},
                        row=number,
                        column="initiative",
                    )
                )
        text = str(cell("text")).strip()[:300]
        # A value is None only when its error is recorded; the test says so to the type checker too.
        if row_errors or line_id is None or when is None or category is None or amount is None:
            errors.extend(row_errors)
            continue
        # The same row twice in one file is two records; importing the file again adds nothing.
        identity = f"{line_id}|{when.isoformat()}|{category}|{amount}|{initiative_id}|{text}"
        seen[identity] = seen.get(identity, 0) + 1
        key = hashlib.sha256(f"{identity}|{seen[identity]}".encode()).hexdigest()
        rows.append(OutcomeRow(number, line_id, when, category, amount, initiative_id, text, key))
    if errors:
        messages = [str(error) for error in errors[:50]]
        raise ValidationError(
            messages + ([_("… and %(n)s more errors") % {"n": len(errors) - 50}] if len(errors) > 50 else [])
        )
    if not rows:
        raise ValidationError(_("The file has no rows."))
    return rows
