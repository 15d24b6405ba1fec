"""Filters of the proposal pages; amounts are written by core's `kronor` and `kr` filters."""

from django import template

register = template.Library()


@register.filter
def funding(totals, source):
    """{{ totals|funding:"pilot" }} -> that budget's öre, or None when the split has no such line."""
    return totals.funding_for(source)


@register.filter
def absolute(value):
    return abs(value)
