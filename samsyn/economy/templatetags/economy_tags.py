from django import template

from samsyn.core.lib.numbers import format_kronor, format_percent

register = template.Library()


@register.simple_tag
def cell(row, index, kinds):
    """The text of a report cell: kronor, a percentage, or "–" for no value."""
    value = row.values[index]
    if value is None:
        return "–"
    if kinds[index] == "percent":
        return format_percent(value, decimals=1)
    return format_kronor(value)


@register.filter
def pairs(row, kinds):
    return [(i, kinds[i]) for i in range(len(row.values))]


@register.filter
def item(mapping, key):
    """mapping[key], or None: the chart that stands by a table, if it has one."""
    return mapping.get(key) if mapping else None
