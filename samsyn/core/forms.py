"""The project's form renderer: every form field is drawn by one template (Django's field templates).

Pages write `{{ form }}` or `{{ field.as_field_group }}`; the markup (label tied to its field, a
required mark, help text and errors the field refers to with aria-describedby) lives in
core/templates/core/forms/ once, instead of a hand-made partial per app. Every input, select and
text area gets Designsystemet's input class here, so no form names it.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

from .lib.ordering import DOWN, UP

INPUT_CLASS = "ds-input"
OPTION_TEMPLATE = "core/forms/input_option.html"
DJANGO_EMPTY_LABEL = "---------"
DJANGO_OPTION_TEMPLATES = {f"django/forms/widgets/{name}_option.html" for name in ("input", "radio", "checkbox")}


def _with_input_class(attrs: dict) -> dict:
    classes = attrs.get("class", "").split()
    if INPUT_CLASS in classes:
        return attrs
    return {**attrs, "class": " ".join([INPUT_CLASS, *classes])}


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name.startswith("django/forms/widgets/") and isinstance(widget, dict):
            _style(widget)
        return super().render(template_name, context, request=request)


def _style(widget: dict) -> None:
    if widget.get("type") == "hidden":
        return
    options = [option for _group, group_options, _index in widget.get("optgroups") or () for option in group_options]
    if any(option.get("type") in ("radio", "checkbox") for option in options):
        # A group of radio buttons or checkboxes is a container: each option is drawn from its own
        # attributes, input first and label after, as Designsystemet has them.
        for option in options:
            option["attrs"] = _with_input_class(option.get("attrs") or {})
            if option.get("template_name") in DJANGO_OPTION_TEMPLATES:
                option["template_name"] = OPTION_TEMPLATE
        return
    widget["attrs"] = _with_input_class(widget.get("attrs") or {})
    for option in options:
        # Django's empty choice of a list is a row of dashes; people are asked in words.
        if option.get("value") in ("", None) and option.get("label") == DJANGO_EMPTY_LABEL:
            option["label"] = _("Choose …")
    for sub in widget.get("subwidgets") or ():
        _style(sub)


class MoveForm(forms.Form):
    """The "Move up" and "Move down" buttons of a list whose order people set (core/_move.html)."""

    direction = forms.ChoiceField(choices=[(UP, UP), (DOWN, DOWN)])
