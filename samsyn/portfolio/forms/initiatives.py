from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ModelForm
from samsyn.core.models import FocusArea, Organization, Person

from ..models import Discipline, Initiative, Perspective, Phase, SocietalGoal, Testbed


class InitiativeFilterForm(forms.Form):
    """The list's filters. Choices are filled from lists already loaded, so that the
    form adds no queries of its own."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    party = forms.ChoiceField(label=_("Party"), required=False)
    testbed = forms.ChoiceField(label=_("Testbed"), required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)

    def __init__(self, data, *, choices):
        super().__init__(data)
        every = [("", _("All"))]
        self._by_key = {}
        for field, key_attr, items in [
            ("focus_area", "slug", choices["focus_areas"]),
            ("party", "key", choices["parties"]),
            ("testbed", "slug", choices["testbeds"]),
            ("perspective", "slug", choices["perspectives"]),
        ]:
            self.fields[field].choices = every + [(getattr(i, key_attr), str(i)) for i in items]
            self._by_key[field] = {getattr(i, key_attr): i for i in items}
        self.fields["phase"].choices = every + list(Phase.choices)

    # The filters' HTML by what decides it: the language, the choices and the values asked for.
    # The list shows the same filters on nearly every visit, and rendering 30 options through
    # the form templates cost more than the list's rows.
    _rendered: dict[tuple, str] = {}
    RENDERED_MAX = 500

    def render(self, template_name=None, context=None, renderer=None):
        if template_name or context or renderer or (self.is_bound and self.errors):
            return super().render(template_name, context, renderer)
        key = (
            get_language(),
            tuple(
                (name, tuple((value, str(label)) for value, label in getattr(field, "choices", ())))
                for name, field in self.fields.items()
            ),
            tuple((name, tuple(self.data.getlist(name))) for name in self.fields if name in self.data)
            if self.is_bound
            else None,
        )
        html = self._rendered.get(key)
        if html is None:
            html = super().render()
            if len(self._rendered) >= self.RENDERED_MAX:
                self._rendered.clear()
            self._rendered[key] = html
        return html

    __str__ = render
    __html__ = render

    def selectors_kwargs(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        kwargs = {name: self._by_key[name].get(data[name]) for name in self._by_key if data.get(name)}
        if data.get("phase"):
            kwargs["phase"] = data["phase"]
        if data.get("q"):
            kwargs["q"] = data["q"].strip()
        return kwargs


class InitiativeForm(ModelForm):
    phase_decision = forms.CharField(
        label=_("Decision behind a phase change"),
        required=False,
        max_length=300,
        help_text=_("e.g. the Core Team's decision of 2023-12-11. Kept in the initiative's history."),
    )

    class Meta:
        model = Initiative
        fields = [
            "name",
            "description",
            "phase",
            "phase_decision",
            "focus_areas",
            "societal_goals",
            "perspectives",
            "owner",
            "parties",
            "partners",
            "disciplines",
            "testbed",
            "start",
            "end",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "perspectives": forms.CheckboxSelectMultiple,
            "societal_goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["phase"].choices = Phase.choices
        scoped = {
            "focus_areas": FocusArea.objects.filter(partnership=partnership),
            "societal_goals": SocietalGoal.objects.filter(partnership=partnership),
            "perspectives": Perspective.objects.filter(partnership=partnership),
            "owner": Person.objects.filter(partnership=partnership),
            "parties": Organization.objects.filter(partnership=partnership, memberships__isnull=False).distinct(),
            "partners": Organization.objects.filter(partnership=partnership),
            "disciplines": Discipline.objects.filter(partnership=partnership),
            "testbed": Testbed.objects.filter(partnership=partnership),
        }
        for name, qs in scoped.items():
            self.fields[name].queryset = qs

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data
