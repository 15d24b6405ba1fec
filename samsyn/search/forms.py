from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SearchEntry


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    focus_area = forms.TypedChoiceField(label=_("Focus area"), required=False, coerce=int, empty_value=None)
    # Chosen among the facets of a search, never from a list of every initiative.
    initiative = forms.IntegerField(label=_("Initiative"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data, *, years, focus_areas):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(SearchEntry.Kind.choices)
        self.fields["year"].choices = every + [(y, str(y)) for y in years]
        self.fields["focus_area"].choices = every + [(fa.pk, fa.name) for fa in focus_areas]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
