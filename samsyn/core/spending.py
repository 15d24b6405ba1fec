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
from .models import Agreement, Partnership, Period, SpendingAuthority

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
BOARD_MEETING_KINDS = agreement.BOARD_MEETING_KINDS
# A meeting's status once it has taken place (governance's Meeting.Status.HELD).
MEETING_HELD = "held"

CITATION_REFUSALS = {
    agreement.NOT_BOARD_ITEM: lambda: _("The item referred to is not an item of this partnership's board meetings."),
    agreement.MEETING_NOT_HELD: lambda: _(
        "The item referred to belongs to a meeting that has not been held. A spending decision can only refer "
        "to a board meeting that has taken place."
    ),
    agreement.MEETING_AFTER_DECISION: lambda: _(
        "The meeting referred to was held on %(meeting)s, after the decision date %(date)s. Refer to the board "
        "meeting where the decision was made."
    ),
    agreement.NO_DECISION_RECORDED: lambda: _(
        "No decision is recorded under the item referred to. Record the board's decision in the minutes first."
    ),
}


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
        citation = board_citation_of(board_item)
        problem = agreement.board_citation_problem(citation, partnership_id=partnership.pk, decided_on=on)
        if problem is not None:
            message = CITATION_REFUSALS[problem]() % {
                "meeting": f"{citation.meeting_date:%Y-%m-%d}",
                "date": f"{on:%Y-%m-%d}",
            }
            raise ValidationError(message, code=problem)
    roles = actor.roles if actor is not None else ()
    try:
        return agreement.spending_authority_check(
            roles, Decimal(amount_ore) / 100, limits, by_board=board_item is not None
        )
    except agreement.SpendingRefused as refused:
        raise ValidationError(_who_may_decide_text(amount_ore, refused.needed), code="no_authority") from None


def board_citation_of(item: Any) -> agreement.BoardCitation:
    """The citation an agenda item makes (governance's AgendaItem, named by its attributes only: core
    sits below governance): its meeting and how many decisions are recorded under it."""
    meeting = item.meeting
    return agreement.BoardCitation(
        meeting_kind=meeting.kind,
        partnership_id=meeting.partnership_id,
        meeting_held=meeting.status == MEETING_HELD,
        meeting_date=meeting.date,
        decisions_recorded=item.decisions.count(),
    )


def authority_label(authority: str) -> str:
    """Who a recorded spending decision rested on, in words; a decision whose authority was never
    recorded (taken before Samsyn, and its documents do not say) reads as unknown, not as approved."""
    if authority in SpendingAuthority.values:
        return str(SpendingAuthority(authority).label)
    return _("Decision authority unknown")


def _who_may_decide_text(amount_ore: int, needed: str) -> str:
    return AUTHORITY_HOLDERS[needed]() % {"amount": format_kronor(int(amount_ore), unit=True)}


def who_may_decide(partnership: Partnership, amount_ore: int, on: date) -> str:
    """The sentence that names who may decide `amount_ore` under the agreement in force on `on`."""
    needed = agreement.required_authority(Decimal(amount_ore) / 100, limits_for(partnership, on))
    return _who_may_decide_text(amount_ore, needed)
