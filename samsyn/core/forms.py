"""The project's form renderer: every form field is drawn by one template (Django's field templates).

Pages write `{{ form }}` or `{{ field.as_field_group }}`; the markup (label tied to its field, a
required mark, help text and errors the field refers to with aria-describedby) lives in
core/templates/core/forms/ once, instead of a hand-made partial per app.
"""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
