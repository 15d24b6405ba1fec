from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Colour, Initiative, LearningEntry, Relation

EVERY = [("", _("All"))]


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class RelationForm(forms.Form):
    """A relation from the initiative whose page the form is on. The other initiative is found by
    searching its name (the picker) and sent as its slug, looked up within the same partnership
    when the form is checked: no list of every initiative is ever built."""

    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    q = forms.CharField(
        label=_("Find the other initiative"),
        required=False,
        max_length=200,
        help_text=_("Type part of its name; matching initiatives appear below for you to choose."),
    )
    target = forms.CharField(
        label=_("Related initiative"),
        max_length=120,
        error_messages={"required": _("Search for the other initiative and choose it.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, source, **kwargs):
        super().__init__(data, **kwargs)
        self.source = source

    def clean_target(self):
        slug = self.cleaned_data["target"]
        try:
            target = Initiative.objects.only("pk", "slug", "name", "partnership_id").get(
                partnership_id=self.source.partnership_id, slug=slug
            )
        except Initiative.DoesNotExist:
            raise forms.ValidationError(_("Choose one of the initiatives found.")) from None
        if target.pk == self.source.pk:
            raise forms.ValidationError(_("An initiative cannot relate to itself."))
        return target


class LearningEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LearningEntry.Kind.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    text = forms.CharField(
        label=_("What was learnt"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An insight, a lesson, or a micro-action and what it led to."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, initial={"date": timezone.localdate(), "kind": LearningEntry.Kind.INSIGHT}, **kwargs)

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class StatusUpdateForm(forms.Form):
    colour = forms.ChoiceField(label=_("Status"), choices=Colour.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    text = forms.CharField(
        label=_("Short text"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the colour means now: what goes well, what is stuck, what is needed."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, initial={"date": timezone.localdate()}, **kwargs)

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class LearningFilterForm(forms.Form):
    """Filters of the cross-initiative learning log; unknown values become form errors."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=EVERY + list(LearningEntry.Kind.choices))
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    initiative = forms.ChoiceField(label=_("Initiative"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, data, *, choices):
        super().__init__(data)
        self._areas = {fa.slug: fa for fa in choices["focus_areas"]}
        self._initiatives = {i.slug: i for i in choices["initiatives"]}
        self.fields["focus_area"].choices = EVERY + [(fa.slug, fa.name) for fa in choices["focus_areas"]]
        self.fields["initiative"].choices = EVERY + [(i.slug, i.name) for i in choices["initiatives"]]
        self.fields["year"].choices = EVERY + [(str(y), str(y)) for y in choices["years"]]

    def selectors_kwargs(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        kwargs = {}
        if data.get("kind"):
            kwargs["kind"] = data["kind"]
        if data.get("focus_area"):
            kwargs["focus_area"] = self._areas[data["focus_area"]]
        if data.get("initiative"):
            kwargs["initiative"] = self._initiatives[data["initiative"]]
        if data.get("year"):
            kwargs["year"] = int(data["year"])
        return kwargs


class NetworkFilterForm(forms.Form):
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    derived = forms.ChoiceField(
        label=_("Shared testbeds"),
        required=False,
        choices=[("", _("Show pairs derived from the testbeds")), ("nej", _("Show stored relations only"))],
    )

    def __init__(self, data, *, focus_areas):
        super().__init__(data)
        self._areas = {fa.slug: fa for fa in focus_areas}
        self.fields["focus_area"].choices = EVERY + [(fa.slug, fa.name) for fa in focus_areas]

    def network_kwargs(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        kwargs = {"include_derived": data.get("derived") != "nej"}
        if data.get("focus_area"):
            kwargs["focus_area"] = self._areas[data["focus_area"]]
        return kwargs
