"""Every form field is drawn by the project's field template in Designsystemet's markup: label,
required mark, help and errors tied to the field, a fieldset for a group of choices, the system's
input class on every input."""

import re

import pytest
from django import forms
from django.utils import translation

from samsyn.core import forms as core_forms
from samsyn.core.forms import widget_html


class ExampleForm(forms.Form):
    name = forms.CharField(label="namn", help_text="Som i avtalet.")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Välj en.")
    agreed = forms.BooleanField(label="Godkänd", required=False)
    note = forms.CharField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def rendered(data=None):
    form = ExampleForm(data)
    if data is not None:
        form.is_valid()
    with translation.override("sv"):
        return str(form)


def test_label_points_at_its_field_and_marks_required():
    html = rendered()
    assert '<label class="ds-label" for="id_name">Namn <span aria-hidden="true">*</span></label>' in html
    assert re.search(r'<input type="text" name="name"[^>]* required[^>]* id="id_name" class="ds-input"', html)
    assert '<label class="ds-label" for="id_note">Note</label>' in html
    assert '<div class="ds-field field">' in html


def test_help_and_errors_are_named_by_the_field():
    html = rendered({"note": "x"})
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<p class="help" data-field="description" id="id_name_helptext">Som i avtalet.</p>' in html
    assert (
        '<div id="id_name_error"><p class="ds-validation-message error" data-field="validation">'
        "Detta fält måste fyllas i.</p></div>"
    ) in html
    assert 'aria-invalid="true"' in html
    assert '<div class="ds-field field has-error">' in html


def test_choices_are_a_fieldset_with_a_legend_that_carries_help_and_errors():
    html = rendered({"name": "x"})
    assert (
        '<fieldset class="ds-fieldset" aria-describedby="id_kind_helptext id_kind_error">'
        '<legend class="ds-label">Kind <span aria-hidden="true">*</span>'
    ) in html
    # Each choice is a field of its own: the input with the system's class, then its label.
    assert re.search(
        r'<div class="ds-field"><input type="radio" name="kind" value="a"[^>]* id="id_kind_0" class="ds-input">\s*'
        r'<label class="ds-label" data-weight="regular" for="id_kind_0">A</label></div>',
        html,
    )
    # The group itself is no input.
    assert '<div id="id_kind">' in html


def test_a_checkbox_stands_before_its_label_and_a_hidden_field_has_no_label():
    html = rendered()
    assert re.search(
        r'<div class="ds-field field">\s*<input type="checkbox" name="agreed" id="id_agreed" class="ds-input"> '
        r'<label class="ds-label" data-weight="regular" for="id_agreed">Godkänd</label>',
        html,
    )
    assert '<input type="hidden" name="token" id="id_token">' in html
    assert 'for="id_token"' not in html


class ChoosingForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
    optional = forms.ChoiceField(choices=[("", "Alla"), ("a", "A")], required=False)


def test_an_empty_choice_asks_in_words_not_dashes():
    with translation.override("sv"):
        html = str(ChoosingForm())
    assert '<option value="" selected>Välj …</option>' in html
    assert "---------" not in html
    # An empty choice a form names itself keeps its name.
    assert '<option value="" selected>Alla</option>' in html


class EveryWidgetForm(forms.Form):
    """A field of every widget the renderer draws without a template, with text that needs escaping."""

    text = forms.CharField(label='Namn <"citat"> & mer', initial='a "b" <c> & d')
    email = forms.EmailField(required=False)
    number = forms.IntegerField(initial=1200)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="rad 1\nrad <2>")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    agreed = forms.BooleanField(initial=True, required=False)
    phase = forms.ChoiceField(
        choices=[("", "---------"), ("a", translation.gettext_lazy("Planned")), ("b&c", 'B "och" C')],
        initial="b&c",
    )
    grouped = forms.ChoiceField(
        choices=[("Norr", [("n1", "Luleå"), ("n2", "Umeå")]), ("Söder", [("s1", "Malmö")]), ("x", "Annat")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("1", "Ett"), ("2", "Två")], initial=["2"], required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B <b>")], widget=forms.RadioSelect, initial="b")
    tags = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, initial=["x"], required=False
    )
    grouped_radio = forms.ChoiceField(
        choices=[("Norr", [("n1", "Luleå")]), ("s", "Söder")], widget=forms.RadioSelect, required=False
    )
    token = forms.CharField(widget=forms.HiddenInput, initial="t<1>")
    disabled = forms.CharField(disabled=True, initial="låst", required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": "x", "phase": "zz", "many": ["1", "2"], "tags": ["y"], "agreed": "on", "note": "", "number": "x"},
    ],
)
def test_widgets_drawn_without_templates_match_djangos_templates(data, monkeypatch):
    """The renderer's widget functions write what Django's widget templates would, to the character."""
    drawn = []

    def spy(template_name, widget):
        html = widget_html(template_name, widget)
        drawn.append((template_name, html is not None))
        return html

    monkeypatch.setattr(core_forms, "widget_html", spy)
    fast = str(EveryWidgetForm(data))
    # Every widget of the form was drawn by a function, none fell back to its template.
    assert len(drawn) == len(EveryWidgetForm.base_fields)
    assert [name for name, by_function in drawn if not by_function] == []
    calls = []

    def template_only(template_name, widget):
        calls.append(template_name)

    monkeypatch.setattr(core_forms, "widget_html", template_only)
    slow = str(EveryWidgetForm(data))
    assert {name.rsplit("/", 1)[-1] for name in calls} >= {
        "text.html",
        "email.html",
        "number.html",
        "date.html",
        "password.html",
        "textarea.html",
        "checkbox.html",
        "select.html",
        "radio.html",
        "checkbox_select.html",
        "hidden.html",
    }
    assert fast == slow
