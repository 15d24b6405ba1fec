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


@register.inclusion_tag("followup/_stories_for_initiative.html", takes_context=True)
def stories_for_initiative(context, initiative):
    """The impact stories of an initiative, for its page: {% load followup %}{% stories_for_initiative initiative %}.

    Published stories for everyone; unpublished ones too for those who may see them. One query."""
    from ..selectors import stories_for_initiative as select

    request = context.get("request")
    return {
        "stories": select(initiative, request=request),
        "initiative": initiative,
        "request": request,
        "partnership": context.get("partnership"),
    }
