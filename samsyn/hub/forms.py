from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ModelForm
from samsyn.core.models import Person
from samsyn.portfolio.models import Discipline, Initiative

from .models import Challenge, Hub, Interest, NewsItem, PublishedEvent, PublishedInitiative


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


class HoneypotForm(forms.Form):
    """A public form with a field people leave empty and programs that fill every field do not.
    It is hidden from people and screen readers alike (hub/public/_form_fields.html)."""

    refused = _("The form could not be taken.")
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(self.refused)
        return ""


class RegistrationForm(HoneypotForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation or programme"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the partnership keeps my name and e-mail address to handle my registration, and "
            "erases them a year after the event."
        )
    )
    refused = _("The registration could not be taken.")


class ChallengeForm(ModelForm):
    class Meta:
        model = Challenge
        fields = [
            "title",
            "description",
            "kind",
            "level",
            "disciplines",
            "period",
            "initiative",
            "owner",
            "contact",
            "published",
        ]
        widgets = {"disciplines": forms.CheckboxSelectMultiple}
        labels = {"published": _("Show the challenge on the hub")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disciplines"].queryset = Discipline.objects.filter(partnership=partnership)
        self.fields["initiative"].queryset = Initiative.objects.filter(partnership=partnership)
        self.fields["owner"].queryset = Person.objects.filter(partnership=partnership)
        self.fields["initiative"].empty_label = _("No initiative")
        self.fields["owner"].empty_label = _("Choose the problem owner")


class InterestForm(HoneypotForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    programme = forms.CharField(label=_("Programme or subject"), max_length=200, required=False)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    consent = forms.BooleanField(
        label=_(
            "I agree that the partnership keeps my name, e-mail address and message to answer me, and "
            "erases them two years after I sent them."
        )
    )
    refused = _("The message could not be taken.")


class InterestAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where it stands"),
        choices=[(v, label) for v, label in Interest.Status.choices if v != Interest.Status.PENDING],
    )
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("A new answer is e-mailed to the sender."),
    )
