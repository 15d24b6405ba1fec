from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, help_text=_("What the token is for, e.g. the web site.")
    )
    scope = forms.ChoiceField(label=_("May"), choices=ApiToken.Scope.choices, initial=rules.READ)
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=rules.MAX_DAYS, initial=rules.DEFAULT_DAYS
    )
