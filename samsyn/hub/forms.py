from django import forms
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ModelForm
from samsyn.core.models import Person
from samsyn.portfolio.models import Discipline, Initiative, Perspective

from .models import Challenge, Hub, Interest, NewsItem, OpenQuestion, PublishedEvent, PublishedInitiative


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

    # An empty form's fields are the same HTML for every visitor in a language: kept once written,
    # by what decides them, since public pages are the hub's busiest and form templates its slowest part.
    _written: dict[tuple, str] = {}
    WRITTEN_MAX = 200

    def fields_html(self) -> str:
        """The fields as hub/public/_fields.html writes them (the honeypot hidden)."""
        # A choice of records reads the database to list them: written each time, as the list may change.
        if self.is_bound or any(isinstance(field, forms.ModelChoiceField) for field in self.fields.values()):
            return render_to_string("hub/public/_fields.html", {"form": self})
        key = (
            type(self),
            get_language(),
            self.auto_id,
            tuple(sorted((name, str(value)) for name, value in self.initial.items())),
            tuple((name, tuple(getattr(field, "choices", ()))) for name, field in self.fields.items()),
        )
        html = self._written.get(key)
        if html is None:
            html = render_to_string("hub/public/_fields.html", {"form": self})
            if len(self._written) >= self.WRITTEN_MAX:
                self._written.clear()
            self._written[key] = html
        return html

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


class QuestionForm(ModelForm):
    class Meta:
        model = OpenQuestion
        fields = ["initiative", "question", "introduction", "published_on", "closes_on", "answers_open"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"answers_open": _("Take answers")}
        help_texts = {
            "initiative": _("Only initiatives shown on the hub can ask."),
            "introduction": _("Why you ask, and what you will do with the answers."),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.filter(
            partnership=partnership, publication__isnull=False
        ).order_by("name")
        self.fields["initiative"].empty_label = _("Choose the initiative")


class AnswerForm(HoneypotForm):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    perspective = forms.ModelChoiceField(
        label=_("From which perspective do you answer?"),
        queryset=Perspective.objects.none(),
        required=False,
        empty_label=_("No particular perspective"),
    )
    name = forms.CharField(label=_("Name (if you want)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail (if you want)"),
        required=False,
        help_text=_("Only if we may contact you about your answer. Leave both empty to answer anonymously."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the partnership keeps my answer to learn from it in the initiative and, once it "
            "has been reviewed, shows its text on the hub without my name. A name and an e-mail address, if "
            "I give them, are used only to contact me about the answer and are erased a year after I sent it."
        )
    )
    refused = _("The answer could not be taken.")

    def __init__(self, *args, perspectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = perspectives


class NewsletterForm(HoneypotForm):
    email = forms.EmailField(label=_("E-mail"))
    consent = forms.BooleanField(
        label=_(
            "I agree that the partnership keeps my e-mail address to send me its newsletter until I leave it, "
            "which I can do with the link in every letter."
        )
    )
    refused = _("The sign-up could not be taken.")
