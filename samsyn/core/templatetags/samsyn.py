from django import template

from samsyn.core import policy
from samsyn.core.money import format_kronor

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """{% can "initiative.change" initiative as may_change %}"""
    return policy.can(context.get("actor"), action, obj)


@register.filter
def kronor(ore):
    """{{ 127200000|kronor }} -> "1 272 000" (öre shown only when there are any)."""
    return "" if ore is None or ore == "" else format_kronor(int(ore))


@register.filter
def kr(ore):
    """{{ 28800000|kr }} -> "288 000 kr"."""
    return "" if ore is None or ore == "" else format_kronor(int(ore), unit=True)
