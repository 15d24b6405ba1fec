"""The archive's register in the administration: the series diary numbers are given from."""

from django.utils.translation import gettext_lazy as _

from samsyn.core.administration import Column, Register, register_add

from .models import DiarySeries


def register() -> None:
    register_add(
        Register(
            path="diarieserier",
            model=DiarySeries,
            group=_("Archive"),
            order=90,
            fields=("prefix", "year", "last_number"),
            columns=(
                Column("prefix"),
                Column("year"),
                Column("last_number"),
            ),
            help=_(
                "The series of diary numbers, per prefix and year; the next document gets the number after the last one given."
            ),
            field_help={"last_number": _("0 for a new series.")},
        )
    )
