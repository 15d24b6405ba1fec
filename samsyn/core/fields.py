"""Form fields the apps share: an amount in kronor, and the board meeting item a spending
decision rests on."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.lib.numbers import format_kronor

from .money import MAX_KRONOR, AmountTooLarge, parse_kronor
from .spending import BOARD_MEETING_KINDS, MEETING_HELD


class KronorField(forms.CharField):
    """An amount written the Swedish way ("120 000", "1 234,50 kr"), cleaned to öre."""

    # Room for the largest amount written with spaces, decimals and "kr"; the parser decides.
    # (Not CharField's max_length: its validator would meet the cleaned integer.)
    max_characters = 30
    # Its values are öre: a message about a changed value shows them in kronor.
    amount_in_ore = True

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_characters)}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) > self.max_characters:
                raise ValueError(value)
            return parse_kronor(value)
        except AmountTooLarge:
            raise forms.ValidationError(
                _("The amount is too large: at most %(limit)s.") % {"limit": format_kronor(MAX_KRONOR * 100, unit=True)}
            ) from None
        except ValueError:
            raise forms.ValidationError(_("Enter an amount in kronor, e.g. 120 000 or 1 234,50.")) from None

    def prepare_value(self, value):
        # An initial value in öre (what the model holds) is shown in kronor, as it is typed; what was
        # posted is shown as it was typed.
        return format_kronor(value) if isinstance(value, int) and not isinstance(value, bool) else value


class BoardItemField(forms.ModelChoiceField):
    """An item of one of the partnership's board (or joint) meetings, newest meeting first.

    `model_field` is the foreign key to the agenda item that the spending record holds; the field
    offers that key's target, so an app below governance offers meeting items without importing
    governance. Optional: only a decision above the process leader's limit needs one, and
    `spending_check` says so when it is missing. Call `for_partnership` in the form's __init__.
    """

    def __init__(self, *, model_field: models.Field | models.ForeignObjectRel, **kwargs):
        kwargs.setdefault("label", _("Board meeting item"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Required above the process leader's limit: the item of the board meeting that decided it.")
        )
        item_model = model_field.related_model
        if item_model is None:
            raise TypeError(f"{model_field} is not a relation")
        self.item_model = item_model
        super().__init__(queryset=self.item_model._default_manager.none(), **kwargs)

    def for_partnership(self, partnership):
        # Only what can carry the board's authority (see spending_check): items of held board
        # meetings with a decision recorded under them. The decision date is checked on saving.
        items = self.item_model._default_manager
        self.queryset = (
            items.filter(partnership=partnership, meeting__kind__in=BOARD_MEETING_KINDS, meeting__status=MEETING_HELD)
            .filter(pk__in=items.filter(partnership=partnership, decisions__isnull=False).values("pk"))
            .select_related("meeting")
            .order_by("-meeting__date", "number")
        )
        return self

    def label_from_instance(self, item):
        return f"{item.meeting.date:%Y-%m-%d} §{item.number} {item.title}"


class OreField(KronorField):
    """A model's amount in öre (`…_ore`) on a form: shown and typed in kronor, cleaned to öre."""

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_kronor(value)
        return value
