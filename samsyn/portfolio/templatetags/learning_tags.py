from django import template

register = template.Library()

# The stylesheet's status colours (samsyn.css :root), each with AA contrast as text on white.
COLOUR_VARS = {"green": "var(--green)", "yellow": "var(--yellow)", "orange": "var(--orange)", "red": "var(--red)"}


@register.filter
def colour_css(colour):
    """{{ status.colour|colour_css }} -> a CSS colour for the badge; the name is always shown beside it."""
    return COLOUR_VARS.get(colour, "var(--muted)")


@register.inclusion_tag("portfolio/learning/_colour.html")
def status_badge(colour, label):
    return {"colour": colour, "label": label}
