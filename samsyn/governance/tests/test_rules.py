from decimal import Decimal

import pytest

from samsyn.governance.rules import SpendingLimits, may_decide, required_authority


@pytest.mark.parametrize(
    "amount,authority",
    [
        (0, "project_leader"),
        (49_999, "project_leader"),
        (50_000, "project_leader"),
        (Decimal("50000.01"), "process_leader"),
        (50_001, "process_leader"),
        (200_000, "process_leader"),
        (Decimal("200000.01"), "board"),
        (200_001, "board"),
        (1_200_000, "board"),
    ],
)
def test_required_authority(amount, authority):
    assert required_authority(amount) == authority


@pytest.mark.parametrize(
    "authority,amount,allowed",
    [
        ("project_leader", 50_000, True),
        ("project_leader", 50_001, False),
        ("process_leader", 10_000, True),
        ("process_leader", 200_000, True),
        ("process_leader", 200_001, False),
        ("board", 10, True),
        ("board", 10**9, True),
    ],
)
def test_higher_limits_may_decide_below(authority, amount, allowed):
    assert may_decide(authority, amount) is allowed


def test_limits_are_data():
    limits = SpendingLimits(project_leader=Decimal("10000"), process_leader=Decimal("100000"))
    assert required_authority(50_000, limits) == "process_leader"
    assert required_authority(150_000, limits) == "board"


def test_negative_amount_is_refused():
    with pytest.raises(ValueError):
        required_authority(-1)
