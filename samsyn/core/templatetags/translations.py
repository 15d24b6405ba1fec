"""Django's i18n template library, with `{% translate "text" %}` of a plain literal made cheap.

Samsyn's templates load it (`{% load translations %}`) where Django's load `i18n`: it holds every
tag and filter of Django's library. Why: the initiative page and the start page hold about a
hundred `{% translate %}` tags, and Django's node resolves each one through a Variable that builds a lazy
translation proxy, then renders that value in context, for every render. A literal with no filter,
no context and no `noop` always comes out as the catalogue's translation of the same message in the
current language, so its node looks it up directly. Every other form is Django's own node.
"""

from __future__ import annotations

from django.template import Library, Node
from django.templatetags import i18n as django_i18n
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


class LiteralTranslateNode(Node):
    """`{% translate "text" %}` or `{% translate "text" as name %}`: the same output as Django's
    TranslateNode for a literal. The literal is safe text (as in any template), so its translation
    is not escaped; percent signs are doubled for the catalogue and restored after, as there."""

    child_nodelists = ()

    def __init__(self, message: str, asvar: str | None):
        self.message_id = mark_safe(message.replace("%", "%%"))
        self.asvar = asvar

    def render(self, context):
        value = mark_safe(gettext(self.message_id).replace("%%", "%"))
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def literal_translation(node: django_i18n.TranslateNode) -> LiteralTranslateNode | None:
    """The cheap node for what Django parsed, or None when it is more than a plain literal."""
    expression = node.filter_expression
    var = expression.var
    if node.noop or node.message_context is not None or expression.filters:
        return None
    if getattr(var, "literal", None) is None or var.lookups is not None or not isinstance(var.literal, str):
        return None
    return LiteralTranslateNode(var.literal, node.asvar)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return literal_translation(node) or node
