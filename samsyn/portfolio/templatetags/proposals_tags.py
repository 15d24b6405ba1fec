"""Money in Swedish format for the proposal pages, whatever the interface language."""

from django import template

from samsyn.portfolio.rules_proposals import format_kronor

register = template.Library()


@register.filter
def kronor(ore):
    """{{ 127200000|kronor }} -> "1 272 000"."""
    return "" if ore is None or ore == "" else format_kronor(int(ore))


@register.filter
def kr(ore):
    """{{ 28800000|kr }} -> "288 000 kr"."""
    return "" if ore is None or ore == "" else format_kronor(int(ore), unit=True)


@register.filter
def funding(totals, source):
    """{{ totals|funding:"pilot" }} -> that budget's öre, or None when the split has no such line."""
    return totals.funding_for(source)


@register.filter
def absolute(value):
    return abs(value)
