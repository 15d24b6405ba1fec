from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

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


# The stylesheets every page links, the design system's first, then ours and the apps'.
BASE_STYLESHEETS = (
    "vendor/designsystemet/theme-samsyn.css",
    "vendor/designsystemet/designsystemet.css",
    "samsyn/css/samsyn.css",
)


@lru_cache(maxsize=4)
def _head_assets(static_url: str) -> str:
    # htmx would add its indicator styles as a <style> element, which the Content-Security-Policy
    # refuses: its config turns them off.
    links = format_html_join(
        "\n  ",
        '<link rel="stylesheet" href="{}">',
        ((static(sheet),) for sheet in (*BASE_STYLESHEETS, *registry.stylesheets())),
    )
    return format_html(
        '{}\n  <meta name="htmx-config" content=\'{{"includeIndicatorStyles":false}}\'>\n  <script src="{}" defer></script>',
        links,
        static("samsyn/js/htmx.min.js"),
    )


@register.simple_tag
def head_assets():
    """The stylesheets and the script of every page: the same on every page, so their addresses
    (a lookup in the static files' manifest each, in production) are found once per process."""
    return mark_safe(_head_assets(settings.STATIC_URL))


# The menu is the same for every partnership but for the slug in its addresses: it is worked out
# once per process with this stand-in for the slug (a slug no partnership can have, being longer
# than the field allows), which is then replaced by the partnership's own. A slug holds only
# letters, digits, "-" and "_", so it goes into an address unchanged and into HTML unescaped.
SLUG_STAND_IN = "samsyn-menu-slug-" + "x" * 60


@lru_cache(maxsize=16)
def _menu_urls_template(script_prefix: str, urlconf: str | None) -> tuple[str, ...]:
    return tuple(
        reverse(name, args=[SLUG_STAND_IN], urlconf=urlconf) for __, entries in registry.menu() for name, __ in entries
    )


def _menu_urls(slug: str, prefix: str, urlconf: str | None) -> list[str]:
    return [url.replace(SLUG_STAND_IN, slug) for url in _menu_urls_template(prefix, urlconf)]


def menu_current(urls: list[str], path: str) -> tuple[int, str] | None:
    """(index of the entry marked current, "page" or "true") for a page at `path`: the entry whose
    address is the page's is the current page; on a page below an entry (an initiative under the
    list) the longest such entry is marked current as a section. The start page marks only itself."""
    home = urls[0]
    matching = [n for n, url in enumerate(urls) if path == url or (url != home and path.startswith(url))]
    if not matching:
        return None
    best = max(matching, key=lambda n: len(urls[n]))
    return best, "page" if urls[best] == path else "true"


@lru_cache(maxsize=256)
def _menu_html(language: str, current: tuple[int, str] | None, prefix: str, urlconf: str | None) -> str:
    """The menu as HTML with the stand-in slug: the same for every page in one language with the same
    entry marked current, so rendered once per process for each (bounded by the cache)."""
    urls = _menu_urls_template(prefix, urlconf)
    n = 0
    groups = []
    for g, (label, entries) in enumerate(registry.menu()):
        links = []
        for __, text in entries:
            link = {"url": urls[n], "label": text}
            if current is not None and current[0] == n:
                link["current"] = current[1]
            links.append(link)
            n += 1
        groups.append({"label": label, "links": links, "id": f"menu-group-{g}"})
    return render_to_string("core/main_menu.html", {"groups": groups})


@lru_cache(maxsize=16)
def _language_options(current: str) -> str:
    return format_html_join(
        "",
        '<option value="{}" lang="{}"{}>{}</option>',
        (
            (
                code,
                code,
                mark_safe(" selected") if code == current else "",
                capfirst(get_language_info(code)["name_local"]),
            )
            for code, __ in settings.LANGUAGES
        ),
    )


@register.simple_tag
def language_options():
    """The language switch's choices, each named in its own language, the current one selected:
    the same on every page in a language, so built once per process for each."""
    return _language_options(get_language())


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The grouped main menu, with the entry of the page (or the section it is below) marked current."""
    request = context.get("request")
    slug = context["partnership"].slug
    path = request.path if request is not None else ""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    current = menu_current(_menu_urls(slug, prefix, urlconf), path)
    return mark_safe(_menu_html(get_language(), current, prefix, urlconf).replace(SLUG_STAND_IN, slug))
