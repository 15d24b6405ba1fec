"""Spending authority applied to a recorded decision (seed 002, appendix 1, 4.1 and 4.3).

Every place that records spending (pilot grants, Core Team proposal budgets, the governance
spending decisions) calls `spending_check`; the limits come from the agreement in force on the
decision date and the rule itself from `samsyn.core.agreement`. It lives in core, below every app
that records spending, and knows a board item only by its meeting's kind.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor

from . import agreement
from .models import Agreement, Partnership, Period

# The refusal message at each authority, naming who may decide; whole sentences, so that each
# language can put "only" where it belongs ("kan bara fattas av styrelsen").
AUTHORITY_HOLDERS = {
    agreement.PROJECT_LEADER: lambda: _(
        "A spending decision of %(amount)s may be made by a project leader, the deputy process leader, "
        "the process leader or the board."
    ),
    agreement.PROCESS_LEADER: lambda: _(
        "A spending decision of %(amount)s may be made by the process leader or the board."
    ),
    agreement.BOARD: lambda: _(
        "A spending decision of %(amount)s can only be made by the board, recorded against an item of a board meeting."
    ),
}
BOARD_MEETING_KINDS = frozenset({"board", "joint"})


def limits_for(partnership: Partnership, on: date) -> agreement.SpendingLimits:
    """The limits of the agreement in force on `on` (the latest that has started, if none covers it)."""
    found = (
        Agreement.objects.filter(partnership=partnership).filter(Period.active_q(on)).order_by("-start").first()
        or Agreement.objects.filter(partnership=partnership, start__lte=on).order_by("-start").first()
    )
    if found is None:
        return agreement.AGREEMENT_2022_2025
    return agreement.SpendingLimits(
        project_leader=Decimal(found.limit_project_leader_ore) / 100,
        process_leader=Decimal(found.limit_process_leader_ore) / 100,
    )


def spending_check(*, partnership: Partnership, actor: Any, amount_ore: int, on: date, board_item: Any = None) -> str:
    """Refuse a spending decision its recorder may not make; return the authority it rests on.

    `board_item` is the agenda item of a board (or joint) meeting that decided it; with one,
    the decision is the board's and any amount is allowed. Raises ValidationError whose
    message names who may decide.
    """
    limits = limits_for(partnership, on)
    if board_item is not None:
        meeting = board_item.meeting
        if getattr(meeting, "kind", None) not in BOARD_MEETING_KINDS or meeting.partnership_id != partnership.pk:
            raise ValidationError(
                _("The item referred to is not an item of this partnership's board meetings."), code="not_board_item"
            )
    roles = actor.roles if actor is not None else ()
    try:
        return agreement.spending_authority_check(
            roles, Decimal(amount_ore) / 100, limits, by_board=board_item is not None
        )
    except agreement.SpendingRefused as refused:
        raise ValidationError(_who_may_decide_text(amount_ore, refused.needed), code="no_authority") from None


def _who_may_decide_text(amount_ore: int, needed: str) -> str:
    return AUTHORITY_HOLDERS[needed]() % {"amount": format_kronor(int(amount_ore), unit=True)}


def who_may_decide(partnership: Partnership, amount_ore: int, on: date) -> str:
    """The sentence that names who may decide `amount_ore` under the agreement in force on `on`."""
    needed = agreement.required_authority(Decimal(amount_ore) / 100, limits_for(partnership, on))
    return _who_may_decide_text(amount_ore, needed)
