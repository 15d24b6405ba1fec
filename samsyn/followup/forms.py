from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ModelForm
from samsyn.core.models import FocusArea, Organization, Person
from samsyn.portfolio.models import Initiative

from . import rules, selectors
from .models import Colour, Evaluation, Event, FollowupPlanItem, ImpactStory, Kpi

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnershipModelForm(ModelForm):
    """Limits every related choice to the partnership's own records."""

    scoped = {
        "focus_area": FocusArea,
        "initiative": Initiative,
        "initiatives": Initiative,
        "organization": Organization,
        "organizations": Organization,
        "responsible_person": Person,
        "organiser": Person,
        "kpis": Kpi,
        "evaluations": Evaluation,
    }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        for name, model in self.scoped.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(partnership=partnership)


class KpiForm(PartnershipModelForm):
    class Meta:
        model = Kpi
        fields = [
            "name",
            "group",
            "description",
            "unit",
            "direction",
            "target",
            "periodicity",
            "focus_area",
            "initiative",
            "source",
        ]


class MeasurementForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=20, help_text=_("For example 2023, 2023-H1, 2023-Q2 or 2023-05.")
    )
    value = forms.CharField(label=_("Value"), max_length=30)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, kpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi

    def clean_period(self):
        from . import rules

        try:
            return rules.period_parse(self.cleaned_data["period"], self.kpi.periodicity)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_value(self):
        from . import rules

        try:
            return rules.decimal_parse(self.cleaned_data["value"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class MeasurementImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("Columns kpi;period;value;note, UTF-8, at most 1 MB."))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 1_000_000:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        if not f.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        return f


class EvaluationForm(PartnershipModelForm):
    class Meta:
        model = Evaluation
        fields = ["title", "year", "held_on", "description", "audience", "anonymous", "organiser"]
        widgets = {"held_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance
        if stored.pk and rules.anonymity_change_refused(
            anonymous_now=stored.anonymous, anonymous_after=False, has_answers=selectors.evaluation_has_answers(stored)
        ):
            # Shown, not offered: the service refuses it too, this says why before anyone tries.
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _(
                "The evaluation has answers and stays anonymous: they cannot be connected to anyone."
            )


class StatementsForm(forms.Form):
    statements = forms.CharField(
        label=_("Statements"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One statement a line. To compare a statement across years, start its line with a theme and a colon, "
            "e.g. “Collaboration: The parties work well together.”, and give it the same theme the next year."
        ),
    )

    def clean_statements(self):
        lines = [line.strip() for line in self.cleaned_data["statements"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Write at least one statement."))
        return [rules.statement_line_parse(line) for line in lines]


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Respondents"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Board and Core Team members of today; they answer logged in, by the short link."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class StoryForm(PartnershipModelForm):
    class Meta:
        model = ImpactStory
        fields = [
            "title",
            "person_name",
            "role",
            "organisation",
            "organization",
            "initiative",
            "focus_area",
            "year",
            "text",
            "consent_to_publish",
            "consent_date",
            "source",
        ]
        widgets = {"consent_date": DATE}

    def clean(self):
        data = super().clean()
        if data.get("consent_to_publish") and not data.get("consent_date"):
            self.add_error("consent_date", _("Say when the consent was given."))
        return data


class EventForm(PartnershipModelForm):
    class Meta:
        model = Event
        fields = [
            "date",
            "title",
            "kind",
            "description",
            "organisers",
            "organizations",
            "focus_area",
            "initiatives",
            "registrations",
            "attendance",
            "evaluation_respondents",
            "source",
        ]
        widgets = {"date": DATE, "organizations": forms.CheckboxSelectMultiple}


class PlanItemForm(PartnershipModelForm):
    class Meta:
        model = FollowupPlanItem
        fields = [
            "year",
            "question",
            "method",
            "responsible",
            "responsible_person",
            "timing",
            "kpis",
            "evaluations",
            "status",
            "note",
            "source",
        ]
        widgets = {"kpis": forms.CheckboxSelectMultiple, "evaluations": forms.CheckboxSelectMultiple}


class AnswerForm(forms.Form):
    """One colour, a comment and what would move it up, per statement (prefix = statement id)."""

    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    move_up = forms.CharField(
        label=_("What would move it up?"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
