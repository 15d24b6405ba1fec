from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ModelForm

from .models import Hub, NewsItem, PublishedInitiative


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
