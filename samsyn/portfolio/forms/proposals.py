from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core import policy
from samsyn.core.fields import BoardItemField
from samsyn.core.forms import ModelForm, ReadVersionMixin
from samsyn.core.lib.numbers import format_kronor
from samsyn.core.policy import Target
from samsyn.core.spending import who_may_decide

from ..models import BudgetSource, DecisionProposal, Phase, ProposalItem
from ..rules.proposals import parse_kronor
from ..selectors.proposals import initiatives_of_focus_area

# Far above any budget, far below BigIntegerField's limit.
MAX_ORE = 10**15


class NamedErrors:
    """Every field error starts with the field's name, in the summary as next to the field."""

    def full_clean(self):
        super().full_clean()
        for name in list(self._errors or {}):
            if name not in self.fields:
                continue
            label = str(self.fields[name].label)
            messages = [m if m.startswith(label) else f"{label}: {m}" for m in self._errors[name]]
            self._errors[name] = self.error_class(messages, renderer=self.renderer)


class KronorField(forms.CharField):
    """An amount typed in kronor ("472 000", "472000", "472 000,50"); cleaned to integer öre.

    Its messages name the field, so that they read well in the error summary too."""

    amount_in_ore = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.setdefault("help_text", _("In kronor, e.g. 472 000 or 472 000,50."))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            ore = parse_kronor(value)
        except ValueError:
            raise ValidationError(
                _("%(field)s: “%(value)s” is not an amount in kronor. Write it like 472 000 or 472 000,50."),
                code="invalid",
                params={"field": self.label, "value": value},
            ) from None
        if ore >= MAX_ORE:
            raise ValidationError(
                _("%(field)s: the amount is too large."), code="max_value", params={"field": self.label}
            )
        return ore

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(
                _("%(field)s: enter an amount in kronor."), code="required", params={"field": self.label}
            )

    def prepare_value(self, value):
        return format_kronor(value) if isinstance(value, int) else value


class ProposalForm(NamedErrors, ModelForm):
    class Meta:
        model = DecisionProposal
        fields = ["focus_area", "title", "date", "period", "source"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, partnership, actor, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the focus areas whose proposals the actor may write.
        allowed = [
            fa.pk
            for fa in focus_areas
            if policy.allows(
                actor, "proposal.change", Target(partnership_id=partnership.pk, focus_area_ids=frozenset({fa.pk}))
            )
        ]
        self.fields["focus_area"].queryset = self.fields["focus_area"].queryset.filter(
            partnership=partnership, pk__in=allowed
        )
        self.fields["focus_area"].empty_label = None
        self.fields["source"].help_text = _("Where the proposal comes from, e.g. the minutes it was attached to.")


class ProposalItemForm(NamedErrors, ModelForm):
    budget = KronorField(label=_("Process-support budget"), required=False)

    class Meta:
        model = ProposalItem
        fields = [
            "kind",
            "name",
            "proposal_text",
            "description",
            "context",
            "party_resources",
            "budget",
            "budget_note",
            "initiative",
            "target_phase",
        ]
        labels = {"proposal_text": _("Proposal to start")}
        widgets = {
            "kind": forms.RadioSelect,
            "proposal_text": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "context": forms.Textarea(attrs={"rows": 2}),
            "party_resources": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["kind"].choices = ProposalItem.Kind.choices
        self.fields["initiative"].queryset = initiatives_of_focus_area(proposal.partnership_id, proposal.focus_area_id)
        self.fields["initiative"].help_text = _(
            "An initiative already in the portfolio. Leave empty for a new one: approving the item creates it."
        )
        self.fields["budget_note"].help_text = _(
            "e.g. “Ordinary staff in the process support” or “part of the interdisciplinary effort”."
        )
        self.fields["target_phase"].choices = Phase.choices
        self.fields["budget"].initial = self.instance.budget_ore


class FundingForm(NamedErrors, ReadVersionMixin, forms.Form):
    """The split of the proposal's total between the ordinary budget and the pilot budget."""

    edits_existing = True

    ordinary = KronorField(label=BudgetSource.ORDINARY.label, required=False)
    pilot = KronorField(label=BudgetSource.PILOT.label, required=False)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].initial = current.get(name)
            self.fields[name].help_text = _("In kronor, e.g. 472 000 or 472 000,50. Leave empty for none.")


class DecisionForm(NamedErrors, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(c.value, c.label) for c in ProposalItem.Decision if c != ProposalItem.Decision.PENDING],
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    target_phase = forms.ChoiceField(
        label=_("Phase in the portfolio if approved"),
        choices=Phase.choices,
        help_text=_("Approving records this phase for the initiative, with the decision as its ground."),
    )
    note = forms.CharField(label=_("Note on the decision"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # The spending decision an approval records (governance's, pointing at the item) names the board item.
    board_item = BoardItemField(
        model_field=ProposalItem._meta.get_field("spending_decisions").related_model._meta.get_field("board_item"),
        help_text=_(
            "Approving a budget is a spending decision. Above your own spending authority it is the board's: "
            "name the item of the board meeting that decided it."
        ),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if item.budget_ore:
            field = self.fields["board_item"].for_partnership(item.partnership_id)
            field.help_text = (
                f"{who_may_decide(item.partnership, item.budget_ore, timezone.localdate())} {field.help_text}"
            )
        else:
            del self.fields["board_item"]
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["target_phase"].initial = item.target_phase
        if item.decision in (ProposalItem.Decision.APPROVED, ProposalItem.Decision.REJECTED):
            # An approved or rejected item is decided again only on purpose.
            self.fields["change_decision"] = forms.BooleanField(
                label=_("Change the earlier decision"),
                required=False,
                help_text=_(
                    "The item was decided on %(date)s (%(decision)s). The portfolio keeps what that decision did."
                )
                % {"date": item.decided_on or "–", "decision": item.get_decision_display().lower()},
            )

    def clean(self):
        data = super().clean()
        if "change_decision" in self.fields and not data.get("change_decision"):
            self.add_error(
                "change_decision",
                ValidationError(
                    _("Change the earlier decision: tick this box to replace the decision already recorded."),
                    code="decided",
                ),
            )
        return data
