from decimal import Decimal

from django import template

from samsyn.core.lib.numbers import NBSP, format_number, format_percent

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def kpi_value(value, unit=""):
    """Swedish notation: 11 129 000, 62,5; percent with a sign, kronor (not öre) with kr; "–" for none."""
    if value is None or value == "":
        return "–"
    value = Decimal(str(value))
    if unit == "percent":
        return format_percent(value)
    if unit == "sek":
        return f"{format_number(value)}{NBSP}kr"
    return format_number(value)
