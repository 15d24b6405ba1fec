"""The form field every spending form shares: the board meeting item a decision rests on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.spending import BOARD_MEETING_KINDS

from .models import AgendaItem


class BoardItemField(forms.ModelChoiceField):
    """An item of one of the partnership's board (or joint) meetings, newest meeting first.

    Optional: only a decision above the process leader's limit needs one (rule 3), and
    `spending_check` says so when it is missing. Call `for_partnership` in the form's __init__.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Board meeting item"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Required above the process leader's limit: the item of the board meeting that decided it.")
        )
        super().__init__(queryset=AgendaItem.objects.none(), **kwargs)

    def for_partnership(self, partnership):
        self.queryset = (
            AgendaItem.objects.filter(partnership=partnership, meeting__kind__in=BOARD_MEETING_KINDS)
            .select_related("meeting")
            .order_by("-meeting__date", "number")
        )
        return self

    def label_from_instance(self, item):
        return f"{item.meeting.date:%Y-%m-%d} §{item.number} {item.title}"
