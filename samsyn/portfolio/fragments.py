"""The start page's tables of the portfolio in numbers, written as HTML in Python.

Why: the start page is every person's first page, and a table of focus areas by phase written by
template loops was a large part of its time. Every value goes through `html()`.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samsyn.core.fragments import html
from samsyn.core.lib.urls import reverse

# A slug no focus area has, put into the address once and replaced by each row's own.
SLUG_MARKER = "focus-area-slug-marker"


def _count(n: int) -> str:
    """A count as localize() writes it: below a thousand there is no group to separate, and
    localize() (the language's number format looked up on each call) was a tenth of the table."""
    return str(n) if 0 <= n < 1000 else localize(n)


def overview_table_html(
    overview: dict[str, Any], partnership_slug: str, *, caption: str, caption_id: str
) -> SafeString:
    """A table of initiatives per focus area (rows) and phase (columns), with totals."""
    pattern = reverse("portfolio:focus_area_detail", args=[partnership_slug, SLUG_MARKER])
    head = "".join(f'<th scope="col" class="num">{html(phase.label)}</th>' for phase in overview["phases"])
    rows = []
    for row in overview["rows"]:
        area = row["focus_area"]
        name = (
            f'<a href="{html(pattern.replace(SLUG_MARKER, area.slug))}">{html(area.name)}</a>'
            if area
            else html(_("No focus area"))
        )
        counts = "".join(f'<td class="num">{_count(n)}</td>' for n in row["counts"])
        rows.append(
            f'    <tr><th scope="row">{name}</th>{counts}<td class="num"><strong>{_count(row["total"])}</strong></td></tr>\n'
        )
    if not rows:
        rows.append(f'    <tr><td colspan="{len(overview["phases"]) + 2}">{html(_("No initiatives yet."))}</td></tr>\n')
    caption_id = html(caption_id)
    # Every value above went through html() or is a number.
    return mark_safe(
        f'<div class="table-wrap" role="region" aria-labelledby="{caption_id}" tabindex="0">\n'
        '<table class="ds-table numbers">\n'
        f'  <caption id="{caption_id}">{html(caption)}</caption>\n'
        f'  <thead>\n    <tr><th scope="col">{html(_("Focus area"))}</th>{head}'
        f'<th scope="col" class="num">{html(_("Total"))}</th></tr>\n  </thead>\n'
        f"  <tbody>\n{''.join(rows)}  </tbody>\n</table>\n</div>\n"
    )
