from django import template

from samsyn.core import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """{% can "initiative.change" initiative as may_change %}"""
    return policy.can(context.get("actor"), action, obj)
