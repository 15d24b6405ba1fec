"""Parts of the start page written as HTML in Python rather than by template loops.

Why: the start page is every person's first page, and its loops over panels, items and audit
lines (a dozen template variables, filters and tags per item) were most of its time. Every value
goes through `html()`, which escapes it unless it is already safe HTML, as the template would.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from html import escape
from typing import Any

from django.utils.formats import date_format, localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .registry import TodoPanel


def html(value: Any) -> str:
    """`value` as HTML text: escaped, unless it is safe HTML already (as `{{ value }}` does)."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(str(value))


def todo_panels_html(panels: Iterable[TodoPanel]) -> SafeString:
    """The "what to do now" panels: each with its items, or in words that nothing waits."""
    out = []
    for panel in panels:
        key = html(panel.key)
        out.append(
            f'<section class="panel" aria-labelledby="todo-{key}">\n  <h3 id="todo-{key}">{html(panel.title)}</h3>\n'
        )
        if panel.items:
            out.append('  <ul class="todo-list">\n')
            for item in panel.items:
                text = f'<a href="{html(item.url)}">{html(item.text)}</a>' if item.url else html(item.text)
                note = ""
                if item.note:
                    note = f'<br><span class="{"todo-late" if item.urgent else "muted"}">{html(item.note)}</span>'
                links = "".join(f'<br><a href="{html(url)}">{html(label)}</a>' for label, url in item.links)
                urgent = ' class="todo-urgent"' if item.urgent else ""
                out.append(f"    <li{urgent}>{text}{note}{links}</li>\n")
            out.append("  </ul>\n")
            if panel.total > len(panel.items):
                shown = _("Showing %(shown)s of %(total)s.") % {
                    "shown": localize(len(panel.items)),
                    "total": localize(panel.total),
                }
                out.append(f"  <p>{html(shown)}</p>\n")
        else:
            out.append(f"  <p>{html(panel.empty)}</p>\n")
        if panel.action_url:
            out.append(f'  <p><a href="{html(panel.action_url)}">{html(panel.action_label)}</a></p>\n')
        out.append("</section>\n")
    # Every value above went through html().
    return mark_safe("".join(out))


@lru_cache(maxsize=20_000)
def _time_html(at: datetime, language: str | None, zone: str) -> str:
    """A moment as a <time> element in the local time: the same for every page that shows the entry
    in one language and time zone, so formatted once per process (Django's date_format walks its
    format character by character, a tenth of the start page's list of changes)."""
    local = localtime(at)
    return f'<time datetime="{html(local.isoformat())}">{html(date_format(local, "SHORT_DATETIME_FORMAT"))}</time>'


def audit_lines_html(lines: Iterable[Any]) -> SafeString:
    """The latest changes as list items: when (in the local time) and what, in words."""
    out = []
    language, zone = get_language(), get_current_timezone_name()
    for line in lines:
        out.append(f"<li>{_time_html(line.at, language, zone)} {html(line.description)}</li>")
    # Every value above went through html().
    return mark_safe("".join(out))


def agreement_summary_html(summary: Any) -> SafeString:
    """The agreement in force with its period, and the parties with their organisation numbers
    (a selectors.AgreementSummary); an open end of the period reads "…"."""
    out = []
    if summary.agreement is not None:
        title, start, end = summary.agreement
        period = f"{html(localize(start) if start else '…')} – {html(localize(end) if end else '…')}"
        out.append(f"<p>{html(title)}: {period}</p>\n")
    label = html(_("org. no."))
    items = "".join(
        f"<li>{html(name)}" + (f' <span class="muted">({label} {html(number)})</span>' if number else "") + "</li>"
        for name, number in summary.parties
    )
    out.append(f'<ul class="plain">{items}</ul>')
    # Every value above went through html().
    return mark_safe("".join(out))
