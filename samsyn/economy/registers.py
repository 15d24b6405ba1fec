"""The economy's registers in the administration: the money the partnership has, its budget lines,
the leverage target and the university's academies."""

from django.utils.translation import gettext_lazy as _

from samsyn.core.administration import Column, Register, register_add

from .forms import PrintedFigureForm
from .models import Academy, CostLine, Financing, Leverage, LeverageTarget, PrintedFigure, ResearchAllocation

ECONOMY = _("Economy")


def register() -> None:
    register_add(
        Register(
            path="finansiering",
            model=Financing,
            group=ECONOMY,
            order=80,
            fields=("agreement", "kind", "organization", "year", "amount_ore"),
            columns=(
                Column("organization", _("Party")),
                Column("agreement"),
                Column("kind"),
                Column("year"),
                Column("amount_ore", _("Amount")),
            ),
            help=_("What each party contributes per year under an agreement, and surpluses carried over."),
            related=("agreement", "organization"),
            field_help={"year": _("Empty for a surplus that belongs to no one year.")},
        )
    )
    register_add(
        Register(
            path="budgetposter",
            model=CostLine,
            group=ECONOMY,
            order=81,
            fields=("name", "group"),
            columns=(Column("name"), Column("group")),
            help=_("The lines of the budget, named as in the partnership's own documents."),
            key_field="slug",
            key_from="name",
            order_field="order",
        )
    )
    register_add(
        Register(
            path="havstangsmal",
            model=LeverageTarget,
            group=ECONOMY,
            order=82,
            fields=("year", "amount_ore"),
            columns=(
                Column("year"),
                Column("amount_ore", _("Amount")),
            ),
            help=_("The external funding the partnership aims to attract each year."),
        )
    )
    register_add(
        Register(
            path="havstang",
            model=Leverage,
            group=ECONOMY,
            order=82,
            fields=("title", "kind", "source_name", "year", "amount_ore"),
            columns=(
                Column("title"),
                Column("kind"),
                Column("source_name"),
                Column("year"),
                Column("amount_ore", _("Amount")),
            ),
            help=_("Money from others that the partnership's work brought in. A granted application adds its own."),
            key_field="key",
            key_from="title",
            field_help={"source_name": _("Who gave the money, e.g. Vinnova.")},
        )
    )
    register_add(
        Register(
            path="akademier",
            model=Academy,
            group=ECONOMY,
            order=83,
            fields=("code", "name"),
            columns=(Column("code"), Column("name")),
            help=_("The university's academies that receive research money."),
            order_field="order",
            field_help={"code": _("The academy's short name, as in the budget (e.g. UKK).")},
        )
    )
    register_add(
        Register(
            path="forskningsmedel",
            model=ResearchAllocation,
            group=ECONOMY,
            order=84,
            fields=("academy", "year", "budget_ore", "booked_ore"),
            columns=(
                Column("academy"),
                Column("year"),
                Column("budget_ore", _("Budget")),
                Column("booked_ore", _("Booked")),
            ),
            help=_("Research money per academy and year: its budget and what has been booked."),
            related=("academy",),
        )
    )
    register_add(
        Register(
            path="tryckta-summor",
            model=PrintedFigure,
            group=ECONOMY,
            order=85,
            fields=("document", "label", "as_of", "printed_ore", "explanation", "measure"),
            columns=(
                Column("label"),
                Column("document"),
                Column("as_of"),
                Column("printed_ore", _("Printed amount")),
            ),
            help=_(
                "Totals as the partnership's own documents printed them. The finance appendix compares each "
                "with the sum Samsyn computes and explains a difference; the records are never bent to match."
            ),
            key_field="key",
            key_from="label",
            form=PrintedFigureForm,
        )
    )
