"""Small helpers for the portfolio level pages (the status badge is core's)."""

from django import template
from django.utils.translation import gettext as _

from samsyn.core.lib import charts

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


@register.simple_tag
def over_time_chart(area, phases):
    """A focus area's initiatives per phase at each year's end: the figures of its table below."""
    return charts.column_chart(
        [str(y.year) for y in area.years],
        [charts.Series(label) for _key, label in phases],
        [y.counts for y in area.years],
        title=_("Initiatives per phase at the end of each year: %(area)s") % {"area": area.name},
        total_label=_("Total"),
        describedby=f"over-time-{area.key}-cap",
    )
