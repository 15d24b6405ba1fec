from __future__ import annotations

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry
from samsyn.core.fields import BoardItemField, KronorField, OreField
from samsyn.core.forms import ReadVersionMixin, RegisterForm
from samsyn.portfolio.models import Initiative

from .imports import MAX_BYTES
from .models import CostLine, Forecast, GrantApplication, Outcome, PilotGrant, PrintedFigure


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns cost_line, date, category, amount and optionally initiative, text."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 1_000_000})
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class PilotGrantForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    initiative: forms.ModelChoiceField[Model] = forms.ModelChoiceField(
        label=_("Initiative"), queryset=None, required=False
    )
    area = forms.CharField(label=_("Development area or focus area"), max_length=200, required=False)
    amount = KronorField(label=_("Amount (kr)"))
    decided_on = forms.DateField(label=_("Decided on"), help_text=_("YYYY-MM-DD"))
    decision_ref = forms.CharField(label=_("Decision reference"), max_length=300, required=False)
    # Governance keeps the grant's board item (the reverse relation board_decision); its model names
    # the agenda item model, which the economy, below governance, does not import.
    board_item = BoardItemField(
        model_field=PilotGrant._meta.get_field("board_decision").related_model._meta.get_field("board_item")
    )

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["initiative"].queryset = Initiative.objects.filter(partnership=partnership).order_by("name")
        self.fields["board_item"].for_partnership(partnership)


class ApplicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GrantApplication.Status.choices)
    amount_granted = KronorField(label=_("Amount granted (kr)"), required=False)
    decided_on = forms.DateField(label=_("Decided on"), required=False, help_text=_("YYYY-MM-DD"))
    kind = forms.ChoiceField(
        label=_("Leverage kind"), choices=[("external", _("External")), ("internal", _("Internal"))], required=False
    )


class _CostLineForm(forms.Form):
    cost_line: forms.ModelChoiceField[Model] = forms.ModelChoiceField(label=_("Cost line"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["cost_line"].queryset = CostLine.objects.filter(partnership=partnership)


class BudgetRevisionForm(_CostLineForm):
    amount = KronorField(label=_("Amount (kr)"))
    decided_on = forms.DateField(label=_("Decided on"), help_text=_("YYYY-MM-DD"))
    decision_ref = forms.CharField(label=_("Decision reference"), max_length=300, required=False)


class ForecastForm(ReadVersionMixin, _CostLineForm):
    """Records a line's forecast for a year in a round, or corrects the one recorded.

    Correcting is overwriting: a forecast for the same line, year and round that is already there
    (or was changed) since the form was opened is shown, and saving again replaces it."""

    round = forms.IntegerField(label=_("Forecast round"), min_value=1, max_value=12)
    amount = KronorField(label=_("Amount (kr)"))
    made_on = forms.DateField(label=_("Made on"), help_text=_("YYYY-MM-DD"))

    edits_existing = True

    def version_values(self):
        data = getattr(self, "cleaned_data", {})
        if not all(data.get(name) is not None for name in ("cost_line", "year", "round")):
            return None
        existing = Forecast.objects.filter(
            partnership=self.partnership, cost_line=data["cost_line"], year=data["year"], round=data["round"]
        ).first()
        return None if existing is None else {"amount": existing.amount_ore, "made_on": existing.made_on}


class PrintedFigureForm(RegisterForm):
    """A total as a document printed it, and what Samsyn sums to compare with it: the measure is
    asked as its parts (what is summed, which lines, which year and category) and kept as data."""

    MEASURES = (
        ("outcome", _("Outcome")),
        ("budget", _("Budget")),
        ("pilot", _("Pilot money decided")),
        ("leverage", _("Leverage")),
        ("forecast_difference", _("Latest forecast less budget")),
    )

    printed_ore = OreField(label=_("Printed amount (SEK)"), required=False)
    measure_kind = forms.ChoiceField(label=_("What the figure sums"), choices=MEASURES)
    lines = forms.ModelMultipleChoiceField(
        label=_("Budget lines"),
        queryset=CostLine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every line."),
    )
    group = forms.ChoiceField(label=_("Group of lines"), choices=[("", _("All"))], required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    category = forms.ChoiceField(label=_("Kind of outcome"), choices=[("", _("All"))], required=False)

    def clean_document(self):
        number = " ".join(self.cleaned_data["document"].split())
        if registry.diary_number_known(self.partnership, number) is False:
            raise forms.ValidationError(
                _("No document in the archive has the diary number %(number)s."), params={"number": number}
            )
        return number

    class Meta:
        model = PrintedFigure
        fields = ["document", "label", "as_of", "printed_ore", "explanation"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        self.partnership = partnership
        self.fields["document"].help_text = _("The archived document's diary number, for example SHK 2024/1.")
        self.fields["lines"].queryset = CostLine.objects.filter(partnership=partnership)
        self.fields["group"].choices = [("", _("All")), *CostLine.Group.choices]
        self.fields["category"].choices = [("", _("All")), *Outcome.Category.choices]
        measure = self.instance.measure or {}
        if self.instance.pk:
            self.initial.update(
                measure_kind=measure.get("measure", "outcome"),
                lines=list(self.fields["lines"].queryset.filter(slug__in=measure.get("lines") or [])),
                group=measure.get("group", ""),
                year=measure.get("year"),
                category=measure.get("category", ""),
            )

    def clean(self):
        cleaned = super().clean()
        measure: dict = {"measure": cleaned.get("measure_kind") or "outcome"}
        if cleaned.get("lines"):
            measure["lines"] = sorted(line.slug for line in cleaned["lines"])
        for name in ("group", "year", "category"):
            if cleaned.get(name) not in (None, ""):
                measure[name] = cleaned[name]
        cleaned["measure"] = measure
        return cleaned
