from decimal import Decimal
from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html

from samsyn.core import policy, registry
from samsyn.core.colours import CSS_VARS
from samsyn.core.lib.numbers import format_kronor, format_number, format_percent

register = template.Library()


def _decimal(value):
    # Text and floats from a template become exact through their written form.
    return value if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else Decimal(str(value))


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """{% can "initiative.change" initiative as may_change %}"""
    return policy.can(context.get("actor"), action, obj)


# The one set of number filters for every app's templates; the text comes from core.lib.numbers.
@register.simple_tag
def status_badge(colour, label):
    """{% status_badge row.status_colour row.status_label %}: a coloured dot and the colour's name.

    The name is always written out, so the colour is never the only signal (WCAG 1.4.1). Its look
    is samsyn.css's `.status` rules, which the PDFs also get."""
    return format_html(
        '<span class="status status-{}"><span aria-hidden="true">{}</span> {}</span>',
        colour if colour in CSS_VARS else "none",
        "●" if colour else "○",
        label,
    )


@register.filter
def kronor(ore):
    """{{ 127200000|kronor }} -> "1 272 000" (öre shown only when there are any)."""
    return "" if ore is None or ore == "" else format_kronor(int(ore))


@register.filter
def kr(ore):
    """{{ 28800000|kr }} -> "288 000 kr"."""
    return "" if ore is None or ore == "" else format_kronor(int(ore), unit=True)


@register.filter
def number(value, decimals=None):
    """{{ 11129000|number }} -> "11 129 000"; {{ share|number:1 }} -> "12,0". Not for years."""
    if value is None or value == "":
        return ""
    return format_number(_decimal(value), decimals=None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=None):
    """{{ figure.percent|percent }} -> "62,5 %" (the value is already in per cent)."""
    if value is None or value == "":
        return ""
    return format_percent(_decimal(value), decimals=None if decimals in (None, "") else int(decimals))


@register.simple_tag
def app_stylesheets():
    """The apps' own stylesheets (registered in their AppConfig.ready), in order."""
    return registry.stylesheets()


@lru_cache(maxsize=8192)
def _menu_url(name: str, slug: str, script_prefix: str, urlconf: str | None) -> str:
    """A menu entry's address: the same on every page of a partnership, so reversed once per process
    (the script prefix and URLconf are part of the key because reverse() depends on them)."""
    return reverse(name, args=[slug], urlconf=urlconf)


@register.inclusion_tag("core/main_menu.html", takes_context=True)
def main_menu(context):
    """The grouped main menu. The entry whose address is the page's is the current page; on a page
    below an entry (an initiative under the list) that entry is marked current as a section."""
    request = context.get("request")
    slug = context["partnership"].slug
    path = request.path if request is not None else ""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    groups: list[tuple[Any, list[dict[str, Any]]]] = [
        (label, [{"url": _menu_url(name, slug, prefix, urlconf), "label": text} for name, text in entries])
        for label, entries in registry.menu()
    ]
    links = [link for __, entries in groups for link in entries]
    home = links[0]["url"]
    matching = [link for link in links if path == link["url"] or (link["url"] != home and path.startswith(link["url"]))]
    if matching:
        best = max(matching, key=lambda link: len(link["url"]))
        best["current"] = "page" if best["url"] == path else "true"
    return {
        "groups": [
            {"label": label, "links": entries, "id": f"menu-group-{n}"} for n, (label, entries) in enumerate(groups)
        ]
    }
