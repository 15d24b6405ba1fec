from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core import policy
from samsyn.core.forms import ModelForm

from ..models import Layer, MatrixItem, Ring, Stage

# The filter's value for items without a focus area: the board's own.
BOARD_ITEMS = "-"


class MatrixFilterForm(forms.Form):
    """Filters of the matrix; choices come from a list already loaded, so the form adds no query."""

    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *list(MatrixItem.Kind.choices)])

    def __init__(self, data, *, focus_areas):
        super().__init__(data)
        self._areas = {fa.slug: fa for fa in focus_areas}
        self.fields["focus_area"].choices = (
            [("", _("All"))]
            + [(fa.slug, fa.name) for fa in focus_areas]
            + [(BOARD_ITEMS, _("None (the board's items)"))]
        )

    def report_kwargs(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        kwargs = {}
        if data.get("focus_area") == BOARD_ITEMS:
            kwargs["without_focus_area"] = True
        elif data.get("focus_area"):
            kwargs["focus_area"] = self._areas[data["focus_area"]]
        if data.get("kind"):
            kwargs["kind"] = data["kind"]
        return kwargs


def focus_area_reach(actor, focus_areas):
    """The focus areas `actor` may place items in, and whether they may place the board's items
    (those without a focus area); the policy says which."""
    allowed = [
        fa
        for fa in focus_areas
        if policy.allows(actor, "matrix.change", policy.Target(actor.partnership_id, frozenset({fa.pk})))
    ]
    board = policy.allows(actor, "matrix.change", policy.Target(actor.partnership_id, frozenset()))
    return allowed, board


class MatrixItemForm(ModelForm):
    class Meta:
        model = MatrixItem
        fields = ["title", "kind", "initiative", "focus_area", "layer", "ring", "stage", "description"]
        help_texts = {
            "title": _("Left empty, the initiative's name is used."),
            "focus_area": _(
                "A Core Team member places and moves the items of their own focus area. Items without a focus area "
                "are the board's: only the process support staff (administrators and process leaders) may place, "
                "move or remove them."
            ),
            "stage": _(
                "Where in the cycle the item is: explores, develops, measures impact, evaluates or communicates."
            ),
        }

    def __init__(self, *args, partnership, actor, focus_areas, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["layer"].choices = Layer.choices
        self.fields["ring"].choices = Ring.choices
        self.fields["stage"].choices = [("", _("No stage")), *list(Stage.choices)]
        self.fields["kind"].choices = MatrixItem.Kind.choices
        allowed, board = focus_area_reach(actor, focus_areas)
        field = self.fields["focus_area"]
        field.queryset = field.queryset.model.objects.filter(pk__in=[fa.pk for fa in allowed])
        field.required = not board
        field.empty_label = _("None (the board's item)") if board else None
        self.fields["initiative"].queryset = initiatives
        self.fields["initiative"].empty_label = _("No initiative")

    def clean(self):
        data = super().clean()
        initiative = data.get("initiative")
        if not data.get("title"):
            if initiative is None:
                self.add_error("title", _("Give the item a title or choose an initiative."))
            else:
                data["title"] = initiative.name
                self.instance.title = initiative.name
        if data.get("kind") == MatrixItem.Kind.INITIATIVE and initiative is None:
            self.add_error("initiative", _("Choose the initiative this item stands for."))
        area = data.get("focus_area")
        if initiative is not None and area is not None:
            areas = {fa.pk for fa in initiative.focus_areas.all()}
            if areas and area.pk not in areas:
                self.add_error("initiative", _("The initiative does not belong to the chosen focus area."))
        return data


class MatrixMoveForm(forms.Form):
    layer = forms.ChoiceField(label=_("Layer"), choices=Layer.choices)
    ring = forms.ChoiceField(label=_("Ring of actors"), choices=Ring.choices)
    stage = forms.ChoiceField(
        label=_("Stage of the cycle"), choices=[("", _("No stage")), *list(Stage.choices)], required=False
    )
