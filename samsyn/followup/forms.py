from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry
from samsyn.core.forms import ModelForm, ReadVersionMixin
from samsyn.core.lib.numbers import format_number
from samsyn.core.models import FocusArea, Organization, Person
from samsyn.portfolio.models import Initiative

from . import rules, selectors
from .models import Colour, Evaluation, Event, FollowupPlanItem, ImpactStory, Kpi
from .templatetags.followup import kpi_value

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
            "counted_from",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The figures the apps count, named in words; none registered: nothing to choose.
        figures = registry.counted_figures()
        if figures:
            self.fields["counted_from"] = forms.ChoiceField(
                label=_("Counted from"),
                required=False,
                choices=[("", _("Measured and entered by hand"))] + [(f.key, f.label) for f in figures],
                help_text=_("Samsyn counts the KPI's value for each period from what it records; nothing is typed."),
            )
        else:
            del self.fields["counted_from"]


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An event whose registration runs in Samsyn has its figures counted there: not typed here.
        event = self.instance
        if event.pk and registry.event_counts(event.partnership, [event.pk]):
            del self.fields["registrations"]
            del self.fields["attendance"]


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


# The places a KPI value is kept to (the column's): a typed "4" and a stored "4.000" are the same target.
EXACT = Decimal(1).scaleb(-rules.VALUE_DECIMAL_PLACES)


class KpiValueField(forms.CharField):
    """A KPI value typed the Swedish way ("62,5", "11 129 000"), cleaned to a Decimal."""

    # Room for the largest value written with spaces and decimals; the parser decides. (Not
    # CharField's max_length: its validator would meet the cleaned Decimal.)
    max_characters = 30

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_characters)}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) > self.max_characters:
                raise ValueError(_("not a number"))
            return rules.decimal_parse(value).quantize(EXACT)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal) else value

    def show_value(self, value):
        return format_number(value) if isinstance(value, Decimal) else str(value)


class KpiTargetsForm(ReadVersionMixin, forms.Form):
    """The targets of every KPI in a year's business plan, one field each; an empty field leaves the
    KPI to its standing target. Refuses a save over targets someone else changed meanwhile."""

    edits_existing = True

    def __init__(self, *args, partnership, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        # Read when the form is made: on a post, that is the targets as they are now.
        self.rows = selectors.kpi_targets_of_year(partnership, year)
        for row in self.rows:
            kpi = row.kpi
            if kpi.target is not None:
                help_text = _("%(unit)s. Empty: the standing target %(target)s applies.") % {
                    "unit": kpi.get_unit_display(),
                    "target": kpi_value(kpi.target, kpi.unit),
                }
            else:
                help_text = _("%(unit)s. Empty: no target for the year.") % {"unit": kpi.get_unit_display()}
            self.fields[self.field_name(kpi.pk)] = KpiValueField(
                label=kpi.name, required=False, initial=row.target if row.own else None, help_text=help_text
            )

    @staticmethod
    def field_name(kpi_id: int) -> str:
        return f"kpi_{kpi_id}"

    def version_values(self):
        return {
            self.field_name(r.kpi.pk): (r.target.quantize(EXACT) if r.own and r.target is not None else None)
            for r in self.rows
        }

    def groups(self):
        """The fields under their KPIs' headings (the part of the assignment each follows up)."""
        grouped: dict[str, list] = {}
        for r in self.rows:
            grouped.setdefault(r.kpi.group, []).append(self[self.field_name(r.kpi.pk)])
        return list(grouped.items())

    def targets(self) -> dict[int, Decimal | None]:
        """{KPI id: the year's own target or None}, for the service."""
        return {r.kpi.pk: self.cleaned_data.get(self.field_name(r.kpi.pk)) for r in self.rows}
