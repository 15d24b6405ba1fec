from django import template

from samsyn.core.lib.urls import reverse

register = template.Library()


@register.simple_tag
def matrix_entry_url(entry, partnership_slug, portfolio_slug):
    """An item standing for an initiative opens the initiative; any other item its own page."""
    if entry.initiative_slug:
        return reverse("portfolio:initiative_detail", args=[partnership_slug, entry.initiative_slug])
    return reverse("matrix:item_detail", args=[partnership_slug, portfolio_slug, entry.pk])
