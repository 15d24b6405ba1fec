"""Small helpers for the portfolio level pages."""

from django import template
from django.utils.html import format_html

register = template.Library()

# The stylesheet's colours, all 4.5:1 or better against white; "no status" is grey.
STATUS_COLOURS = {"green": "var(--green)", "yellow": "var(--yellow)", "orange": "var(--orange)", "red": "var(--red)"}


@register.simple_tag
def status_badge(colour, label):
    """{% status_badge row.status_colour row.status_label %}: a coloured dot and the colour's name.

    The name is always written out, so the colour is never the only signal (WCAG 1.4.1).
    The style is inline so that the badge looks the same in the PDF.
    """
    css = STATUS_COLOURS.get(colour, "var(--muted)")
    return format_html(
        '<span class="status status-{}" style="display:inline-block;white-space:nowrap;color:{};'
        'border:1px solid {};border-radius:1rem;padding:0 .5rem;font-size:.85rem">'
        '<span aria-hidden="true">{}</span> {}</span>',
        colour or "none",
        css,
        css,
        "●" if colour else "○",
        label,
    )


@register.simple_tag(takes_context=True)
def export_url(context, fmt):
    """The current page with its date and filters, asking for another format."""
    request = context["request"]
    query = request.GET.copy()
    query["format"] = fmt
    return f"{request.path}?{query.urlencode()}"


@register.filter
def joined(values, empty="–"):
    return ", ".join(values) if values else empty
