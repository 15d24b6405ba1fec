"""Small helpers for the portfolio level pages (the status badge is core's)."""

from django import template

register = template.Library()


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
