"""The portfolio's registers in the administration: what initiatives are described by."""

from django.utils.translation import gettext_lazy as _

from samsyn.core.administration import Column, Register, register_add
from samsyn.core.registers import DIRECTION

from .models import Discipline, Perspective, Portfolio, SocietalGoal, Testbed


def register() -> None:
    register_add(
        Register(
            path="samhallsmal",
            model=SocietalGoal,
            group=DIRECTION,
            order=71,
            fields=("focus_area", "text"),
            columns=(Column("text"), Column("focus_area")),
            help=_("The societal goals of each focus area, which the portfolios aim at."),
            related=("focus_area",),
            key_field="key",
            key_from="text",
            order_field="order",
        )
    )
    register_add(
        Register(
            path="perspektiv",
            model=Perspective,
            group=DIRECTION,
            order=72,
            fields=("name", "board_priority"),
            columns=(Column("name"), Column("board_priority")),
            help=_("The perspectives the partnership's work shares, some prioritised by the board."),
            key_field="slug",
            key_from="name",
            order_field="order",
        )
    )
    register_add(
        Register(
            path="testbaddar",
            model=Testbed,
            group=DIRECTION,
            order=73,
            fields=("name", "place", "description", "focus_area", "organization"),
            columns=(Column("name"), Column("place"), Column("focus_area"), Column("organization")),
            help=_("The places where initiatives are tried out together with the people concerned."),
            related=("focus_area", "organization"),
            key_field="slug",
            key_from="name",
        )
    )
    register_add(
        Register(
            path="portfoljer",
            model=Portfolio,
            group=DIRECTION,
            order=75,
            fields=("name", "level", "owner", "focus_area", "testbed", "initiative"),
            columns=(Column("name"), Column("level"), Column("owner"), Column("focus_area")),
            help=_("The portfolios initiatives are gathered in: the board's, a focus area's, a testbed's."),
            related=("focus_area",),
            key_field="slug",
            key_from="name",
        )
    )
    register_add(
        Register(
            path="discipliner",
            model=Discipline,
            group=DIRECTION,
            order=74,
            fields=("name",),
            columns=(Column("name"),),
            help=_("The academic disciplines initiatives draw on."),
        )
    )
