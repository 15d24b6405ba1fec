"""Spending authority applied to a recorded decision (DOMAIN.md rule 3).

Every place that records spending (pilot grants, Core Team proposal budgets, the
governance spending decisions) calls `spending_check`; the limits come from the
agreement in force on the decision date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samsyn.core.lib.numbers import format_kronor

from . import rules

# Who may decide at each authority, as the refusal message names them.
AUTHORITY_HOLDERS = {
    rules.PROJECT_LEADER: lambda: _("a project leader, the deputy process leader, the process leader or the board"),
    rules.PROCESS_LEADER: lambda: _("the process leader or the board"),
    rules.BOARD: lambda: _("only the board, recorded against an item of a board meeting"),
}
BOARD_MEETING_KINDS = frozenset({"board", "joint"})


def limits_for(partnership, on: date) -> rules.SpendingLimits:
    """The limits of the agreement in force on `on` (the latest that has started, if none covers it)."""
    from samsyn.core.models import Agreement, Period

    agreement = (
        Agreement.objects.filter(partnership=partnership).filter(Period.active_q(on)).order_by("-start").first()
        or Agreement.objects.filter(partnership=partnership, start__lte=on).order_by("-start").first()
    )
    if agreement is None:
        return rules.AGREEMENT_2022_2025
    return rules.SpendingLimits(
        project_leader=Decimal(agreement.limit_project_leader_ore) / 100,
        process_leader=Decimal(agreement.limit_process_leader_ore) / 100,
    )


def authority_of(roles) -> str | None:
    """The highest spending authority a set of role names carries (None: no authority)."""
    held = [
        rules.ROLE_AUTHORITY[r] for r in roles if r in rules.ROLE_AUTHORITY and rules.ROLE_AUTHORITY[r] != rules.BOARD
    ]
    return max(held, key=rules.AUTHORITY_ORDER.index) if held else None


def spending_check(*, partnership, actor, amount_ore: int, on: date, board_item=None) -> str:
    """Refuse a spending decision its recorder may not make; return the authority it rests on.

    `board_item` is the agenda item of a board (or joint) meeting that decided it; with one,
    the decision is the board's and any amount is allowed. Raises ValidationError whose
    message names who may decide.
    """
    limits = limits_for(partnership, on)
    amount = Decimal(amount_ore) / 100
    needed = rules.required_authority(amount, limits)
    if board_item is not None:
        meeting = board_item.meeting
        if getattr(meeting, "kind", None) not in BOARD_MEETING_KINDS or meeting.partnership_id != partnership.pk:
            raise ValidationError(
                _("The item referred to is not an item of this partnership's board meetings."), code="not_board_item"
            )
        return rules.BOARD
    held = authority_of(actor.roles if actor is not None else ())
    if held is not None and rules.may_decide(held, amount, limits):
        return held
    raise ValidationError(_who_may_decide_text(amount_ore, needed), code="no_authority")


def _who_may_decide_text(amount_ore: int, needed: str) -> str:
    return _("A spending decision of %(amount)s may be made by %(who)s.") % {
        "amount": format_kronor(int(amount_ore), unit=True),
        "who": AUTHORITY_HOLDERS[needed](),
    }


def who_may_decide(partnership, amount_ore: int, on: date) -> str:
    """The sentence that names who may decide `amount_ore` under the agreement in force on `on`."""
    needed = rules.required_authority(Decimal(amount_ore) / 100, limits_for(partnership, on))
    return _who_may_decide_text(amount_ore, needed)
