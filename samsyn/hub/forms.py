from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ModelForm

from .models import Hub, NewsItem, PublishedEvent, PublishedInitiative


class HubForm(ModelForm):
    class Meta:
        model = Hub
        fields = ["published", "introduction", "contact_email"]
        labels = {"published": _("Show the hub to everyone")}
        help_texts = {
            "introduction": _("A few sentences for visitors: what the partnership does and why."),
            "contact_email": _("An address visitors may write to."),
        }


class PublicationForm(ModelForm):
    class Meta:
        model = PublishedInitiative
        fields = ["summary", "contact"]
        help_texts = {
            "summary": _("Written for the public. The initiative's own description stays internal."),
            "contact": _("A name and an e-mail address, given with the person's consent."),
        }


class NewsItemForm(ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "text", "published_on"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"published_on": _("Empty: a draft nobody outside sees. A later date: shown from that day.")}


class EventPublicationForm(ModelForm):
    class Meta:
        model = PublishedEvent
        fields = ["summary", "starts", "ends", "place", "capacity", "registration_open"]
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation or programme"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the partnership keeps my name and e-mail address to handle my registration, and "
            "erases them a year after the event."
        )
    )
    # Left empty by people; filled by programs that fill every field. Hidden from people and
    # screen readers alike.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("The registration could not be taken."))
        return ""
