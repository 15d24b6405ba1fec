from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def kpi_value(value, unit=""):
    """Swedish notation: 11 129 000, 62,5; percent with a sign, kronor with kr."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if value == value.to_integral():
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        text = f"{value.normalize():f}".replace(".", ",")
    if unit == "percent":
        return f"{text}\u00a0%"
    if unit == "sek":
        return f"{text}\u00a0kr"
    return text


@register.filter
def percent(value):
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",") + "\u00a0%"


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
