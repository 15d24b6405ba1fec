"""Spending authority (seed 002, appendix 1, 4.1 and 4.3; DOMAIN.md rule 3), limits as data."""

from dataclasses import dataclass
from decimal import Decimal

PROJECT_LEADER = "project_leader"
PROCESS_LEADER = "process_leader"
BOARD = "board"

# Lowest authority first: anyone with a higher limit may decide below it.
AUTHORITY_ORDER = (PROJECT_LEADER, PROCESS_LEADER, BOARD)


@dataclass(frozen=True)
class SpendingLimits:
    """Per agreement: up to `project_leader` kronor a project leader or the deputy process
    leader decides; up to `process_leader` the process leader; above, only the board."""

    project_leader: Decimal = Decimal("50000")
    process_leader: Decimal = Decimal("200000")


AGREEMENT_2022_2025 = SpendingLimits()

# Which roles carry which authority.
ROLE_AUTHORITY = {
    "project_leader": PROJECT_LEADER,
    "deputy_process_leader": PROJECT_LEADER,
    "process_leader": PROCESS_LEADER,
    "board": BOARD,
}


def required_authority(amount, limits: SpendingLimits = AGREEMENT_2022_2025) -> str:
    amount = Decimal(amount)
    if amount < 0:
        raise ValueError("a spending decision is not negative")
    if amount <= limits.project_leader:
        return PROJECT_LEADER
    if amount <= limits.process_leader:
        return PROCESS_LEADER
    return BOARD


def may_decide(authority: str, amount, limits: SpendingLimits = AGREEMENT_2022_2025) -> bool:
    """Whether someone holding `authority` may decide `amount`."""
    return AUTHORITY_ORDER.index(authority) >= AUTHORITY_ORDER.index(required_authority(amount, limits))
